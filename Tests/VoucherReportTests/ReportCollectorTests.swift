import Testing
import VoucherTestSupport
import VoucherCompiler
@testable import VoucherReport
import VoucherTable

struct ReportCollectorTests {
    static let rows: [[String?]] = [
        goodRow(),
        goodRow(totalOrders: "40", amount: "4400"),
        goodRow(amount: nil),                                   // voucher_amount
        goodRow(totalOrders: ""),                               // total_orders
        goodRow(country: "  "),                                 // country_code
        goodRow(lastOrder: "yesterday"),                        // unparseable_time
        goodRow(firstOrder: "2018-06-01 00:00:00"),             // first_after_last
        goodRow(timestamp: "2016-01-01 00:00:00"),              // voucher_before_last_order
        goodRow(),                                              // duplicate
    ]

    @Test func theReportMatchesTheCompile() throws {
        let (report, result) = try report(Self.rows)
        #expect(report.rowsRead == 9)
        #expect(report.kept == 2)
        #expect(report.drops.map(\.count) == [1, 1, 1, 1, 1, 1, 1])
        #expect(report.drops.map(\.examples.count) == [1, 1, 1, 1, 1, 1, 1])
        #expect(report.drops[1].examples.first?.values[4] == "")
        #expect(report.countries.map(\.name) == ["Peru"])
        let peru = try #require(report.countries.first)
        #expect(peru.amounts == [.init(amount: 2640, rows: 1), .init(amount: 4400, rows: 1)])
        let frequent = peru.segments[0].entries
        #expect(frequent.map(\.fallback) == [false, true, true, false])
        #expect(frequent[0].amount == 2640 && frequent[0].samples == 1 && frequent[0].share == 1)
        #expect(frequent[1].amount == 2640 && frequent[1].samples == 0 && frequent[1].share == 0)
        #expect(result.contents.countries[0].entries[0].map(\.amount) == frequent.map(\.amount))
    }

    @Test func tallies() throws {
        let (report, _) = try report(Self.rows)
        // total_orders: 8 rows with 3 or 40, one empty.
        #expect(report.totalOrders.missing.rows == 1)
        #expect(report.totalOrders.binnedRows == 8)
        #expect(report.totalOrders.bins.first { $0.lower <= 3 && 3 <= $0.upper }?.kept == 1)
        // days: 10 for most rows; the unparseable time is missing; the 2016 voucher is below zero.
        #expect(report.daysSinceLastOrder.missing.rows == 1)
        #expect(report.daysSinceLastOrder.belowZero == ReportBin.Split(kept: 0, dropped: 1))
        #expect(report.daysSinceLastOrder.bins.first { $0.lower <= 10 && 10 <= $0.upper }?.rows == 7)
        #expect(report.timestampMonths.periods.first?.period == "2016-01")
        #expect(report.timestampMonths.periods.last?.period == "2018-05")
        #expect(report.lastOrderMonths.missing.rows == 1)
        let columns = try #require(report.files.first?.columns)
        #expect(columns[1].empty == 0)
        #expect(columns[4].empty == 1)
        #expect(columns[5].nulls == 1)
        #expect(report.files.first?.rows == 9)
        #expect(report.files.first?.sha256 == nil)
    }

    @Test func observingDoesNotChangeTheTable() throws {
        let plain = HistoryCompiler()
        try plain.add(MemoryHistory(rows: Self.rows))
        let (_, observed) = try report(Self.rows)
        #expect(try plain.finish().contents == observed.contents)
    }

    @Test func notes() throws {
        let (report, _) = try report(Self.rows)
        let texts = report.notes.map(\.text)
        #expect(texts.contains("11.1% of rows have an empty total_orders (1)."))
        #expect(texts.contains { $0.hasPrefix("2 of 4 frequent_segment buckets have no history and fall back") })
        #expect(texts.contains { $0.hasPrefix("2 of 4 frequent_segment buckets rest on fewer than 30 rows") })
        #expect(texts.contains { $0.contains("back to 2016-01-01, 2 years earlier") })
        #expect(report.notes.first { $0.text.contains("voucher_before_last_order") }?.level == .action)
    }

    @Test func hostileTextStaysWellFormed() throws {
        let rows = [goodRow(country: "<b>&\"Perú'</b>\u{1}"), goodRow(amount: "<script>alert(1)</script>")]
        let (report, _) = try report(rows)
        let html = report.html()
        #expect(XMLCheck().parse(html) == nil)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func anEmptyHistoryStillRenders() throws {
        let (report, _) = try report([])
        #expect(report.countries.isEmpty)
        #expect(report.notes.map(\.text) == ["The history has no rows: the table is empty."])
        #expect(XMLCheck().parse(report.html()) == nil)
        let json = try jsonObject(report)
        #expect((json["rows"] as? [String: Any])?["read"] as? Int == 0)
    }
}
