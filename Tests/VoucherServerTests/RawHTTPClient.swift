import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Client

/// A parsed response.
struct HTTPTestResponse {
    let status: Int
    /// Header names lower-cased.
    let headers: [String: String]
    let body: String

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    /// `voucher_amount` of a 200.
    var amount: Int64? { (json["voucher_amount"] as? NSNumber)?.int64Value }
}

/// Why the client gave up.
struct ClientError: Error, CustomStringConvertible {
    let description: String
}

/// A raw-socket HTTP/1.1 client: writes exactly the bytes given (so tests
/// control pipelining, split writes and silence) and reads responses with
/// `Content-Length` bodies. Every read has a timeout; nothing blocks forever.
final class RawHTTPClient {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, receiveTimeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ClientError(description: "connect: errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setReceiveTimeout(receiveTimeout)
    }

    deinit { Glibc.close(fd) }

    /// Closes the write side and the socket (the descriptor is released in `deinit`).
    func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Gives up on a read after `seconds`.
    func setReceiveTimeout(_ seconds: Double) {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes every byte.
    func write(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ClientError(description: "send: errno \(errno)") }
            done += n
        }
    }

    /// Writes `bytes` in pieces of `size` bytes, pausing `pause` seconds between them.
    func write(_ bytes: [UInt8], inPiecesOf size: Int, pause: Double = 0.002) throws {
        var start = 0
        while start < bytes.count {
            try write(Array(bytes[start ..< min(start + size, bytes.count)]))
            start += size
            if pause > 0 { usleep(useconds_t(pause * 1_000_000)) }
        }
    }

    /// Reads one response (status line, headers, `Content-Length` body).
    func readResponse(forHead: Bool = false) throws -> HTTPTestResponse {
        var headEnd: Int? = nil
        while headEnd == nil {
            if let range = findHeadEnd() { headEnd = range; break }
            guard try fill() else { throw ClientError(description: "connection closed before a response head") }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ClientError(description: "bad status line in \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = forHead || status == 100 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < headEnd! + length {
            guard try fill() else { throw ClientError(description: "connection closed inside a body") }
        }
        let body = String(decoding: buffer[headEnd! ..< headEnd! + length], as: UTF8.self)
        buffer.removeFirst(headEnd! + length)
        return HTTPTestResponse(status: status, headers: headers, body: body)
    }

    /// Whether the server closes the connection (end of stream) within `seconds`, with nothing more to read.
    func isClosedByServer(within seconds: Double) -> Bool {
        setReceiveTimeout(seconds)
        guard buffer.isEmpty else { return false }
        return (try? fill()) == false
    }

    /// Reads more bytes; `false` at the end of the stream. A signal that
    /// interrupts the read (a debugger attaching) is not an error.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var n: Int
        repeat {
            n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        } while n < 0 && errno == EINTR
        if n > 0 {
            buffer.append(contentsOf: chunk[..<n])
            return true
        }
        if n == 0 { return false }
        let code = errno
        if code == ECONNRESET { return false }
        throw ClientError(description: code == EAGAIN || code == EWOULDBLOCK ? "read timed out" : "recv: errno \(code)")
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0 ... buffer.count - 4
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}
