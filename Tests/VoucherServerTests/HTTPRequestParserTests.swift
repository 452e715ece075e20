import NIOCore
import Testing
import VoucherTestSupport
@testable import VoucherServer

/// The request parser on bytes in memory: what it accepts, what it refuses
/// and with which status, and that the input may arrive in any pieces.
@Suite struct HTTPRequestParserTests {
    static let limits = HTTPRequestParser.Limits(maxHeadBytes: 1024, maxHeaderCount: 8, maxBodyBytes: 64)

    /// Feeds `text` in pieces of `piece` bytes; returns the heads, bodies
    /// and head texts parsed, or the first failure's status.
    static func parse(_ text: String, piece: Int = Int.max)
        -> (requests: [(HTTPRequestHead, String, HTTPRequestParser.HeadTexts)], failure: Int?) {
        var parser = HTTPRequestParser(limits: limits)
        var buffer = ByteBuffer()
        var requests: [(HTTPRequestHead, String, HTTPRequestParser.HeadTexts)] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            buffer.writeBytes(bytes[start ..< min(bytes.count, start + piece)])
            start += piece
            loop: while true {
                switch parser.next(&buffer) {
                case .needMoreData: break loop
                case .sendContinue: continue
                case .failure(let error, _): return (requests, error.status)
                case .request(let head, let body):
                    switch body {
                    case .none: requests.append((head, "", parser.texts))
                    case .inBuffer(let n):
                        requests.append((head, buffer.readString(length: n) ?? "?", parser.texts))
                    case .decoded: requests.append((head, String(decoding: parser.chunkedBody, as: UTF8.self), parser.texts))
                    }
                }
            }
        }
        return (requests, nil)
    }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func acceptsRequestsInAnyPieces(piece: Int) {
        let text = "\r\nPOST /voucher?debug=1 HTTP/1.1\r\nhOsT: x\r\ncontent-TYPE: application/json\r\n"
            + "Content-Length: 7\r\n\r\n{\"a\":1}"
            + "GET http://example.com/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            + "POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: 1\r\n\r\n"
            + "HEAD /nowhere HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        let (requests, failure) = Self.parse(text, piece: piece)
        #expect(failure == nil)
        #expect(requests.count == 4)
        guard requests.count == 4 else { return }
        #expect(requests[0].0.endpoint == .voucher && requests[0].0.method == .post)
        #expect(requests[0].0.contentType == .json && requests[0].1 == #"{"a":1}"#)
        #expect(requests[1].0.endpoint == .health && requests[1].0.method == .get && !requests[1].0.keepAlive)
        #expect(requests[2].0.endpoint == .metrics && requests[2].0.isChunked && requests[2].1 == "abcde")
        #expect(requests[3].0.endpoint == .other && requests[3].2.path == "/nowhere" && requests[3].0.method == .head)
        #expect(requests[3].0.isHTTP10 && requests[3].0.keepAlive)
    }

    /// `isTokenByte`'s two masks are RFC 9110's `tchar`, byte for byte.
    @Test func tokenBytesAreRFC9110Tchar() {
        let punctuation = Set("!#$%&'*+-.^_`|~".utf8)
        for byte in UInt8.min ... UInt8.max {
            let letterOrDigit = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            #expect(HTTPRequestParser.isTokenByte(byte) == (letterOrDigit || punctuation.contains(byte)), "byte \(byte)")
        }
    }

    /// The parser finds line ends and checks header values eight bytes at a
    /// time: a control character or an LF is seen at every offset.
    @Test func lineEndsAndControlCharactersAtEveryOffset() {
        for offset in 0 ..< 20 {
            let padding = String(repeating: "v", count: offset)
            let good = "POST /voucher HTTP/1.1\r\nHost: x\r\nX-Pad: \(padding)\tz\r\nContent-Length: 2\r\n\r\n{}"
            let (requests, failure) = Self.parse(good)
            #expect(failure == nil && requests.count == 1, "tab at \(offset)")
            let control = "POST /voucher HTTP/1.1\r\nHost: x\r\nX-Pad: \(padding)\u{1}z\r\n\r\n"
            #expect(Self.parse(control).failure == 400, "control character at \(offset)")
            let del = "POST /voucher HTTP/1.1\r\nHost: x\r\nX-Pad: \(padding)\u{7F}\r\n\r\n"
            #expect(Self.parse(del).failure == 400, "DEL at \(offset)")
            let bareLF = "POST /voucher HTTP/1.1\r\nHost: x\r\nX-Pad: \(padding)\n\r\n"
            #expect(Self.parse(bareLF).failure == 400, "a bare LF after padding \(offset)")
        }
    }

    /// The word-at-a-time searches agree with a byte-by-byte reading for
    /// every byte value at every position of lines of 0 to 24 bytes.
    @Test func byteSearchesAgreeWithByteByByte() {
        func plainValue(_ byte: UInt8) -> Bool { !((byte < 0x20 && byte != 0x09) || byte == 0x7F) }
        for length in 0 ... 24 {
            for position in 0 ..< max(length, 1) {
                for value in UInt8.min ... UInt8.max {
                    var line = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                    if position < length { line[position] = value }
                    line.withUnsafeBytes { bytes in
                        for target in [UInt8(ascii: ":"), HTTPRequestParser.lf] {
                            let expected = line.firstIndex(of: target) ?? length
                            #expect(HTTPRequestParser.first(target, in: bytes, from: 0, to: length) == expected)
                        }
                        #expect(HTTPRequestParser.isFieldValue(bytes, 0, length) == line.allSatisfy(plainValue),
                                "byte \(value) at \(position) of \(length)")
                    }
                }
            }
        }
    }

    /// Case folding eight bytes at a time changes `A`…`Z` and nothing else,
    /// whatever the other bytes; `matches` ignores case and nothing more.
    @Test func caseFoldingAgreesWithByteByByte() {
        var random = SplitMix(seed: 11)
        for position in 0 ..< 8 {
            for value in UInt8.min ... UInt8.max {
                var bytes = (0 ..< 8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes[position] = value
                let folded = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(HTTPRequestParser.lowercased(word) == folded.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }, "\(bytes)")
            }
        }
        func matches(_ text: [UInt8], _ literal: StaticString) -> Bool {
            text.withUnsafeBytes { HTTPRequestParser.matches($0, 0, text.count, literal) }
        }
        #expect(matches(Array("CONTENT-Length".utf8), "content-length"))
        #expect(matches(Array("Transfer-ENCODING".utf8), "transfer-encoding"))
        #expect(matches(Array("HOST".utf8), "host"))
        let name = Array("transfer-encoding".utf8)
        for position in name.indices {
            for value in UInt8.min ... UInt8.max where value != name[position] && value != name[position] & ~0x20 {
                var changed = name
                changed[position] = value
                // Only the upper-case form of a letter may stand in for it.
                #expect(!matches(changed, "transfer-encoding") || (value | 0x20 == name[position] && value >= 0x41 && value <= 0x5A),
                        "byte \(value) at \(position)")
            }
        }
    }

    /// A header name must be a token, known or not, wherever the bad byte is.
    @Test func headerNamesAreTokensAtEveryOffset() {
        for name in ["X-Some-Long-Field-Name", "Content-Length", "Host"] {
            let good = "GET /health HTTP/1.1\r\nHost: x\r\n\(name == "Host" ? "" : name + ": 0\r\n")\r\n"
            #expect(Self.parse(good).failure == nil, "\(name)")
            for offset in 0 ..< name.utf8.count {
                for bad in [UInt8(ascii: " "), UInt8(ascii: "("), 0x01, 0x80] {
                    var bytes = Array(name.utf8)
                    bytes[offset] = bad
                    let text = "GET /health HTTP/1.1\r\nHost: x\r\n" + String(decoding: bytes, as: UTF8.self) + ": 0\r\n\r\n"
                    #expect(Self.parse(text).failure == 400, "byte \(bad) at \(offset) of \(name)")
                }
            }
        }
    }

    /// Each malformed or oversized input and the status it gets.
    @Test(arguments: [
        ("GET /health\r\n\r\n", 400),
        ("GET  /health HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /health HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
        ("GET /health HTTP/1.10\r\nHost: x\r\n\r\n", 400),
        ("GET /health HTTPS/1.1\r\nHost: x\r\n\r\n", 400),
        ("G(T /health HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET health HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /he\u{7F}lth HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /health HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        ("GET /health HTTP/1.1\r\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\r\nX: a\u{01}b\r\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 400),
        ("GET /health HTTP/1.1\nHost: x\r\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\n\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\r\n\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\n0\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2 \r\n{}\r\n0\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;\r\n{}\r\n0\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;a=\"b\r\n{}\r\n0\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2;a b\r\n{}\r\n0\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n", 413),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 413),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400),
        ("POST /voucher HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", 400),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n41\r\n", 413),
        ("POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + String(repeating: "a", count: 32)
            + "\r\n21\r\n", 413),
        ("GET /health HTTP/1.1\r\nHost: x\r\n" + (0 ..< 9).map { "X-\($0): 1\r\n" }.joined() + "\r\n", 431),
        ("GET /health HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 1100) + "\r\n\r\n", 431),
        ("GET /health HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 1100), 431),
    ])
    func refusesMalformedInput(text: String, status: Int) {
        #expect(Self.parse(text).failure == status)
        #expect(Self.parse(text, piece: 5).failure == status)
    }

    /// The trailer section: lines with the header fields' grammar, refused
    /// (400, or 431 over the head's limits) when they break it; a request
    /// line after the last chunk is not a trailer. Whole and byte by byte.
    @Test(arguments: [
        ("X-Sum: abc\r\nX-Empty:\r\nHost: y\r\n", nil),
        ("NoColon\r\n", 400),
        ("GET /health HTTP/1.1\r\nHost: x\r\n", 400),
        ("X: a\u{0}b\r\n", 400),
        ("X: a\rb\r\n", 400),
        ("X: a\r\n b\r\n", 400),
        ("X : a\r\n", 400),
        (": a\r\n", 400),
        ("X: a\n", 400),
        ("X: a\u{7F}\r\n", 400),
        ("Content-Length: 0\r\n", 400),
        ("Transfer-Encoding: chunked\r\n", 400),
        ("Connection: close\r\n", 400),
        ((0 ..< 9).map { "X-\($0): v\r\n" }.joined(), 431),
        ("X: " + String(repeating: "v", count: 1100) + "\r\n", 431),
    ] as [(String, Int?)])
    func trailers(trailers: String, status: Int?) {
        let text = "POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n" + trailers
            + "\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        for piece in [Int.max, 1] {
            let (requests, failure) = Self.parse(text, piece: piece)
            #expect(failure == status, "\(trailers.debugDescription) in pieces of \(piece)")
            if status == nil { #expect(requests.count == 2 && requests.first?.1 == "{}") }
        }
    }

    /// The trailer section may take the head's byte limit exactly, its last
    /// empty line included, however its bytes arrive; one byte more is 431.
    @Test func trailerSectionLimitIsExact() {
        let limit = Self.limits.maxHeadBytes
        for extra in [0, 1] {
            let field = "X: " + String(repeating: "v", count: limit - 7 + extra) + "\r\n"  // with the final CRLF: limit + extra
            let text = "POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + field + "\r\n"
            for piece in [Int.max, 1, 7] {
                #expect(Self.parse(text, piece: piece).failure == (extra == 0 ? nil : 431), "extra \(extra), pieces of \(piece)")
            }
        }
    }

    /// Acceptance: a chunk-size line of exactly the limit (1024 bytes) is
    /// read the same whether its CR and LF come together or apart; one byte
    /// longer is refused either way.
    @Test(arguments: [1024, 1025])
    func chunkSizeLineAtTheLimit(length: Int) {
        let line = "2;a=" + String(repeating: "b", count: length - 4)
        let head = "POST /voucher HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        let bytes = Array((head + line + "\r\n{}\r\n0\r\n\r\n").utf8)
        let cr = head.utf8.count + line.utf8.count
        let expected: Int? = length <= 1024 ? nil : 400
        for cuts in [[], [cr + 1], [cr], [head.utf8.count + 1000, cr + 1]] {
            let run = OurParserRun(bytes, cuts: cuts)
            if let expected {
                #expect(run.ending.refusal(contains: "\(expected)"), "cut at \(cuts)")
            } else {
                #expect(run.ending == .complete && run.requests.first?.parsed.body == Array("{}".utf8), "cut at \(cuts)")
            }
        }
    }

    @Test func contentTypes() {
        let cases: [(String, RequestContentType)] = [
            ("application/json", .json), ("APPLICATION/JSON ; charset=utf-8", .json),
            ("application/problem+json", .json), ("text/plain", .other),
            ("application/jsonx", .other), ("", .other),
        ]
        for (value, expected) in cases {
            let (requests, _) = Self.parse("GET /health HTTP/1.1\r\nHost: x\r\nContent-Type: \(value)\r\n\r\n")
            #expect(requests.first?.0.contentType == expected, "\(value)")
            if expected == .other { #expect(requests.first?.2.contentType == value) }
        }
        #expect(Self.parse("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").requests.first?.0.contentType == .missing)
    }

    @Test func expectContinueAsksForTheBody() {
        var parser = HTTPRequestParser(limits: Self.limits)
        var buffer = ByteBuffer(string: "POST /voucher HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        guard case .sendContinue = parser.next(&buffer) else {
            Issue.record("expected sendContinue")
            return
        }
        guard case .needMoreData = parser.next(&buffer) else {
            Issue.record("expected needMoreData")
            return
        }
        buffer.writeString("{}")
        guard case .request(_, .inBuffer(2)) = parser.next(&buffer) else {
            Issue.record("expected the request")
            return
        }
    }
}
