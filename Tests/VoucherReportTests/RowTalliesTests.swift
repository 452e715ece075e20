import Testing
import VoucherHistory
import VoucherTestSupport
@testable import VoucherCompiler
@testable import VoucherReport

/// Tallies counted on two threads and added up equal one thread's.
@Suite struct RowTalliesTests {
    @Test(arguments: [0, 1, 7, 5000])
    func twoThreadsCountAsOne(rows: Int) {
        var random = SplitMix(seed: UInt64(rows) + 1)
        let day: Int64 = 86_400_000_000_000
        // Times over ~3 years, some missing, some last orders after the timestamp; orders wide and narrow.
        let times = (0 ..< rows).map { _ in random.next() % 10 == 0 ? ParsedBatch.noTime : Int64(random.next() % 1000) * day }
        let lastOrders = (0 ..< rows).map { _ in random.next() % 10 == 0 ? ParsedBatch.noTime : Int64(random.next() % 1200) * day }
        let orders = (0 ..< rows).map { _ in random.next() % 7 == 0 ? -1 : Int64(random.next() % 3 == 0 ? random.next() % 100_000 : random.next() % 50) }
        func column(_ values: [Int64]) -> ColumnBatch {
            ColumnBatch(values: .time(values), indices: (0 ..< rows).map { Int32($0) })
        }
        let batch = HistoryBatch(firstRow: 0, rowCount: rows, columns: [
            column(times), ColumnBatch(values: .text(TextValues(bytes: Array("Peru".utf8), offsets: [0, 4])), indices: Array(repeating: 0, count: rows)),
            column(lastOrders), column(lastOrders),
            ColumnBatch(values: .integer(orders), indices: (0 ..< rows).map { Int32($0) }),
            ColumnBatch(values: .integer([2640]), indices: Array(repeating: 0, count: rows)),
        ])
        var countries = CountryTable()
        let parsed = ParsedBatch(batch, countries: &countries)
        let codes = (0 ..< rows).map { _ in UInt8(random.next() % 8) }
        var one = RowTallies(), two = RowTallies()
        one.add(parsed, verdicts: codes, rows: 0 ..< rows)
        two.addOnTwoThreads(parsed, verdicts: codes, rows: 0 ..< rows)
        #expect(one.verdicts == two.verdicts)
        for (a, b) in [(one.totalOrders, two.totalOrders), (one.daysSinceLastOrder, two.daysSinceLastOrder)] {
            #expect(a.exact == b.exact && a.wide == b.wide && a.negative == b.negative && a.missing == b.missing)
        }
        for (a, b) in [(one.timestampDays, two.timestampDays), (one.lastOrderDays, two.lastOrderDays)] {
            #expect(a.days.map { [$0.day, Int64($0.kept), Int64($0.dropped)] } == b.days.map { [$0.day, Int64($0.kept), Int64($0.dropped)] })
            #expect(a.missing == b.missing)
        }
        #expect(one.verdicts.reduce(0, +) == rows)
    }
}
