/// The constants of the table file format, version 1.0.
///
/// Every constant cites the section of the DocC article
/// `TableFileFormat.md` that defines it; the article is the contract and
/// this file mirrors it. A change here bumps ``majorVersion`` or
/// ``minorVersion`` in the same commit (article, "Versioning").
package enum TableFormat {
    // MARK: File header (article: "File header")

    /// The 8 bytes at offset 0: `89 56 54 41 42 0D 0A 1A` ("\x89VTAB\r\n\x1A"),
    /// a PNG-style magic that also catches text-mode and 7-bit transfers.
    package static let magic: [UInt8] = [0x89, 0x56, 0x54, 0x41, 0x42, 0x0D, 0x0A, 0x1A]
    /// The major version this library writes and reads; a reader refuses any other.
    package static let majorVersion: UInt16 = 1
    /// The minor version this library writes and the newest it reads.
    package static let minorVersion: UInt16 = 0
    /// The length of the fixed header, bytes (field `headerLength`).
    package static let headerLength = 32
    /// The length of one directory entry, bytes (field `directoryEntryLength`).
    package static let directoryEntryLength = 32
    /// The CRC-32 of header and directory plus 4 zero bytes that follow the directory.
    package static let directoryTrailerLength = 8

    // MARK: Layout (article: "Layout and alignment")

    /// Every section starts at a multiple of this, and the file length is one;
    /// the bytes between are zero.
    package static let sectionAlignment = 8

    /// Rounds `value` up to ``sectionAlignment``.
    package static func aligned(_ value: Int) -> Int {
        (value + sectionAlignment - 1) / sectionAlignment * sectionAlignment
    }

    /// Where the first section starts in a file with `sectionCount` sections.
    package static func firstSectionOffset(sectionCount: Int) -> Int {
        headerLength + sectionCount * directoryEntryLength + directoryTrailerLength
    }

    // MARK: Sections (article: "Section directory")

    /// The sections of version 1.0, each exactly once and in this order.
    package static let sectionOrder: [SectionKind] = [
        .hot, .configuration, .countries, .histograms, .summary, .sources,
    ]
    /// Field `encoding` of a directory entry: stored as is.
    package static let encodingRaw: UInt32 = 0
    /// Field `encoding` of a directory entry: one zstd frame holding the content size.
    package static let encodingZstd: UInt32 = 1
    /// The zstd level the writer uses; the output is deterministic for one libzstd version.
    package static let zstdLevel: Int32 = 19

    // MARK: Hot section (article: "The hot section")

    /// The hot section's own header, bytes.
    package static let hotHeaderLength = 64
    /// One hash slot: `hash u64, country u32, reserved u32`.
    package static let slotLength = 16
    /// One country record: `keyOffset u32, keyLength u32`.
    package static let countryRecordLength = 8
    /// One segment record: eight `u32` fields.
    package static let segmentRecordLength = 32
    /// One bucket record: `lowerBound i64, nameOffset u32, nameLength u32`.
    package static let bucketRecordLength = 16
    /// One amount in the dictionary: `i64`.
    package static let amountLength = 8
    /// One entry record: `amountIndex u32, flags u32, samples i64`.
    package static let entryRecordLength = 16
    /// Field `country` of an empty slot.
    package static let emptySlot: UInt32 = 0xFFFF_FFFF
    /// Bit 0 of an entry's `flags`: the bucket had no rows (behaviour §4's fallback).
    package static let entryFlagFallback: UInt32 = 1

    /// Metric codes of a segment record and of the configuration section.
    package static func metricCode(_ metric: SegmentMetric) -> UInt32 {
        switch metric {
        case .totalOrders: 0
        case .daysSinceLastOrder: 1
        }
    }

    /// The metric of a code, `nil` for an unknown one.
    package static func metric(code: UInt32) -> SegmentMetric? {
        switch code {
        case 0: .totalOrders
        case 1: .daysSinceLastOrder
        default: nil
        }
    }

    // MARK: Hash (article: "Country keys and the hash")

    /// FNV-1a 64 offset basis.
    package static let fnvOffsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// FNV-1a 64 prime.
    package static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    // MARK: Limits (article: "Limits")

    /// Most countries in one table.
    package static let maxCountries = 1 << 24
    /// Most segments in one table.
    package static let maxSegments = 256
    /// Most buckets in one segment (a bucket index fits one byte).
    package static let maxBucketsPerSegment = 256
    /// Largest lower bound of a segment's open bucket (the length of its bucket map).
    package static let maxOpenBucketLowerBound: Int64 = 1 << 24
    /// Longest string (key, name), bytes.
    package static let maxStringLength = 1 << 16
    /// Largest section, stored or decoded, bytes (offsets inside are `u32`).
    package static let maxSectionLength = Int(UInt32.max)
    /// Length of a SHA-256 digest in the sources section.
    package static let sha256Length = 32
}

/// The kind of a section: field `kind` of a directory entry (article: "Section directory").
package enum SectionKind: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// Lookup structures, used in place from the mapping. Raw.
    case hot = 1
    /// Segment names, metrics and bucket names. Compressed.
    case configuration = 2
    /// Country keys, display names and kept rows. Compressed.
    case countries = 3
    /// Amount histograms per country and per entry. Compressed.
    case histograms = 4
    /// The cleaning summary. Compressed.
    case summary = 5
    /// The history files' names, sizes and SHA-256. Compressed.
    case sources = 6

    /// The name used in messages and by `voucher inspect`.
    package var description: String {
        switch self {
        case .hot: "hot"
        case .configuration: "configuration"
        case .countries: "countries"
        case .histograms: "histograms"
        case .summary: "summary"
        case .sources: "sources"
        }
    }
}
