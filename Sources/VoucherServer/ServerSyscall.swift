#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VoucherTable

/// Which file a path names right now: what `stat(2)` says about it.
///
/// Two identities differ when the file was replaced (a rename onto the
/// path gives a new inode) or rewritten in place (size or modification
/// time change). A plain value.
struct FileIdentity: Sendable, Hashable, CustomStringConvertible {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// Modification time, nanoseconds since the epoch.
    var modified: Int64

    var description: String { "dev \(device) inode \(inode) size \(size) mtime \(modified)" }
}

/// The system calls the server makes itself (the table library maps the
/// table; NIO does the sockets), each wrapped once: `EINTR` retried, errors
/// typed with the call, the path and the `errno` text.
///
/// Stateless; safe from any thread.
enum ServerSyscall {
    /// `stat(2)` of `path`, or `nil` when nothing is there (`ENOENT`, `ENOTDIR`).
    static func identity(of path: String) throws(ServerError) -> FileIdentity? {
        var info = stat()
        guard retrying({ stat(path, &info) }) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw .io("stat", path: path, errno: code)
        }
        return identity(info)
    }

    /// The monotonic clock, in nanoseconds (for durations and timeouts).
    @inline(__always)
    static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
    }

    /// The wall clock (UTC), in nanoseconds since the epoch.
    @inline(__always)
    static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
    }

    /// The calendar fields of a UTC time: year, month 1–12, day, hour,
    /// minute, second, weekday 0–6 (Sunday = 0).
    static func utcFields(secondsSinceEpoch: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int,
                                                        second: Int, weekday: Int) {
        var seconds = time_t(secondsSinceEpoch)
        var fields = tm()
        _ = gmtime_r(&seconds, &fields)
        return (Int(fields.tm_year) + 1900, Int(fields.tm_mon) + 1, Int(fields.tm_mday), Int(fields.tm_hour),
                Int(fields.tm_min), Int(fields.tm_sec), Int(fields.tm_wday))
    }

    /// The text of an `errno` value.
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func identity(_ info: stat) -> FileIdentity {
        #if canImport(Darwin)
        let modified = Int64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        #endif
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                            modified: modified)
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }
}
