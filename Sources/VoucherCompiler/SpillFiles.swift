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
            guard fd >= 0 else { throw HistoryError.io(paths[file], "cannot create the spill file") }
            descriptors[file] = fd
        }
        let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffers[file])[..<(count * MemoryLayout<SpilledRow>.stride)])
        var done = 0
        while done < bytes.count {
            let n = write(descriptors[file], bytes.baseAddress! + done, bytes.count - done)
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw HistoryError.io(paths[file], "writing \(bytes.count) bytes to the spill file failed")
        }
        buffered[file] = 0
    }

    /// Calls `body` with the rows of file `file`, in the order written, up
    /// to `chunkRows` at a time. Flush first.
    func read(_ file: Int, chunkRows: Int, _ body: (UnsafeBufferPointer<SpilledRow>) throws -> Void) throws {
        precondition(buffered[file] == 0, "reading a spill file before its buffer is flushed")
        let total = rowCounts[file]
        guard total > 0 else { return }
        let reader = try FileHandleReader(path: paths[file])
        let chunk = UnsafeMutableBufferPointer<SpilledRow>.allocate(capacity: min(chunkRows, total))
        defer { chunk.deallocate() }
        let stride = MemoryLayout<SpilledRow>.stride
        var row = 0
        while row < total {
            let rows = min(chunk.count, total - row)
            try reader.read(at: row * stride, count: rows * stride, to: UnsafeMutableRawPointer(chunk.baseAddress!))
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
}
