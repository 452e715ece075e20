/// An error answer of the voucher service: an HTTP status and a message
/// naming what is wrong (behaviour §5).
///
/// Every error body the server and `voucher lookup` produce comes from here,
/// so they all have the same shape: `{"error": "<message>"}`.
///
/// Values are immutable and `Sendable`.
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status: 400, 404, 405, 413, 415, 422 or 500.
    public let status: Int
    /// What is wrong, naming the field (plain text, not yet JSON-escaped).
    public let message: String

    /// An error with any status and message.
    ///
    /// - Parameters:
    ///   - status: the HTTP status to answer with.
    ///   - message: the text of the body's `error` field.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// `"<status>: <message>"`, for logs and the command line.
    public var description: String { "\(status): \(message)" }

    /// The response body, `{"error": "<message>"}`, as UTF-8 with the
    /// message escaped per RFC 8259.
    public var jsonBody: [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(message.utf8.count + 16)
        writeJSONBody(into: &body)
        return body
    }

    /// Appends ``jsonBody`` to `buffer` without clearing it first.
    ///
    /// - Parameter buffer: where the body goes; reusing one buffer avoids an
    ///   allocation per answer.
    public func writeJSONBody(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"error": ""#.utf8)
        Self.appendEscaped(message, to: &buffer)
        buffer.append(contentsOf: #""}"#.utf8)
    }

    // MARK: - Errors the HTTP server raises itself

    /// `405`: a method other than `POST` on `/voucher`. The server should also send `Allow: POST`.
    public static let methodNotAllowed = APIError(status: 405, message: "method not allowed on /voucher; use POST")

    /// `413`: a body over the server's limit.
    ///
    /// - Parameter limit: the limit in bytes.
    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(status: 413, message: "body is larger than the limit of \(limit) bytes")
    }

    /// `415`: a content type other than JSON.
    ///
    /// - Parameter got: the request's `Content-Type`, or `nil` when it had none.
    public static func unsupportedMediaType(got: String?) -> APIError {
        guard let got else {
            return APIError(status: 415, message: "Content-Type is missing; send application/json")
        }
        return APIError(status: 415, message: "Content-Type '\(quoted(got))' is not supported; send application/json")
    }

    /// `404`: a path the server does not serve.
    ///
    /// - Parameter path: the request's path.
    public static func notFound(path: String) -> APIError {
        APIError(status: 404, message: "no such path '\(quoted(path))'; the service answers POST /voucher")
    }

    /// `500`: something unexpected; the server logs the cause and answers this.
    public static let internalError = APIError(status: 500, message: "internal error")

    // MARK: - Implementation

    /// At most this many characters of a client's value are echoed in a message.
    static let echoLimit = 64

    /// A client-supplied value, cut to ``echoLimit`` characters, for quoting in a message.
    static func quoted(_ value: some StringProtocol) -> String {
        value.count <= echoLimit ? String(value) : String(value.prefix(echoLimit)) + "…"
    }

    /// Appends `text` as the inside of a JSON string: `"` and `\` escaped,
    /// control characters as `\n`, `\t`, … or `\u00XX`; everything else as
    /// UTF-8. The server's other JSON (`/health`) escapes with it too.
    package static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        for byte in text.utf8 {
            switch byte {
            case 0x22: buffer.append(contentsOf: [0x5C, 0x22])  // \"
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])  // \\
            case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])  // \n
            case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])  // \r
            case 0x09: buffer.append(contentsOf: [0x5C, 0x74])  // \t
            case 0x08: buffer.append(contentsOf: [0x5C, 0x62])  // \b
            case 0x0C: buffer.append(contentsOf: [0x5C, 0x66])  // \f
            case 0x00 ..< 0x20:
                hex.withUTF8Buffer { digits in
                    buffer.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
                }
            default: buffer.append(byte)
            }
        }
    }
}
