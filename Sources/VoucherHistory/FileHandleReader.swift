#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file descriptor: the one place the history readers make syscalls.
///
/// `read(at:count:)` is a positioned read (`pread`) that retries on `EINTR`
/// and short reads; errors carry the path, offset and errno text. The
/// descriptor is closed in `deinit`. Not for concurrent use.
package final class FileHandleReader {
    package let path: String
    package let size: Int
    private let fd: Int32

    package init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.error(path, "cannot open") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = Self.error(path, "cannot stat")
            close(fd)
            throw error
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw HistoryError(.io, file: path, "not a regular file")
        }
        self.fd = fd
        self.size = Int(info.st_size)
    }

    deinit { close(fd) }

    /// Reads exactly `count` bytes at `offset` into `buffer`, which it resizes
    /// in place: a buffer reused from read to read keeps its memory (fresh
    /// memory costs a page fault per 4 KiB, more than reading into it).
    ///
    /// - Throws: `truncated` when the file ends first, `io` on a failed read.
    package func read(at offset: Int, count: Int, into buffer: inout [UInt8]) throws {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw HistoryError(.truncated, file: path, offset: offset,
                               "needs \(count) bytes at byte \(offset) but the file has \(size) bytes")
        }
        if buffer.count > count {
            buffer.removeLast(buffer.count - count)
        } else if buffer.count < count {
            buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
        }
        try buffer.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            try read(at: offset, count: count, to: base)
        }
    }

    /// Reads exactly `count` bytes at `offset` into memory the caller owns
    /// (`pointer` must have room for `count` bytes); lets readers reuse buffers.
    ///
    /// - Throws: `truncated` when the file ends first, `io` on a failed read.
    func read(at offset: Int, count: Int, to pointer: UnsafeMutableRawPointer) throws {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw HistoryError(.truncated, file: path, offset: offset,
                               "needs \(count) bytes at byte \(offset) but the file has \(size) bytes")
        }
        var done = 0
        while done < count {
            let n = pread(fd, pointer + done, count - done, off_t(offset + done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n == 0 {
                throw HistoryError(.truncated, file: path, offset: offset + done,
                                   "the file ended at byte \(offset + done) while reading \(count) bytes at byte \(offset)")
            }
            throw Self.error(path, "read of \(count) bytes at byte \(offset) failed", offset: offset)
        }
    }

    /// Reads exactly `count` bytes at `offset`.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        var buffer: [UInt8] = []
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }

    /// The first `count` bytes of `path` (fewer if the file is shorter).
    static func readHead(of path: String, count: Int) throws -> [UInt8] {
        let file = try FileHandleReader(path: path)
        return try file.read(at: 0, count: min(count, file.size))
    }

    private static func error(_ path: String, _ what: String, offset: Int? = nil) -> HistoryError {
        let code = errno
        return HistoryError(.io, file: path, offset: offset, "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
