#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one table: a read-only private mapping of a file, or a
/// private copy of bytes given in memory. Releases them in `deinit`.
///
/// Thread-safety: only `let`s, and the bytes are never written after
/// `init`; the mapping is `PROT_READ` and lives exactly as long as this
/// object, so reading through ``base`` from any thread while the object is
/// alive is safe. That is why the class is `@unchecked Sendable`.
final class MappedRegion: @unchecked Sendable {
    /// The first byte.
    let base: UnsafeRawPointer
    /// The number of bytes.
    let count: Int
    private let isMapping: Bool

    /// Maps the whole file at `path`. A file shorter than `minimumLength`
    /// bytes is refused before mapping (an empty file cannot be mapped).
    init(path: String, minimumLength: Int) throws(VoucherTableError) {
        let fd = try Syscall.openFile(path, flags: O_RDONLY)
        defer { try? Syscall.closeFile(fd, path: path) }  // the mapping outlives the descriptor
        let size = try Syscall.fileSize(fd, path: path)
        guard size >= minimumLength else {
            throw .format(path, "header", field: "length", offset: 0,
                          "the file is \(size) bytes, shorter than the \(minimumLength)-byte header")
        }
        self.base = try Syscall.mapReadOnly(fd, length: size, path: path)
        self.count = size
        self.isMapping = true
    }

    /// Copies `bytes` into memory owned by this object.
    init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress { memory.copyMemory(from: from, byteCount: source.count) }
        }
        self.base = UnsafeRawPointer(memory)
        self.count = bytes.count
        self.isMapping = false
    }

    deinit {
        if isMapping {
            Syscall.unmap(base, length: count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    /// All the bytes, valid while this object is alive.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// `count` bytes from `offset`; the caller has checked the bounds.
    func slice(_ offset: Int, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}
