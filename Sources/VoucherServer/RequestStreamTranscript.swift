import NIOCore

/// What the server's request parser makes of a byte stream delivered in
/// given pieces, as a list of lines: one per request (its head and body)
/// and one for a failure, after which the parser stops (as the connection
/// would close). `100 Continue` prompts are left out: whether one is due
/// depends on whether the body arrived with the head, by design.
///
/// For the fuzz harness and tests, which check that the answer never depends
/// on how the bytes are split: the parser is fed exactly as
/// ``VoucherHTTPHandler`` feeds it (bytes appended to one buffer, every
/// complete step taken, a `Content-Length` body consumed by the caller).
/// Not for the request path: it allocates freely.
package struct RequestStreamTranscript: Sendable, Equatable, CustomStringConvertible {
    /// One line per event, in order.
    package var events: [String] = []

    /// The parser's limits, as ``ServerConfiguration`` names them.
    package struct Limits: Sendable {
        package var maxHeadBytes: Int
        package var maxHeaderCount: Int
        package var maxBodyBytes: Int

        package init(maxHeadBytes: Int, maxHeaderCount: Int, maxBodyBytes: Int) {
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
        }

        /// The server's defaults.
        package static var server: Limits {
            let configuration = ServerConfiguration()
            return Limits(maxHeadBytes: configuration.maxHeadBytes, maxHeaderCount: configuration.maxHeaderCount,
                          maxBodyBytes: configuration.maxBodyBytes)
        }
    }

    /// Feeds `stream` to a fresh parser in pieces that end at `cuts` (sorted
    /// offsets strictly inside the stream; the last piece ends at its end).
    package init(stream: [UInt8], cuts: [Int], limits: Limits) {
        var parser = HTTPRequestParser(limits: .init(maxHeadBytes: limits.maxHeadBytes,
                                                     maxHeaderCount: limits.maxHeaderCount,
                                                     maxBodyBytes: limits.maxBodyBytes))
        var buffer = ByteBufferAllocator().buffer(capacity: stream.count)
        var start = 0
        for end in cuts + [stream.count] where end > start {
            buffer.writeBytes(stream[start ..< end])
            start = end
            if !drain(&parser, &buffer) { return }
        }
    }

    /// Takes every complete step; `false` once the parser has failed.
    private mutating func drain(_ parser: inout HTTPRequestParser, _ buffer: inout ByteBuffer) -> Bool {
        while true {
            switch parser.next(&buffer) {
            case .needMoreData:
                return true
            case .sendContinue:
                continue
            case .request(let head, let body):
                var line = "request \(head.method) \(head.endpoint) http10=\(head.isHTTP10) keepAlive=\(head.keepAlive)"
                line += " contentLength=\(head.contentLength) chunked=\(head.isChunked) type=\(head.contentType)"
                line += " expect=\(head.expectsContinue) path=\(parser.texts.path.debugDescription)"
                line += " typeText=\(parser.texts.contentType.debugDescription) body="
                switch body {
                case .none:
                    line += "none"
                case .inBuffer(let length):
                    line += Self.hex(buffer.readableBytesView.prefix(length))
                    buffer.moveReaderIndex(forwardBy: length)
                case .decoded:
                    line += "chunked:" + Self.hex(parser.chunkedBody)
                }
                events.append(line)
            case .failure(let error, let endpoint):
                events.append("failure \(endpoint) \(error.status) \(error.message)")
                return false
            }
        }
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    package var description: String { events.joined(separator: "\n") }
}
