#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import VoucherHistory

/// A candidate row the frozen duplicate check could not decide, as written
/// to a spill file: its key, its country spelling and its amount's id
/// (56 bytes in memory and on disk; the files live and die with the compile,
/// on this machine, so they hold the values as they are in memory).
struct SpilledRow {
    var key: RowKey
    var spelling: Int32
    var amountID: Int32
}

/// A set of spill files in one directory, `count` of them, each written in
/// order through a buffer of its own and read back in order. Errors name
/// the file. The files are removed by ``remove()`` or when the set goes.
/// Used by one thread at a time.
final class SpillFiles {
    let paths: [String]
    /// Rows written to each file.
    private(set) var rowCounts: [Int]
    private var descriptors: [Int32]
    private let buffers: [UnsafeMutableBufferPointer<SpilledRow>]
    private var buffered: [Int]

    /// Names the files `directory/name-<i>.spill`; nothing is created before the first write.
    init(directory: String, name: String, count: Int, bufferRows: Int) {
        paths = (0 ..< count).map { "\(directory)/\(name)-\($0).spill" }
        rowCounts = Array(repeating: 0, count: count)
        descriptors = Array(repeating: -1, count: count)
        buffers = (0 ..< count).map { _ in .allocate(capacity: max(bufferRows, 1)) }
        buffered = Array(repeating: 0, count: count)
    }

    deinit {
        remove()
        for buffer in buffers { buffer.deallocate() }
    }

    /// Appends `row` to file `file`.
    @inline(__always)
    func append(_ row: SpilledRow, to file: Int) throws {
        if buffered[file] == buffers[file].count { try flush(file) }
        buffers[file][buffered[file]] = row
        buffered[file] += 1
        rowCounts[file] += 1
    }

    /// Writes what the buffers hold.
    func flush() throws {
        for file in paths.indices { try flush(file) }
    }

    private func flush(_ file: Int) throws {
        let count = buffered[file]
        guard count > 0 else { return }
        if descriptors[file] < 0 {
            let fd = open(paths[file], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Self.error(paths[file], "cannot create the spill file") }
            descriptors[file] = fd
        }
        let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffers[file])[..<(count * MemoryLayout<SpilledRow>.stride)])
        var done = 0
        while done < bytes.count {
            let n = write(descriptors[file], bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw Self.error(paths[file], "writing \(bytes.count) bytes to the spill file failed")
        }
        buffered[file] = 0
    }

    /// Calls `body` with the rows of file `file`, in the order written, up
    /// to `chunkRows` at a time. Flush first.
    func read(_ file: Int, chunkRows: Int, _ body: (UnsafeBufferPointer<SpilledRow>) throws -> Void) throws {
        precondition(buffered[file] == 0, "reading a spill file before its buffer is flushed")
        let total = rowCounts[file]
        guard total > 0 else { return }
        let chunk = UnsafeMutableBufferPointer<SpilledRow>.allocate(capacity: min(chunkRows, total))
        defer { chunk.deallocate() }
        let stride = MemoryLayout<SpilledRow>.stride
        var row = 0
        while row < total {
            let rows = min(chunk.count, total - row)
            var done = 0
            while done < rows * stride {
                let n = pread(descriptors[file], UnsafeMutableRawPointer(chunk.baseAddress!) + done, rows * stride - done,
                              off_t(row * stride + done))
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                throw n == 0 ? HistoryError(.truncated, file: paths[file], offset: row * stride + done,
                                            "the spill file ended before its \(total) rows were read back")
                             : Self.error(paths[file], "reading the spill file back failed", offset: row * stride + done)
            }
            try body(UnsafeBufferPointer(rebasing: chunk[..<rows]))
            row += rows
        }
    }

    /// Closes and removes file `file` (its rows are no longer needed).
    func remove(_ file: Int) {
        if descriptors[file] >= 0 {
            close(descriptors[file])
            unlink(paths[file])
            descriptors[file] = -1
        }
        buffered[file] = 0
    }

    /// Closes and removes every file.
    func remove() {
        for file in paths.indices { remove(file) }
    }

    private static func error(_ path: String, _ what: String, offset: Int? = nil) -> HistoryError {
        let code = errno
        return HistoryError(.io, file: path, offset: offset, "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
