import NIOCore
@testable import VoucherServer

/// The server's parser over a byte stream, as the handler drives it: the
/// stream fed in the pieces given, every request read until the first
/// failure or the first request that closes the connection. Each request's
/// text fields are read back from its head's bytes (the parser keeps only
/// what the server acts on), with where they are, for the differential
/// test's rewrites.
struct OurParserRun {
    /// A request as read, with where its parts are in the stream.
    struct Request {
        var parsed: ParsedStream.Request
        var head: HTTPRequestHead
        /// The request line's first byte, and the byte after the request.
        var start: Int, end: Int
        var method: Range<Int>, target: Range<Int>, version: Range<Int>
        /// Each header field's name and value (without its line end; white space included).
        var fields: [(name: Range<Int>, value: Range<Int>)]
    }

    /// The limits `voucher serve` runs with.
    static let limits: HTTPRequestParser.Limits = {
        let configuration = ServerConfiguration()
        return .init(maxHeadBytes: configuration.maxHeadBytes, maxHeaderCount: configuration.maxHeaderCount,
                     maxBodyBytes: configuration.maxBodyBytes)
    }()

    let bytes: [UInt8]
    private(set) var requests: [Request] = []
    private(set) var ending = ParsedStream.Ending.incomplete

    var stream: ParsedStream { ParsedStream(requests: requests.map(\.parsed), ending: ending) }

    /// Parses `bytes` fed in pieces that end at `cuts` (ascending offsets) and at the end.
    init(_ bytes: [UInt8], cuts: [Int] = []) {
        self.bytes = bytes
        var parser = HTTPRequestParser(limits: Self.limits)
        var buffer = ByteBuffer()
        var written = 0
        var requestStart = 0
        feeding: for cut in cuts + [bytes.count] where cut > written && cut <= bytes.count {
            buffer.writeBytes(bytes[written ..< cut])
            written = cut
            while true {
                if parser.isBetweenRequests { requestStart = written - buffer.readableBytes }
                switch parser.next(&buffer) {
                case .needMoreData:
                    continue feeding
                case .sendContinue:
                    continue
                case .failure(let error, _):
                    ending = .refused("\(error.status) \(error.message)")
                    return
                case .request(let head, let body):
                    var content: [UInt8] = []
                    switch body {
                    case .none: break
                    case .inBuffer(let length): content = buffer.readBytes(length: length) ?? []
                    case .decoded: content = parser.chunkedBody
                    }
                    requests.append(Self.request(bytes, from: requestStart, to: written - buffer.readableBytes,
                                                 head: head, body: content))
                    if !head.keepAlive {
                        ending = .stopped("the connection closes after this request")
                        return
                    }
                }
            }
        }
        ending = parser.isBetweenRequests && buffer.readableBytes == 0 ? .complete : .incomplete
    }

    /// Reads the text of a head the parser accepted (so: CRLF lines, a
    /// request line of three parts, `name:value` fields) from `start` on.
    private static func request(_ bytes: [UInt8], from start: Int, to end: Int, head: HTTPRequestHead,
                                body: [UInt8]) -> Request {
        var p = start
        while bytes[p] == 0x0D || bytes[p] == 0x0A { p += 1 }  // empty lines before the request line
        let lineStart = p
        func lineEnd(from i: Int) -> Int {
            var j = i
            while !(bytes[j] == 0x0D && bytes[j + 1] == 0x0A) { j += 1 }
            return j
        }
        let requestLineEnd = lineEnd(from: p)
        let firstSpace = bytes[p ..< requestLineEnd].firstIndex(of: 0x20)!
        let secondSpace = bytes[(firstSpace + 1) ..< requestLineEnd].firstIndex(of: 0x20)!
        let method = p ..< firstSpace, target = (firstSpace + 1) ..< secondSpace
        let version = (secondSpace + 1) ..< requestLineEnd
        var fields: [(name: Range<Int>, value: Range<Int>)] = []
        p = requestLineEnd + 2
        while !(bytes[p] == 0x0D && bytes[p + 1] == 0x0A) {
            let e = lineEnd(from: p)
            let colon = bytes[p ..< e].firstIndex(of: UInt8(ascii: ":"))!
            fields.append((p ..< colon, (colon + 1) ..< e))
            p = e + 2
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        let parsed = ParsedStream.Request(
            method: text(method), target: text(target), version: String(text(version).dropFirst(5)),
            headers: fields.map {
                ParsedStream.Field(name: text($0.name), value: String(decoding: ParsedStream.trimmed(bytes[$0.value]), as: UTF8.self))
            },
            body: body, keepAlive: head.keepAlive)
        return Request(parsed: parsed, head: head, start: lineStart, end: end, method: method, target: target,
                       version: version, fields: fields)
    }
}
