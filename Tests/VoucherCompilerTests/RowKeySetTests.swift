import Testing
import VoucherHistory
import VoucherTestSupport
@testable import VoucherCompiler

/// The duplicate check's set on its own: each key is new exactly once,
/// across batches, in both parts, in 4-byte slots and after the switch to
/// 8-byte ones (forced early here; a real set switches past 4,194,303 keys).
@Suite struct RowKeySetTests {
    /// A batch of `rows` rows whose keys repeat: timestamps from a small range.
    static func batch(rows: Int, random: inout SplitMix) -> (HistoryBatch, ParsedBatch, CountryTable) {
        let times = (0 ..< rows).map { _ in Int64(random.next() % 900) * 1_000_000_000 }
        var countries = TextValues()
        for name in ["Peru", "Latvia", " peru "] { countries.append(Array(name.utf8)) }
        let columns = [
            ColumnBatch(values: .time(times), indices: (0 ..< rows).map { Int32($0) }),
            ColumnBatch(values: .text(countries), indices: (0 ..< rows).map { _ in Int32(random.next() % 3) }),
            ColumnBatch(values: .time([0, 86_400_000_000_000]), indices: (0 ..< rows).map { _ in Int32(random.next() % 2) }),
            ColumnBatch(values: .time([0]), indices: Array(repeating: 0, count: rows)),
            ColumnBatch(values: .integer([1, 5]), indices: (0 ..< rows).map { _ in Int32(random.next() % 2) }),
            ColumnBatch(values: .integer([2640]), indices: Array(repeating: 0, count: rows)),
        ]
        let batch = HistoryBatch(firstRow: 0, rowCount: rows, columns: columns)
        var table = CountryTable()
        let parsed = ParsedBatch(batch, countries: &table)
        return (batch, parsed, table)
    }

    /// A new batch of `rows` rows into `sets`, set `i` taking part `i` of
    /// as many parts as there are sets: the batch's keys, and each one's novelty.
    static func insertBatch(rows: Int, random: inout SplitMix, into sets: inout [RowKeySet]) -> ([RowKey], [KeyNovelty]) {
        let (_, parsed, table) = batch(rows: rows, random: &random)
        let source = KeySource.batch(parsed, countries: table.countryOfSpelling)
        for part in sets.indices { sets[part].begin(source) }
        let keys = (0 ..< rows).map { source.key($0) }
        let numbers = (0 ..< rows).map { Int32($0) }
        let hashes = keys.map { RowKeySet.hash($0) }
        let parts = KeyParts(atLeast: sets.count)
        var fresh = [KeyNovelty](repeating: .repeated, count: rows)
        fresh.withUnsafeMutableBufferPointer { fresh in
            keys.withUnsafeBufferPointer { keys in
                numbers.withUnsafeBufferPointer { numbers in
                    hashes.withUnsafeBufferPointer { hashes in
                        for part in sets.indices {
                            sets[part].insert(keys, rows: numbers, hashes: hashes, part: parts.keys(of: part), fresh: fresh)
                        }
                    }
                }
            }
        }
        return (keys, fresh)
    }

    @Test(arguments: [UInt32.maxKeys, 3000])
    func eachKeyIsNewOnce(narrowLimit: Int) {
        var random = SplitMix(seed: 3)
        var sets = [RowKeySet(narrowLimit: narrowLimit), RowKeySet(narrowLimit: narrowLimit)]
        var seen = Set<RowKey>()
        var news = 0
        for _ in 0 ..< 4 {
            let (keys, fresh) = Self.insertBatch(rows: 2500, random: &random, into: &sets)
            for (i, key) in keys.enumerated() {
                let expected = seen.insert(key).inserted
                #expect(fresh[i] == (expected ? .new : .repeated), "key \(i)")
                if expected { news += 1 }
            }
        }
        #expect(sets[0].count + sets[1].count == seen.count)
        #expect(news == seen.count && seen.count > 2000 && seen.count < 10_000)
        #expect(sets.allSatisfy(\.hasWideSlots) == (narrowLimit < UInt32.maxKeys))
    }

    @Test func aFrozenSetLooksUpAndAddsNothing() {
        var random = SplitMix(seed: 5)
        var sets = [RowKeySet()]
        var inSet = Set<RowKey>()
        for round in 0 ..< 3 {
            if round == 2 { sets[0].freeze() }
            let (keys, fresh) = Self.insertBatch(rows: 2000, random: &random, into: &sets)
            let before = inSet
            for (i, key) in keys.enumerated() {
                if round < 2 {
                    #expect(fresh[i] == (inSet.insert(key).inserted ? .new : .repeated), "key \(i)")
                } else {
                    // Frozen: a key of the set is repeated; any other, even seen twice now, unknown.
                    #expect(fresh[i] == (before.contains(key) ? .repeated : .unknown), "key \(i)")
                }
            }
        }
        #expect(sets[0].isFrozen && sets[0].count == inSet.count)
        #expect(inSet.count > 500)
    }
}
