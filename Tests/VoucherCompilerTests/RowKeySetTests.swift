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

    @Test(arguments: [UInt32.maxKeys, 3000])
    func eachKeyIsNewOnce(narrowLimit: Int) {
        var random = SplitMix(seed: 3)
        var sets = [RowKeySet(narrowLimit: narrowLimit), RowKeySet(narrowLimit: narrowLimit)]
        var seen = Set<RowKey>()
        var news = 0
        for _ in 0 ..< 4 {
            let (_, parsed, table) = Self.batch(rows: 2500, random: &random)
            let source = KeySource.batch(parsed, countries: table.countryOfSpelling)
            for part in sets.indices { sets[part].begin(source) }
            let keys = (0 ..< 2500).map { source.key($0) }
            let rows = (0 ..< 2500).map { Int32($0) }
            let hashes = keys.map { RowKeySet.hash($0) }
            let fresh = UnsafeMutableBufferPointer<KeyNovelty>.allocate(capacity: keys.count)
            defer { fresh.deallocate() }
            keys.withUnsafeBufferPointer { keys in
                rows.withUnsafeBufferPointer { rows in
                    hashes.withUnsafeBufferPointer { hashes in
                        for part in sets.indices {
                            sets[part].insert(keys, rows: rows, hashes: hashes, part: KeyParts(atLeast: 2).keys(of: part), fresh: fresh)
                        }
                    }
                }
            }
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
        var set = RowKeySet()
        var inSet = Set<RowKey>()
        for round in 0 ..< 3 {
            if round == 2 { set.freeze() }
            let (_, parsed, table) = Self.batch(rows: 2000, random: &random)
            let source = KeySource.batch(parsed, countries: table.countryOfSpelling)
            set.begin(source)
            let keys = (0 ..< 2000).map { source.key($0) }
            let rows = (0 ..< 2000).map { Int32($0) }
            let hashes = keys.map { RowKeySet.hash($0) }
            let fresh = UnsafeMutableBufferPointer<KeyNovelty>.allocate(capacity: keys.count)
            defer { fresh.deallocate() }
            keys.withUnsafeBufferPointer { keys in
                rows.withUnsafeBufferPointer { rows in
                    hashes.withUnsafeBufferPointer { hashes in
                        set.insert(keys, rows: rows, hashes: hashes, part: .all, fresh: fresh)
                    }
                }
            }
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
        #expect(set.isFrozen && set.count == inSet.count)
        #expect(inSet.count > 500)
    }
}
