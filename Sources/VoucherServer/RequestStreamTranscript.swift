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
    /// A request as read: the head's fields, the texts kept for messages, and the body.
    struct Request: Sendable, Equatable {
        var method: HTTPMethodKind
        var endpoint: Endpoint
        var isHTTP10: Bool
        var keepAlive: Bool
        var contentLength: Int
        var isChunked: Bool
        var contentType: RequestContentType
        var expectsContinue: Bool
        var path: String
        var contentTypeText: String
        /// `nil` without a body.
        var body: [UInt8]?
    }

    /// What the parser found.
    enum Event: Sendable, Equatable {
        case request(Request)
        case failure(status: Int, message: String, endpoint: Endpoint)
    }

    /// The events, in order.
    private(set) var events: [Event] = []

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
                var request = Request(method: head.method, endpoint: head.endpoint, isHTTP10: head.isHTTP10,
                                      keepAlive: head.keepAlive, contentLength: head.contentLength,
                                      isChunked: head.isChunked, contentType: head.contentType,
                                      expectsContinue: head.expectsContinue, path: parser.texts.path,
                                      contentTypeText: parser.texts.contentType, body: nil)
                switch body {
                case .none:
                    break
                case .inBuffer(let length):
                    request.body = Array(buffer.readableBytesView.prefix(length))
                    buffer.moveReaderIndex(forwardBy: length)
                case .decoded:
                    request.body = parser.chunkedBody
                }
                events.append(.request(request))
            case .failure(let error, let endpoint):
                events.append(.failure(status: error.status, message: error.message, endpoint: endpoint))
                return false
            }
        }
    }

    /// One event a line (for a failed check's message; slow).
    package var description: String {
        events.map { event in
            switch event {
            case .request(var request):
                let body = request.body.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "none"
                request.body = nil
                return "\(request) body: \(body)"
            case .failure(let status, let message, let endpoint):
                return "failure \(status) \(message) (\(endpoint))"
            }
        }.joined(separator: "\n")
    }
}
