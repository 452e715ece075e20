/// Where a history reader's bytes come from: a local file, or an object in
/// storage reached over the network (the `VoucherStorage` module).
///
/// The readers ask for exact byte ranges. Parquet tells the source up front
/// which ranges it is about to read (``prefetch(_:)``): the footer's tail,
/// then, per row group, the chunks of the columns asked for, so a remote
/// source can fetch them together; a local file ignores the hint. CSV reads
/// its chunks in order, one after another.
///
/// ``read(at:count:to:)`` may be called from several threads at once (the
/// Parquet reader decodes a row group's columns as the tasks of
/// ``Parallelism``); ``prefetch(_:)`` is called by one thread while no read
/// is under way.
public protocol ByteRangeSource: AnyObject {
    /// The location the source was opened with, as given (used in every error).
    var location: String { get }
    /// The size in bytes.
    var size: Int { get }

    /// Reads exactly `count` bytes at `offset` into memory the caller owns
    /// (`pointer` has room for `count` bytes).
    ///
    /// - Throws: ``HistoryError`` `truncated` when the source ends first; a
    ///   source's own error (naming the location) when the read fails.
    func read(at offset: Int, count: Int, to pointer: UnsafeMutableRawPointer) throws

    /// The ranges the reader is about to read (each within `0 ..< size`), in
    /// file order. A remote source fetches them now and serves the reads from
    /// memory until the next call; a local file does nothing.
    func prefetch(_ ranges: [Range<Int>]) throws
}

extension ByteRangeSource {
    /// Nothing to prepare.
    public func prefetch(_ ranges: [Range<Int>]) throws {}

    /// Reads exactly `count` bytes at `offset` into `buffer`, which it resizes in place.
    package func read(at offset: Int, count: Int, into buffer: inout [UInt8]) throws {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw HistoryError(.truncated, file: location, offset: offset,
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

    /// Reads exactly `count` bytes at `offset`.
    package func read(at offset: Int, count: Int) throws -> [UInt8] {
        var buffer: [UInt8] = []
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }
}
