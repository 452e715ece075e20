/// A compiled voucher table, opened read-only for O(1) lookups in process.
///
/// Opening maps the file (`mmap`, `PROT_READ`, `MAP_PRIVATE`) and checks
/// every byte of it (magic, version, lengths, bounds, zero padding, every
/// CRC-32, the lookup structures) before returning; a corrupt or
/// incompatible file is refused with a ``VoucherTableError`` and never half
/// used. After a successful open, lookups cannot fail on the file's account
/// and never trap; they read the mapping in place, allocate nothing and take
/// no lock.
///
/// Thread-safety: immutable after `init`; every method may be called from
/// any number of threads at once.
///
/// Lifetime: the mapping lives exactly as long as this object and is
/// released when the last reference goes. Results (``VoucherLookup``,
/// strings) are copies and stay valid after that. Replacing the file at
/// ``path`` (as ``TableWriter`` does, by rename) does not affect an open
/// table; open a new one to see the new file.
public final class VoucherTable: Sendable {
    /// The path the table was opened from (`<memory>` for bytes given in memory).
    public let path: String
    /// The names of the segments, in configuration order (index = segment index).
    public let segmentNames: [String]
    /// The header and the section directory, as read (for `voucher inspect`).
    package let header: TableHeader
    /// The mapped bytes; keeps ``hot``'s pointers valid.
    let region: MappedRegion
    /// The lookup structures, read in place.
    let hot: HotSection

    /// Opens and validates the table file at `path`.
    ///
    /// - Parameter path: a table file written by this library (format major version 1).
    /// - Throws: ``VoucherTableError``: `io` when the file cannot be opened,
    ///   examined or mapped; `format` or `checksum` when its bytes are not a
    ///   valid table, naming the section, field and byte offset.
    public convenience init(path: String) throws(VoucherTableError) {
        try self.init(region: try MappedRegion(path: path, minimumLength: TableFormat.headerLength), path: path,
                      supportedMinorVersion: TableFormat.minorVersion)
    }

    /// Opens a table from bytes in memory (copied), with the same checks as
    /// ``init(path:)``. For tests and tools.
    ///
    /// - Parameters:
    ///   - path: named in errors.
    ///   - supportedMinorVersion: the newest minor version to accept; tests
    ///     raise it to show that a newer minor within support is accepted.
    package convenience init(bytes: [UInt8], path: String = "<memory>",
                             supportedMinorVersion: UInt16 = TableFormat.minorVersion) throws(VoucherTableError) {
        try self.init(region: MappedRegion(copying: bytes), path: path, supportedMinorVersion: supportedMinorVersion)
    }

    private init(region: MappedRegion, path: String, supportedMinorVersion: UInt16) throws(VoucherTableError) {
        let (header, hot) = try TableValidator.validate(region.bytes, path: path,
                                                        supportedMinorVersion: supportedMinorVersion)
        self.path = path
        self.region = region
        self.header = header
        self.hot = hot
        self.segmentNames = (0 ..< hot.segmentCount).map { hot.segmentName($0) }
    }

    /// The table file's length in bytes, as mapped.
    package var fileLength: Int { region.count }

    /// The SHA-256 of the bytes this table answers from (the mapping, not
    /// whatever the path names now). Reads every byte: not for the request path.
    package var fileSHA256: [UInt8] {
        var hasher = SHA256()
        hasher.update(region.bytes)
        return hasher.finalize()
    }

    /// The number of countries in the table.
    public var countryCount: Int { hot.countryCount }

    /// The country keys (trimmed, lower-cased; behaviour §2), in table order. Allocates.
    public var countryKeys: [String] { (0 ..< hot.countryCount).map { hot.key(ofCountry: $0) } }

    /// The index of the segment named exactly `name` (no trimming or case
    /// folding), or `nil`. Allocation-free for native strings; linear in the
    /// number of segments.
    public func segmentIndex(named name: some StringProtocol) -> Int? {
        if let index = name.utf8.withContiguousStorageIfAvailable({ segmentIndex(utf8: $0) }) { return index }
        var copy = String(name)
        return copy.withUTF8 { segmentIndex(utf8: $0) }
    }

    /// The index of the segment whose name is exactly these UTF-8 bytes, or
    /// `nil`. Allocation-free (a request body's bytes need no `String`).
    public func segmentIndex(utf8 name: UnsafeBufferPointer<UInt8>) -> Int? {
        for segment in 0 ..< hot.segmentCount {
            let stored = hot.segmentNameBytes(segment)
            guard stored.count == name.count else { continue }
            if (0 ..< name.count).allSatisfy({ stored[$0] == name[$0] }) { return segment }
        }
        return nil
    }

    /// What segment `segment` measures.
    ///
    /// - Precondition: `0 <= segment < segmentNames.count`.
    public func metric(ofSegment segment: Int) -> SegmentMetric {
        precondition(segment >= 0 && segment < hot.segmentCount, "segment index \(segment) out of range")
        return hot.metric(ofSegment: segment)
    }

    /// The number of buckets of segment `segment`.
    ///
    /// - Precondition: `0 <= segment < segmentNames.count`.
    public func bucketCount(ofSegment segment: Int) -> Int {
        precondition(segment >= 0 && segment < hot.segmentCount, "segment index \(segment) out of range")
        return hot.bucketCount(ofSegment: segment)
    }

    /// The name of a bucket, e.g. `5-13` or `38+`. Allocates.
    ///
    /// - Precondition: both indices in range (as in any ``VoucherLookup``).
    public func bucketName(segment: Int, bucket: Int) -> String {
        precondition(bucket >= 0 && bucket < bucketCount(ofSegment: segment), "bucket index \(bucket) out of range")
        return hot.bucketName(segment: segment, bucket: bucket)
    }
}
