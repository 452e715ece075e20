import NIOCore
import VoucherAPI

/// The trailer section of a chunked body (RFC 9112 §7.1.2): field lines
/// with the header fields' grammar (RFC 9110 §5.5), checked as strictly as
/// the head's and bounded by the head's limits, then dropped (the server
/// acts on none of them).
extension HTTPRequestParser {
    /// What ``trailerLine(_:bytes:fields:)`` found.
    enum TrailerStep {
        /// No whole line yet.
        case needMoreData
        /// A valid field line of this many bytes (line end included), consumed.
        case field(Int)
        /// The empty line that ends the section, consumed.
        case end
        /// A malformed line, or the section is over a limit.
        case failure(APIError)
    }

    /// The longest chunk-size line, extensions included, without its line end.
    static let maxChunkLine = 1024

    /// Reads one line of the trailer section, after `bytes` bytes and
    /// `fields` field lines of it. The section, its line ends and the final
    /// empty line included, may take ``Limits/maxHeadBytes`` (else `431`) and
    /// hold ``Limits/maxHeaderCount`` fields (else `431`). Whether a line is
    /// refused depends only on its own bytes, never on how they arrived.
    func trailerLine(_ buffer: inout ByteBuffer, bytes: Int, fields: Int) -> TrailerStep {
        let room = limits.maxHeadBytes - bytes
        let (step, length) = buffer.withUnsafeReadableBytes { raw -> (TrailerStep, Int) in
            let window = min(raw.count, room)
            let lf = Self.lineFeed(raw, from: 0, to: window)
            guard lf < window else {
                return (raw.count >= room ? .failure(Self.trailersTooLarge(limits.maxHeadBytes)) : .needMoreData, 0)
            }
            guard lf > 0, raw[lf - 1] == Self.cr else { return (.failure(Self.bareLF), 0) }
            let stop = lf - 1
            if stop == 0 { return (.end, lf + 1) }
            guard fields < limits.maxHeaderCount else {
                return (.failure(APIError(status: 431, message:
                    "the trailer section has more than \(limits.maxHeaderCount) fields")), 0)
            }
            if let error = Self.trailerFieldError(raw, 0, stop) { return (.failure(error), 0) }
            return (.field(lf + 1), lf + 1)
        }
        buffer.moveReaderIndex(forwardBy: length)
        return step
    }

    /// Why the field line `start..<end` (its line end excluded) is not
    /// `field-name ":" OWS field-value OWS`, if it is not: a leading space
    /// or tab (obsolete line folding), no colon, a name that is empty or not
    /// a token, a control character (a NUL, a CR) in the value; or a field
    /// that must not be a trailer (`Content-Length`, `Transfer-Encoding`,
    /// `Connection`).
    static func trailerFieldError(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> APIError? {
        guard bytes[start] != space && bytes[start] != tab else {
            return bad("obsolete line folding in a trailer field")
        }
        let colon = first(UInt8(ascii: ":"), in: bytes, from: start, to: end)
        guard colon > start, colon < end else { return bad("malformed trailer field (no name and colon)") }
        switch KnownField(bytes, start, colon) {
        case .contentLength?, .transferEncoding?, .connection?:
            // Framing and connection fields belong in the head (RFC 9110 §6.5.1); llhttp refuses the first two.
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start ..< colon]), as: UTF8.self)
            return bad("\(name) is not allowed in the trailer section")
        case .host?, .expect?, .contentType?:
            break
        case nil:
            for i in start ..< colon where !isTokenByte(bytes[i]) { return bad("malformed trailer field name") }
        }
        var valueStart = colon + 1, valueEnd = end
        while valueStart < valueEnd && (bytes[valueStart] == space || bytes[valueStart] == tab) { valueStart += 1 }
        while valueEnd > valueStart && (bytes[valueEnd - 1] == space || bytes[valueEnd - 1] == tab) { valueEnd -= 1 }
        guard isFieldValue(bytes, valueStart, valueEnd) else { return bad("control character in a trailer field") }
        return nil
    }

    static func trailersTooLarge(_ limit: Int) -> APIError {
        APIError(status: 431, message: "the trailer section is larger than the limit of \(limit) bytes")
    }
}
