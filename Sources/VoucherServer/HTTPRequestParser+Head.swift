import NIOCore
import VoucherAPI

/// The request head: request line and header fields (RFC 9112 §2–§5),
/// parsed strictly in one pass over the head's bytes once its end is seen.
extension HTTPRequestParser {
    /// Looks for the end of the head and parses it when found.
    mutating func parseHead(_ buffer: inout ByteBuffer, scanned: Int) -> Event {
        // The usual call after a burst's last request: nothing to look at.
        guard buffer.readableBytes > 0 else {
            state = .head(scanned: 0)
            return .needMoreData
        }
        // RFC 9112 §2.2: empty lines before a request line are ignored.
        while let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self), first == Self.lf || first == Self.cr {
            if first == Self.lf {
                buffer.moveReaderIndex(forwardBy: 1)
            } else if let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) {
                guard second == Self.lf else { return .failure(Self.bad("stray CR before the request line"), .other) }
                buffer.moveReaderIndex(forwardBy: 2)
            } else {
                return .needMoreData
            }
        }
        let limit = limits.maxHeadBytes
        let end = buffer.withUnsafeReadableBytes { Self.headEnd($0, from: max(0, scanned - 3)) }
        guard let end else {
            if buffer.readableBytes > limit { return .failure(Self.headTooLarge(limit), .other) }
            state = .head(scanned: buffer.readableBytes)
            return .needMoreData
        }
        guard end <= limit else { return .failure(Self.headTooLarge(limit), .other) }
        var head = HTTPRequestHead()
        let error = buffer.withUnsafeReadableBytes { bytes in
            Self.parse(UnsafeRawBufferPointer(rebasing: bytes[..<end]), into: &head, texts: &texts,
                       maxHeaderCount: limits.maxHeaderCount, maxBodyBytes: limits.maxBodyBytes)
        }
        if let error { return .failure(error, head.endpoint) }
        buffer.moveReaderIndex(forwardBy: end)
        return startBody(head, &buffer)
    }

    /// The offset just past the empty line that ends the head, or `nil`.
    static func headEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let count = bytes.count
        var i = lineFeed(bytes, from: start, to: count)
        while i < count {
            if i + 1 < count && bytes[i + 1] == lf { return i + 2 }
            if i + 2 < count && bytes[i + 1] == cr && bytes[i + 2] == lf { return i + 3 }
            i = lineFeed(bytes, from: i + 1, to: count)
        }
        return nil
    }

    /// Parses a complete head (it ends with an empty line) into `head`, and
    /// an unknown path or a content type other than JSON into `texts`;
    /// returns the error that makes it unacceptable, if any (`head.endpoint`
    /// is set as soon as the request line is read, for the metrics).
    static func parse(_ bytes: UnsafeRawBufferPointer, into head: inout HTTPRequestHead, texts: inout HeadTexts,
                      maxHeaderCount: Int, maxBodyBytes: Int) -> APIError? {
        let lineEnd = lineFeed(bytes, from: 0, to: bytes.count)  // the head ends with an empty line
        // Every line ends with CRLF: a bare LF is refused (RFC 9112 §2.2 lets a recipient
        // accept one; refusing it leaves no room for a front end that reads it otherwise).
        guard lineEnd > 0, bytes[lineEnd - 1] == cr else { return (bareLF) }
        let stop = lineEnd - 1

        // Request line: method SP request-target SP HTTP-version.
        var p = 0
        while p < stop && isTokenByte(bytes[p]) { p += 1 }
        guard p > 0, p < stop, bytes[p] == space else { return (bad("malformed request line")) }
        head.method = methodKind(bytes, 0, p)
        p += 1
        let targetStart = p
        while p < stop && bytes[p] > space && bytes[p] < 0x7F { p += 1 }
        guard p > targetStart, p < stop, bytes[p] == space else { return (bad("malformed request target")) }
        let targetEnd = p
        p += 1
        guard stop - p == 8, exactly(bytes, p, p + 5, "HTTP/"), isDigit(bytes[p + 5]), bytes[p + 6] == UInt8(ascii: "."),
              isDigit(bytes[p + 7]) else {
            return (bad("malformed HTTP version"))
        }
        let major = bytes[p + 5] - UInt8(ascii: "0"), minor = bytes[p + 7] - UInt8(ascii: "0")
        guard major == 1 else {
            return (APIError(status: 505, message: "HTTP/\(major).\(minor) is not supported; use HTTP/1.1"))
        }
        head.isHTTP10 = minor == 0
        guard route(bytes, targetStart, targetEnd, into: &head, path: &texts.path) else { return (bad("malformed request target")) }

        // Header fields.
        var fields = 0, hosts = 0
        var contentLength: Int? = nil
        var wantsClose = false, wantsKeepAlive = false
        var start = lineEnd + 1
        while true {
            let end = lineFeed(bytes, from: start, to: bytes.count)
            guard end > start, bytes[end - 1] == cr else { return (bareLF) }
            let stop = end - 1
            if stop == start { break }
            fields += 1
            guard fields <= maxHeaderCount else {
                return (APIError(status: 431, message: "the request has more than \(maxHeaderCount) header fields"))
            }
            guard bytes[start] != space && bytes[start] != tab else {
                return (bad("obsolete line folding in a header field"))
            }
            let colon = first(UInt8(ascii: ":"), in: bytes, from: start, to: stop)
            guard colon > start, colon < stop else { return (bad("malformed header field")) }
            // A known name, matched, is a token; any other is checked byte by byte.
            let name = KnownField(bytes, start, colon)
            if name == nil {
                for i in start ..< colon where !isTokenByte(bytes[i]) { return (bad("malformed header field")) }
            }
            var valueStart = colon + 1, valueEnd = stop
            while valueStart < valueEnd && (bytes[valueStart] == space || bytes[valueStart] == tab) { valueStart += 1 }
            while valueEnd > valueStart && (bytes[valueEnd - 1] == space || bytes[valueEnd - 1] == tab) { valueEnd -= 1 }
            guard isFieldValue(bytes, valueStart, valueEnd) else { return (bad("control character in a header field")) }

            switch name {
            case .host:
                hosts += 1
            case .expect:
                if matches(bytes, valueStart, valueEnd, "100-continue") { head.expectsContinue = true }
            case .connection:
                forEachToken(bytes, valueStart, valueEnd) { s, e in
                    if matches(bytes, s, e, "close") { wantsClose = true }
                    if matches(bytes, s, e, "keep-alive") { wantsKeepAlive = true }
                }
            case .contentType:
                head.contentType = contentType(bytes, valueStart, valueEnd)
                if head.contentType == .other {
                    texts.contentType = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart ..< valueEnd]),
                                               as: UTF8.self)
                }
            case .contentLength:
                guard let length = decimal(bytes, valueStart, valueEnd) else {
                    return (bad("Content-Length is not a number"))
                }
                // Even equal ones: a front end may have read the message otherwise (llhttp refuses them too).
                guard contentLength == nil else { return (bad("more than one Content-Length field")) }
                contentLength = length
            case .transferEncoding:
                guard matches(bytes, valueStart, valueEnd, "chunked"), !head.isChunked else {
                    let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart ..< valueEnd]), as: UTF8.self)
                    return (bad("Transfer-Encoding '\(value.prefix(64))' is not supported; use chunked or Content-Length"))
                }
                head.isChunked = true
            case nil:
                break
            }
            start = end + 1
        }

        if head.isChunked {
            guard contentLength == nil else { return (bad("both Content-Length and Transfer-Encoding")) }
            guard !head.isHTTP10 else { return (bad("Transfer-Encoding in an HTTP/1.0 request")) }
        }
        guard head.isHTTP10 ? hosts <= 1 : hosts == 1 else {
            return (bad(hosts == 0 ? "an HTTP/1.1 request needs a Host field" : "more than one Host field"))
        }
        let length = contentLength ?? 0
        guard length <= maxBodyBytes else { return (.payloadTooLarge(limit: maxBodyBytes)) }
        head.contentLength = length
        head.keepAlive = head.isHTTP10 ? wantsKeepAlive && !wantsClose : !wantsClose
        return nil
    }

    /// The header fields the server reads; names compared ignoring case.
    enum KnownField {
        case host, expect, connection, contentType, contentLength, transferEncoding

        /// The field named by bytes `start..<end`, if it is one of these.
        @inline(__always)
        init?(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) {
            switch end - start {
            case 4 where matches(bytes, start, end, "host"): self = .host
            case 6 where matches(bytes, start, end, "expect"): self = .expect
            case 10 where matches(bytes, start, end, "connection"): self = .connection
            case 12 where matches(bytes, start, end, "content-type"): self = .contentType
            case 14 where matches(bytes, start, end, "content-length"): self = .contentLength
            case 17 where matches(bytes, start, end, "transfer-encoding"): self = .transferEncoding
            default: return nil
            }
        }
    }

    /// A line of the head or of a chunked body that ends in LF without CR.
    static let bareLF = bad("a line ends in a bare LF; HTTP/1.1 lines end with CRLF")

    static func headTooLarge(_ limit: Int) -> APIError {
        APIError(status: 431, message: "the request head is larger than the limit of \(limit) bytes")
    }

    // MARK: - Pieces

    /// Sets the endpoint from a request target (origin form, absolute form
    /// or `*`), and `path` when it names none; the query is ignored. `false`
    /// when the target is malformed.
    private static func route(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int,
                              into head: inout HTTPRequestHead, path: inout String) -> Bool {
        var pathStart = start
        if bytes[start] != UInt8(ascii: "/") {
            if end - start == 1 && bytes[start] == UInt8(ascii: "*") {
                head.endpoint = .other
                path = "*"
                return true
            }
            let scheme = prefixLength(bytes, start, end, "http://") ?? prefixLength(bytes, start, end, "https://")
            guard let scheme else { return false }
            pathStart = start + scheme
            while pathStart < end && bytes[pathStart] != UInt8(ascii: "/") && bytes[pathStart] != UInt8(ascii: "?") {
                pathStart += 1
            }
        }
        var pathEnd = pathStart
        while pathEnd < end && bytes[pathEnd] != UInt8(ascii: "?") && bytes[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
        if exactly(bytes, pathStart, pathEnd, "/voucher") {
            head.endpoint = .voucher
            head.explain = pathEnd < end && bytes[pathEnd] == UInt8(ascii: "?") && HTTPRequestHead.asksExplain(bytes, pathEnd + 1, end)
        } else if exactly(bytes, pathStart, pathEnd, "/health") {
            head.endpoint = .health
        } else if exactly(bytes, pathStart, pathEnd, "/metrics") {
            head.endpoint = .metrics
        } else {
            head.endpoint = .other
            path = pathEnd > pathStart
                ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[pathStart ..< pathEnd]), as: UTF8.self) : "/"
        }
        return true
    }

    private static func methodKind(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> HTTPMethodKind {
        if exactly(bytes, start, end, "POST") { return .post }
        if exactly(bytes, start, end, "GET") { return .get }
        if exactly(bytes, start, end, "HEAD") { return .head }
        return .other
    }

    /// `application/json` or `application/…+json`, parameters ignored.
    private static func contentType(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> RequestContentType {
        var typeEnd = start
        while typeEnd < end && bytes[typeEnd] != UInt8(ascii: ";") { typeEnd += 1 }
        while typeEnd > start && (bytes[typeEnd - 1] == space || bytes[typeEnd - 1] == tab) { typeEnd -= 1 }
        if matches(bytes, start, typeEnd, "application/json") { return .json }
        if prefixLength(bytes, start, typeEnd, "application/") != nil && typeEnd - start > 17
            && matches(bytes, typeEnd - 5, typeEnd, "+json") {
            return .json
        }
        return .other
    }
}
