import Dispatch
import Foundation
public import VoucherHistory
public import VoucherS3

/// An S3 object as a ``ByteRangeSource``: the history readers read it with
/// ranged GETs, each carrying `If-Match` with the ETag the object was listed
/// with, so an object replaced while it is read is an error, not a mix.
///
/// ``prefetch(_:)`` (the Parquet reader's footer, then each row group's
/// wanted column chunks) merges adjacent ranges and fetches them with up to
/// ``maxInFlight`` requests at once; reads inside them are served from
/// memory until the next prefetch, which lets them go. Any other read is one
/// ranged GET of exactly its bytes (CSV reads its 1 MiB chunks in order this
/// way). Memory: the ranges of one prefetch, so a row group's wanted chunks.
public final class S3ObjectSource: ByteRangeSource, @unchecked Sendable {
    // @unchecked: `blocks` is replaced under `lock` only, and each block's
    // bytes are immutable once fetched; the client is thread-safe.
    public let object: S3ObjectInfo
    private let client: S3Client
    /// Requests at once during a prefetch.
    public static let maxInFlight = 4
    private let lock = NSLock()
    private var blocks: [(range: Range<Int>, bytes: [UInt8])] = []

    public init(_ object: S3ObjectInfo, client: S3Client) {
        self.object = object
        self.client = client
    }

    /// `s3://bucket/key`.
    public var location: String { object.location.description }
    public var size: Int { object.size }

    public func read(at offset: Int, count: Int, to pointer: UnsafeMutableRawPointer) throws {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw HistoryError(.truncated, file: location, offset: offset,
                               "needs \(count) bytes at byte \(offset) but the object has \(size) bytes")
        }
        if count == 0 { return }
        let wanted = offset ..< offset + count
        let cached = lock.withLock { blocks.first { $0.range.lowerBound <= offset && wanted.upperBound <= $0.range.upperBound } }
        if let cached {
            cached.bytes.withUnsafeBytes { bytes in
                pointer.copyMemory(from: bytes.baseAddress! + (offset - cached.range.lowerBound), byteCount: count)
            }
            return
        }
        let bytes = try client.get(object.location, range: wanted, ifMatch: object.etag)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: count) }
    }

    /// Fetches `ranges` (adjacent and overlapping ones merged) and keeps them
    /// for the reads that follow, in place of the previous prefetch's.
    public func prefetch(_ ranges: [Range<Int>]) throws {
        let merged = Self.coalesce(ranges.map { $0.clamped(to: 0 ..< size) }.filter { !$0.isEmpty })
        lock.withLock { blocks = [] }
        let results = ResultSlots(count: merged.count)
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: Self.maxInFlight)
        let client = client, object = object
        for (i, range) in merged.enumerated() {
            slots.wait()
            group.enter()
            DispatchQueue.global().async {
                let result = Result { () throws(StorageError) in try client.get(object.location, range: range, ifMatch: object.etag) }
                results.set(i, result)
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        var fetched: [(range: Range<Int>, bytes: [UInt8])] = []
        for (i, range) in merged.enumerated() {
            fetched.append((range, try results.get(i)))
        }
        lock.withLock { blocks = fetched }
    }

    /// Sorted, with ranges that touch or overlap merged.
    static func coalesce(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound ..< max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

/// The results of concurrent fetches, one slot each.
private final class ResultSlots: @unchecked Sendable {
    // @unchecked: every slot is written under `lock`, and read after the DispatchGroup's wait.
    private let lock = NSLock()
    private var slots: [Result<[UInt8], StorageError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ result: Result<[UInt8], StorageError>) { lock.withLock { slots[i] = result } }

    func get(_ i: Int) throws(StorageError) -> [UInt8] {
        guard let result = lock.withLock({ slots[i] }) else {
            throw StorageError(.transport, location: "", "a prefetch did not finish")
        }
        return try result.get()
    }
}
