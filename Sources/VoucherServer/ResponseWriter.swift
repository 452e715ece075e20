import NIOCore

/// Writes whole HTTP/1.1 responses into a connection's outgoing buffer from
/// precomputed pieces: the status line, `Content-Type`, `Content-Length`,
/// the event loop's cached `Date`, `Connection` and `Allow` when needed,
/// then the body.
///
/// Every response carries a `Content-Length` (never chunked). Writing into a
/// buffer with enough capacity allocates nothing. Stateless; safe from any
/// thread.
enum ResponseWriter {
    /// The body's media type.
    enum ContentType {
        case json
        case prometheus
    }

    /// What the `Connection` field says.
    enum Connection {
        /// Nothing: HTTP/1.1's default, the connection stays open.
        case implicit
        /// `Connection: keep-alive`, for an HTTP/1.0 client that asked for it.
        case keepAlive
        /// `Connection: close`: this is the last response on the connection.
        case close
    }

    /// The `Allow` field of a `405`.
    enum Allow {
        case none
        case post
        case getAndHead
    }

    /// `HTTP/1.1 100 Continue`, sent to a client waiting with `Expect: 100-continue`.
    static func writeContinue(into out: inout ByteBuffer) {
        out.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
    }

    /// Writes one response.
    ///
    /// - Parameters:
    ///   - status: the status code; its reason phrase is looked up.
    ///   - body: the body bytes (counted in `Content-Length` even when not sent).
    ///   - omitBody: a `HEAD` request: headers only.
    ///   - date: the loop's `Date: …\r\n` line.
    ///   - out: the connection's outgoing buffer.
    @inline(__always)
    static func write(status: Int, contentType: ContentType, body: UnsafeRawBufferPointer, omitBody: Bool = false,
                      connection: Connection = .implicit, allow: Allow = .none, date: ByteBuffer,
                      into out: inout ByteBuffer) {
        out.reserveCapacity(minimumWritableBytes: 160 + body.count)
        if status == 200 && contentType == .json {
            out.writeStaticString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ")
        } else {
            out.writeStaticString("HTTP/1.1 ")
            out.writeStaticString(statusLine(status))
            switch contentType {
            case .json: out.writeStaticString("\r\nContent-Type: application/json\r\nContent-Length: ")
            case .prometheus:
                out.writeStaticString("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: ")
            }
        }
        writeDecimal(body.count, into: &out)
        out.writeStaticString("\r\n")
        out.writeImmutableBuffer(date)
        switch connection {
        case .implicit: break
        case .keepAlive: out.writeStaticString("Connection: keep-alive\r\n")
        case .close: out.writeStaticString("Connection: close\r\n")
        }
        switch allow {
        case .none: break
        case .post: out.writeStaticString("Allow: POST\r\n")
        case .getAndHead: out.writeStaticString("Allow: GET, HEAD\r\n")
        }
        out.writeStaticString("\r\n")
        if !omitBody { out.writeBytes(body) }
    }

    /// `Date: <IMF-fixdate>\r\n` for a time, ready for ``write(status:contentType:body:omitBody:connection:allow:date:into:)``.
    static func dateLine(secondsSinceEpoch: Int64) -> ByteBuffer {
        var line = ByteBuffer()
        line.reserveCapacity(40)
        line.writeStaticString("Date: ")
        line.writeBytes(ServerText.httpDate(secondsSinceEpoch: secondsSinceEpoch))
        line.writeStaticString("\r\n")
        return line
    }

    /// The status code and reason phrase of the statuses the server sends.
    static func statusLine(_ status: Int) -> StaticString {
        switch status {
        case 200: "200 OK"
        case 400: "400 Bad Request"
        case 404: "404 Not Found"
        case 405: "405 Method Not Allowed"
        case 413: "413 Content Too Large"
        case 415: "415 Unsupported Media Type"
        case 422: "422 Unprocessable Content"
        case 431: "431 Request Header Fields Too Large"
        case 503: "503 Service Unavailable"
        case 505: "505 HTTP Version Not Supported"
        default: "500 Internal Server Error"
        }
    }

    /// Appends a non-negative integer in decimal.
    @inline(__always)
    private static func writeDecimal(_ value: Int, into out: inout ByteBuffer) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var remaining = UInt(max(0, value))
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[19 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
            out.writeBytes(UnsafeRawBufferPointer(rebasing: raw[(20 - count)...]))
        }
    }
}
