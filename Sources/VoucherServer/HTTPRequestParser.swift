import NIOCore
import VoucherAPI

/// A minimal, strict HTTP/1.1 request parser working in place on the
/// connection's `ByteBuffer`: the request line, the header fields the server
/// needs (`Content-Length`, `Transfer-Encoding`, `Content-Type`,
/// `Connection`, `Expect`, `Host`; names case-insensitive), and the body,
/// by `Content-Length` or chunked.
///
/// Limits are enforced as bytes arrive: a head over ``Limits/maxHeadBytes``
/// or with more than ``Limits/maxHeaderCount`` fields is `431`; a body over
/// ``Limits/maxBodyBytes`` is `413` (by `Content-Length` before reading it,
/// while decoding a chunked one); anything malformed is `400`; a major
/// version other than 1 is `505`. After a ``Event/failure(_:_:)`` the
/// connection must be closed: the parser does not resynchronise.
///
/// A `Content-Length` body is handed over in place (``Body/inBuffer(_:)``),
/// a chunked one decoded into ``chunkedBody``, whose storage is reused.
/// Parsing a request allocates nothing on the happy path.
///
/// Not thread-safe: one per connection, used on its event loop.
struct HTTPRequestParser {
    /// The limits the parser enforces.
    struct Limits: Sendable {
        var maxHeadBytes: Int
        var maxHeaderCount: Int
        var maxBodyBytes: Int
    }

    /// Where a complete request's body is.
    enum Body {
        /// No body.
        case none
        /// The next `n` readable bytes of the buffer; the caller consumes them.
        case inBuffer(Int)
        /// In ``HTTPRequestParser/chunkedBody``.
        case decoded
    }

    /// What ``next(_:)`` found.
    enum Event {
        /// The buffer holds no complete step; read more.
        case needMoreData
        /// The client asked `Expect: 100-continue` and waits: send `100 Continue`.
        case sendContinue
        /// A complete request.
        case request(HTTPRequestHead, body: Body)
        /// Malformed or over a limit: answer this error, then close. The
        /// endpoint is the request's when the request line was read, else `other`.
        case failure(APIError, Endpoint)
    }

    enum ChunkState {
        case size
        case data(remaining: Int)
        case dataEnd
        /// After the last chunk: `bytes` of trailer lines and `fields` fields read.
        case trailers(bytes: Int, fields: Int)
    }

    enum State {
        /// Looking for the end of a head; `scanned` bytes already searched.
        case head(scanned: Int)
        /// Waiting for a `Content-Length` body.
        case fixedBody(HTTPRequestHead)
        /// Decoding a chunked body.
        case chunked(HTTPRequestHead, ChunkState)
    }

    /// What only an error message needs of a head, kept out of
    /// ``HTTPRequestHead`` so that a head is a plain value.
    struct HeadTexts {
        /// The path when it names no endpoint (for the `404` message).
        var path = ""
        /// The `Content-Type` as sent when it is not JSON (for the `415` message).
        var contentType = ""
    }

    let limits: Limits
    var state: State = .head(scanned: 0)
    /// The texts of the latest head parsed: the request ``next(_:)`` returned
    /// last, until the next head is parsed.
    var texts = HeadTexts()
    /// The decoded body of the latest chunked request.
    private(set) var chunkedBody: [UInt8] = []

    init(limits: Limits) {
        self.limits = limits
        chunkedBody.reserveCapacity(1024)
    }

    /// Whether the parser is between requests (nothing of a request read).
    var isBetweenRequests: Bool {
        if case .head(scanned: 0) = state { return true }
        return false
    }

    /// Reads the next step from `buffer`, consuming what it used (a
    /// ``Body/inBuffer(_:)`` body is left for the caller to consume).
    mutating func next(_ buffer: inout ByteBuffer) -> Event {
        switch state {
        case .head(let scanned):
            return parseHead(&buffer, scanned: scanned)
        case .fixedBody(let head):
            if buffer.readableBytes >= head.contentLength {
                state = .head(scanned: 0)
                return .request(head, body: .inBuffer(head.contentLength))
            }
            return .needMoreData
        case .chunked(let head, let chunk):
            return decodeChunks(&buffer, head: head, chunk: chunk)
        }
    }

    /// The state after a head: where its body comes from.
    mutating func startBody(_ head: HTTPRequestHead, _ buffer: inout ByteBuffer) -> Event {
        if head.isChunked {
            chunkedBody.removeAll(keepingCapacity: true)
            state = .chunked(head, .size)
        } else if head.contentLength > 0 {
            state = .fixedBody(head)
        } else {
            state = .head(scanned: 0)
            return .request(head, body: .none)
        }
        // A client that waits for `100 Continue` has sent nothing of the body yet.
        if head.expectsContinue && !head.isHTTP10 && buffer.readableBytes == 0 { return .sendContinue }
        return next(&buffer)
    }

    // MARK: - Chunked bodies

    private mutating func decodeChunks(_ buffer: inout ByteBuffer, head: HTTPRequestHead, chunk: ChunkState) -> Event {
        var chunk = chunk
        while true {
            switch chunk {
            case .size:
                guard let line = Self.line(in: buffer, limit: Self.maxChunkLine) else {
                    // Too long only once the bytes that could end it have come: a line of
                    // `maxChunkLine` bytes may still get its CR and LF in later reads.
                    state = .chunked(head, chunk)
                    return buffer.readableBytes >= Self.maxChunkLine + 2
                        ? .failure(Self.bad("chunk size line is too long"), head.endpoint) : .needMoreData
                }
                guard line.crlf else { return .failure(Self.bareLF, head.endpoint) }
                let size: Int? = buffer.withUnsafeReadableBytes { Self.chunkSize(UnsafeRawBufferPointer(rebasing: $0[..<line.content])) }
                guard let size else { return .failure(Self.bad("malformed chunk size"), head.endpoint) }
                guard size <= limits.maxBodyBytes - chunkedBody.count else {
                    return .failure(.payloadTooLarge(limit: limits.maxBodyBytes), head.endpoint)
                }
                buffer.moveReaderIndex(forwardBy: line.next)
                chunk = size == 0 ? .trailers(bytes: 0, fields: 0) : .data(remaining: size)
            case .data(let remaining):
                let take = min(remaining, buffer.readableBytes)
                if take > 0 {
                    buffer.withUnsafeReadableBytes { chunkedBody.append(contentsOf: $0[..<take]) }
                    buffer.moveReaderIndex(forwardBy: take)
                }
                guard take == remaining else {
                    state = .chunked(head, .data(remaining: remaining - take))
                    return .needMoreData
                }
                chunk = .dataEnd
            case .dataEnd:
                guard let line = Self.line(in: buffer, limit: 0) else {
                    state = .chunked(head, chunk)
                    return buffer.readableBytes >= 2 ? .failure(Self.bad("chunk data is longer than its size"), head.endpoint) : .needMoreData
                }
                guard line.content == 0 else { return .failure(Self.bad("chunk data is longer than its size"), head.endpoint) }
                guard line.crlf else { return .failure(Self.bareLF, head.endpoint) }
                buffer.moveReaderIndex(forwardBy: line.next)
                chunk = .size
            case .trailers(let bytes, let fields):
                switch trailerLine(&buffer, bytes: bytes, fields: fields) {
                case .needMoreData:
                    state = .chunked(head, chunk)
                    return .needMoreData
                case .field(let length):
                    chunk = .trailers(bytes: bytes + length, fields: fields + 1)
                case .end:
                    state = .head(scanned: 0)
                    return .request(head, body: .decoded)
                case .failure(let error):
                    return .failure(error, head.endpoint)
                }
            }
        }
    }

    /// The first line of the readable bytes: its length without the line
    /// end, where the next line starts, and whether the line end is CRLF
    /// (else a bare LF); `nil` when no LF is within the first `limit + 2`
    /// bytes, or the line is longer than `limit`.
    static func line(in buffer: ByteBuffer, limit: Int) -> (content: Int, next: Int, crlf: Bool)? {
        buffer.withUnsafeReadableBytes { bytes in
            let end = min(bytes.count, max(0, limit) + 2)
            var i = 0
            while i < end {
                if bytes[i] == 0x0A {
                    let crlf = i > 0 && bytes[i - 1] == 0x0D
                    let content = crlf ? i - 1 : i
                    return content <= limit ? (content, i + 1, crlf) : nil
                }
                i += 1
            }
            return nil
        }
    }

    /// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1.1): hex digits, then
    /// nothing or extensions, `;name` or `;name=value` (a token or a quoted
    /// string), read and ignored; no white space anywhere. `nil` when
    /// malformed; sizes past `Int32.max` saturate (they are over any body limit).
    static func chunkSize(_ line: UnsafeRawBufferPointer) -> Int? {
        var size = 0
        var i = 0
        while i < line.count {
            let byte = line[i]
            let value: Int
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            default:
                return i > 0 && byte == UInt8(ascii: ";") && chunkExtensions(line, from: i) ? size : nil
            }
            size = min(size * 16 + value, Int(Int32.max))
            i += 1
        }
        return i > 0 ? size : nil
    }

    /// `*( ";" token [ "=" ( token / quoted-string ) ] )` from `start` to the end.
    static func chunkExtensions(_ line: UnsafeRawBufferPointer, from start: Int) -> Bool {
        var i = start
        func token() -> Bool {
            let first = i
            while i < line.count && isTokenByte(line[i]) { i += 1 }
            return i > first
        }
        while i < line.count {
            guard line[i] == UInt8(ascii: ";") else { return false }
            i += 1
            guard token() else { return false }
            guard i < line.count, line[i] == UInt8(ascii: "=") else { continue }
            i += 1
            if i < line.count && line[i] == UInt8(ascii: "\"") {
                i += 1
                var closed = false
                while i < line.count {
                    let byte = line[i]
                    if byte == UInt8(ascii: "\"") { closed = true; i += 1; break }
                    if byte == UInt8(ascii: "\\") {
                        // quoted-pair: HTAB, SP, VCHAR, obs-text
                        guard i + 1 < line.count, line[i + 1] == tab || (line[i + 1] >= space && line[i + 1] != 0x7F) else {
                            return false
                        }
                        i += 2
                        continue
                    }
                    // qdtext: HTAB, SP, VCHAR but `"` and `\`, obs-text
                    guard byte == tab || (byte >= space && byte != 0x7F) else { return false }
                    i += 1
                }
                guard closed else { return false }
            } else {
                guard token() else { return false }
            }
        }
        return true
    }

    /// A `400` naming what is wrong with the request's framing.
    static func bad(_ message: String) -> APIError {
        APIError(status: 400, message: "malformed HTTP request: \(message)")
    }
}
