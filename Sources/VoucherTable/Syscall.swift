#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls the library makes, each wrapped once: typed errors
/// naming the path and the call, `EINTR` retried, `errno` text included.
///
/// Stateless; safe from any thread.
enum Syscall {
    /// `open(2)`, retried on `EINTR`.
    static func openFile(_ path: String, flags: CInt, mode: mode_t = 0) throws(VoucherTableError) -> CInt {
        let fd = retrying { open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw failure("open", path) }
        return fd
    }

    /// `close(2)`; `EINTR` is not retried (Linux has closed the descriptor already).
    static func closeFile(_ fd: CInt, path: String) throws(VoucherTableError) {
        guard close(fd) == 0 || errno == EINTR else { throw failure("close", path) }
    }

    /// `fstat(2)`: the size of a regular file.
    static func fileSize(_ fd: CInt, path: String) throws(VoucherTableError) -> Int {
        var info = stat()
        guard retrying({ fstat(fd, &info) }) == 0 else { throw failure("fstat", path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw VoucherTableError(code: .io, path: path, message: "not a regular file")
        }
        return Int(info.st_size)
    }

    /// `mmap(2)` of the first `length` bytes, read-only and private.
    static func mapReadOnly(_ fd: CInt, length: Int, path: String) throws(VoucherTableError) -> UnsafeRawPointer {
        let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != UnsafeMutableRawPointer(bitPattern: -1) else { throw failure("mmap", path) }
        return UnsafeRawPointer(address)
    }

    /// `munmap(2)`; a failure can only be a programming error and is ignored.
    static func unmap(_ address: UnsafeRawPointer, length: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: address), length)
    }

    /// `write(2)` until every byte is written, retrying `EINTR` and short writes.
    static func writeAll(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, path: String) throws(VoucherTableError) {
        var done = 0
        while done < bytes.count {
            let n = retrying { write(fd, bytes.baseAddress! + done, bytes.count - done) }
            guard n > 0 else { throw failure("write", path) }
            done += n
        }
    }

    /// `fsync(2)`.
    static func syncFile(_ fd: CInt, path: String) throws(VoucherTableError) {
        guard retrying({ fsync(fd) }) == 0 else { throw failure("fsync", path) }
    }

    /// `rename(2)`: atomically replaces `target` with `source`.
    static func renameFile(_ source: String, _ target: String) throws(VoucherTableError) {
        guard retrying({ rename(source, target) }) == 0 else { throw failure("rename to \(target)", source) }
    }

    /// `unlink(2)`, best effort (cleaning up after another failure).
    static func unlinkQuietly(_ path: String) {
        _ = retrying { unlink(path) }
    }

    /// The text of an `errno` value.
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }

    private static func failure(_ call: String, _ path: String) -> VoucherTableError {
        let code = errno
        return VoucherTableError(code: .io, path: path, errno: code, message: "\(call) failed: \(errorText(code)) (errno \(code))")
    }
}
