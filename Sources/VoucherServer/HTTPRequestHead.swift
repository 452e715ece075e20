/// The methods the server tells apart; every other method is `other`.
enum HTTPMethodKind: Sendable {
    case get, head, post, other
}

/// A request's `Content-Type`, as far as the server cares.
enum RequestContentType: Sendable, Equatable {
    /// No `Content-Type` field. Accepted as JSON (see ``VoucherHTTPHandler``).
    case missing
    /// `application/json` or `application/<anything>+json`, any parameters.
    case json
    /// Anything else (as sent in ``HTTPRequestParser/HeadTexts/contentType``, for the `415` message).
    case other
}

/// What the parser read from a request's head: the request line and the
/// header fields the server acts on. Other fields are checked for syntax
/// and skipped.
///
/// A plain value (no reference in it: copying one copies bytes only), made
/// and used on one event loop. The two texts only an error message needs,
/// an unknown path and a content type other than JSON, are in the parser's
/// ``HTTPRequestParser/texts``.
struct HTTPRequestHead: Sendable {
    /// The method.
    var method: HTTPMethodKind = .other
    /// The endpoint the path names (the query string is ignored).
    var endpoint: Endpoint = .other
    /// `HTTP/1.0` (else 1.1 semantics).
    var isHTTP10 = false
    /// Whether the connection stays open after the answer: HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    var keepAlive = true
    /// The body's length from `Content-Length` (0 when absent).
    var contentLength = 0
    /// `Transfer-Encoding: chunked`.
    var isChunked = false
    /// The `Content-Type`.
    var contentType: RequestContentType = .missing
    /// `Expect: 100-continue`.
    var expectsContinue = false
    /// `POST /voucher?explain=true`: answer with how the amount was found.
    var explain = false

    /// Whether a query (the bytes after `?`, up to `#` or the end) has the
    /// parameter `explain=true` (parameters separated by `&`).
    static func asksExplain(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        var position = start
        while position < end && bytes[position] != UInt8(ascii: "#") {
            var parameterEnd = position
            while parameterEnd < end && bytes[parameterEnd] != UInt8(ascii: "&") && bytes[parameterEnd] != UInt8(ascii: "#") {
                parameterEnd += 1
            }
            if HTTPRequestParser.exactly(bytes, position, parameterEnd, "explain=true") { return true }
            position = parameterEnd < end && bytes[parameterEnd] == UInt8(ascii: "&") ? parameterEnd + 1 : end
        }
        return false
    }
}
