#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes table files atomically: a temporary file in the target's folder,
/// written and `fsync`ed, renamed onto the path, then the folder `fsync`ed.
/// On any failure the file previously at the path is untouched and the
/// temporary file is removed.
///
/// Stateless; concurrent writes to different paths are safe. Concurrent
/// writes to one path leave one complete table there (the last rename wins).
package enum TableWriter {
    /// A failure injected by tests, to show that a failed write changes nothing.
    package enum Fault: Sendable, Equatable {
        /// Fail after writing this many bytes of the temporary file.
        case afterWriting(bytes: Int)
        /// Fail after the temporary file is complete and synced, before the rename.
        case beforeRename
    }

    /// Encodes `contents` and writes them to `path` atomically.
    ///
    /// - Throws: ``VoucherTableError``: `contents` when the contents break a
    ///   format limit, `io` when a system call fails.
    package static func write(_ contents: TableContents, to path: String, fault: Fault? = nil) throws(VoucherTableError) {
        let bytes = try TableEncoder.encode(contents, path: path)
        try write(bytes: bytes, to: path, fault: fault)
    }

    /// Writes `bytes` to `path` atomically (also used by tests to place corrupt files).
    package static func write(bytes: [UInt8], to path: String, fault: Fault? = nil) throws(VoucherTableError) {
        let (folder, name) = split(path)
        let temporary = "\(folder)/.\(name).tmp-\(getpid())-\(UInt64.random(in: 0 ... UInt64.max))"
        let fd = try Syscall.openFile(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        var isOpen = true
        do throws(VoucherTableError) {
            let failure = bytes.withUnsafeBytes { buffer -> VoucherTableError? in
                do throws(VoucherTableError) {
                    if case .afterWriting(let count)? = fault {
                        try Syscall.writeAll(fd, UnsafeRawBufferPointer(rebasing: buffer.prefix(count)), path: temporary)
                        return injected(temporary, "after \(count) bytes")
                    }
                    try Syscall.writeAll(fd, buffer, path: temporary)
                    return nil
                } catch { return error }
            }
            if let failure { throw failure }
            try Syscall.syncFile(fd, path: temporary)
            isOpen = false
            try Syscall.closeFile(fd, path: temporary)
        } catch {
            if isOpen { try? Syscall.closeFile(fd, path: temporary) }
            Syscall.unlinkQuietly(temporary)
            throw error
        }
        do throws(VoucherTableError) {
            if fault == .beforeRename { throw injected(temporary, "before the rename") }
            try Syscall.renameFile(temporary, path)
        } catch {
            Syscall.unlinkQuietly(temporary)
            throw error
        }
        try syncFolder(folder)
    }

    /// `fsync` of the folder, so that the rename itself is durable.
    private static func syncFolder(_ folder: String) throws(VoucherTableError) {
        let fd = try Syscall.openFile(folder, flags: O_RDONLY | O_DIRECTORY)
        defer { try? Syscall.closeFile(fd, path: folder) }
        try Syscall.syncFile(fd, path: folder)
    }

    /// The folder (`.` when none) and the file name of `path`.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func injected(_ path: String, _ when: String) -> VoucherTableError {
        VoucherTableError(code: .io, path: path, message: "injected write failure \(when)")
    }
}
