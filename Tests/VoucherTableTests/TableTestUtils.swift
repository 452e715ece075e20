import Foundation
import Testing
import VoucherTable
import VoucherTestSupport

/// Table fixtures built in code, and helpers shared by the table tests.
enum TableFixtures {
    /// A small table over behaviour §3's default segments: four countries (one
    /// with a non-ASCII key), some empty buckets (fallbacks), several amounts.
    static let contents: TableContents = make(countries: [
        ("china", "China", 11),
        ("latvia", "Latvia", 23),
        ("peru", "Peru", 37),
        ("österreich", "Österreich", 5),
    ])

    /// A table with `countries` made by a fixed formula from each seed.
    static func make(countries: [(key: String, display: String, seed: Int)],
                     segments: SegmentConfiguration = .standard) -> TableContents {
        let all = countries.map { country in
            var overall: [Int64: Int] = [:]
            var entries: [[TableEntry]] = []
            for (s, segment) in segments.segments.enumerated() {
                var row: [TableEntry] = []
                for b in segment.buckets.indices {
                    // Every third (seed, segment, bucket) is empty; the others get 1–3 amounts.
                    let mix = country.seed &* 31 &+ s &* 7 &+ b &* 3
                    var histogram = AmountHistogram()
                    if mix % 3 != 0 {
                        for k in 0 ..< (mix % 3 + 1) {
                            histogram.amounts.append(Int64(500 * (1 + (mix + k) % 9)))
                            histogram.counts.append(1 + (mix * (k + 1)) % 7)
                        }
                        let order = histogram.amounts.indices.sorted { histogram.amounts[$0] < histogram.amounts[$1] }
                        histogram = AmountHistogram(amounts: order.map { histogram.amounts[$0] },
                                                    counts: order.map { histogram.counts[$0] })
                        for (amount, count) in zip(histogram.amounts, histogram.counts) { overall[amount, default: 0] += count }
                    }
                    row.append(TableEntry(amount: histogram.mostUsed ?? -1, samples: histogram.total,
                                          isFallback: histogram.amounts.isEmpty, histogram: histogram))
                }
                entries.append(row)
            }
            let amounts = overall.keys.sorted()
            let histogram = AmountHistogram(amounts: amounts, counts: amounts.map { overall[$0]! })
            let fallback = histogram.mostUsed ?? 0
            entries = entries.map { $0.map { $0.isFallback ? TableEntry(amount: fallback, samples: 0, isFallback: true, histogram: AmountHistogram()) : $0 } }
            return CountryContents(key: country.key, displayName: country.display, keptRows: histogram.total / 2,
                                   amounts: histogram, entries: entries)
        }
        let summary = CleaningSummary(rowsRead: 1000, kept: 900, dropped: [
            ("voucher_amount", 10), ("total_orders", 20), ("country_code", 0), ("unparseable_time", 30),
            ("first_after_last", 15), ("voucher_before_last_order", 5), ("duplicate", 20),
        ])
        let sources = [SourceIdentity(name: "history.parquet", size: 123_456, sha256: SHA256.hash(Array("history".utf8)))]
        return TableContents(segments: segments, countries: all, summary: summary, sources: sources)
    }

    /// The encoded fixture.
    static let bytes: [UInt8] = try! TableEncoder.encode(contents)

    /// The fixture opened from memory.
    static let table: VoucherTable = try! VoucherTable(bytes: bytes)

    /// Where the checked-in golden table lives.
    static let goldenPath = SharedData.path("Tests/VoucherTableTests/Fixtures/golden.vtab")

    /// `bytes` with the header's directory CRC-32 recomputed (to reach checks after it).
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        let count = Int(readU32(copy, 24))
        let end = TableFormat.headerLength + count * TableFormat.directoryEntryLength
        writeU32(&copy, end, CRC32.checksum(Array(copy[0 ..< end])))
        return copy
    }

    static func readU32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0 ..< 4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    static func writeU32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        for i in 0 ..< 4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    static func writeU16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
        for i in 0 ..< 2 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    /// The error opening `bytes` throws, or `nil` when it opens.
    static func openError(_ bytes: [UInt8], supportedMinorVersion: UInt16 = TableFormat.minorVersion) -> VoucherTableError? {
        do {
            _ = try VoucherTable(bytes: bytes, supportedMinorVersion: supportedMinorVersion)
            return nil
        } catch {
            return error
        }
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL { try SharedData.temporaryDirectory("voucher-table-tests") }
}
