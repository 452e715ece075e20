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
package final class FileHandleReader: ByteRangeSource {
    package let path: String
    package let size: Int
    private let fd: Int32

    package init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HistoryError.io(path, "cannot open") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = HistoryError.io(path, "cannot stat")
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

    /// The path, as given.
    package var location: String { path }

    /// Reads exactly `count` bytes at `offset` into memory the caller owns
    /// (`pointer` must have room for `count` bytes); lets readers reuse buffers.
    ///
    /// - Throws: `truncated` when the file ends first, `io` on a failed read.
    package func read(at offset: Int, count: Int, to pointer: UnsafeMutableRawPointer) throws {
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
            throw HistoryError.io(path, "read of \(count) bytes at byte \(offset) failed", offset: offset)
        }
    }

    /// The first `count` bytes of `path` (fewer if the file is shorter).
    static func readHead(of path: String, count: Int) throws -> [UInt8] {
        let file = try FileHandleReader(path: path)
        return try file.read(at: 0, count: min(count, file.size))
    }
}

extension HistoryError {
    /// An `io` error for a failed system call on `path`, with the text of
    /// the `errno` it left: `what: No such file or directory (errno 2)`.
    package static func io(_ path: String, _ what: String, offset: Int? = nil) -> HistoryError {
        let code = errno
        return HistoryError(.io, file: path, offset: offset, "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
