import Foundation
import Testing
import VoucherCompiler
@testable import VoucherReport
import VoucherTable
import VoucherTestSupport

/// Issue 5's acceptance: on the reference history, the report's JSON equals
/// the compiled table, read back from the file, number for number.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
struct ReferenceReportTests {
    /// The table as written and read back with `VoucherTable.contents()`.
    static func tableContents(_ result: CompileResult) throws -> TableContents {
        let folder = try SharedData.temporaryDirectory("voucher-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vouchers.vtab").path
        try TableWriter.write(result.contents, to: path)
        return try VoucherTable(path: path).contents()
    }

    @Test func jsonEqualsTheCompiledTable() throws {
        let (report, result) = try Reference.compiled.get()
        let table = try Self.tableContents(result)
        let json = try jsonObject(report)

        #expect(json["schema_version"] as? Int == 1)
        let rows = try #require(json["rows"] as? [String: Any])
        #expect(rows["read"] as? Int == table.summary.rowsRead)
        #expect(rows["kept"] as? Int == table.summary.kept)
        #expect(rows["dropped"] as? Int == table.summary.rowsRead - table.summary.kept)
        #expect(table.summary.rowsRead == 285_570)

        let drops = try #require(json["drops"] as? [[String: Any]])
        #expect(drops.map { $0["reason"] as? String } == table.summary.dropped.map(\.reason))
        #expect(drops.map { $0["count"] as? Int } == table.summary.dropped.map(\.count))
        for (drop, reason) in zip(drops, DropReason.allCases) {
            let examples = try #require(drop["examples"] as? [[String: Any]])
            #expect(examples.count == result.examples[reason.rawValue].count)
            #expect(examples.count == min(5, result.dropped(reason)))
            #expect(examples.map { $0["values"] as? [String] } == result.examples[reason.rawValue].map(\.values))
        }

        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.count == table.sources.count)
        for (file, source) in zip(files, table.sources) {
            #expect(file["name"] as? String == source.name)
            #expect((file["size"] as? NSNumber)?.int64Value == source.size)
            #expect(file["sha256"] as? String == source.sha256.map { String(format: "%02x", $0) }.joined())
            #expect(file["format"] as? String == "parquet")
            #expect(file["codecs"] as? [String] == ["GZIP"])
            #expect(file["rows"] as? Int == table.summary.rowsRead)
        }

        let countries = try #require(json["countries"] as? [[String: Any]])
        #expect(countries.count == table.countries.count)
        var entriesChecked = 0
        for (country, expected) in zip(countries, table.countries) {
            #expect(country["key"] as? String == expected.key)
            #expect(country["name"] as? String == expected.displayName)
            #expect(country["kept"] as? Int == expected.keptRows)
            let amounts = try #require(country["amounts"] as? [[String: Any]])
            #expect(amounts.map { ($0["amount"] as? NSNumber)?.int64Value } == expected.amounts.amounts)
            #expect(amounts.map { $0["rows"] as? Int } == expected.amounts.counts)
            let segments = try #require(country["segments"] as? [[String: Any]])
            #expect(segments.map { $0["segment"] as? String } == table.segments.segments.map(\.name))
            for (s, segment) in segments.enumerated() {
                let entries = try #require(segment["entries"] as? [[String: Any]])
                #expect(entries.count == expected.entries[s].count)
                for (b, (entry, want)) in zip(entries, expected.entries[s]).enumerated() {
                    #expect(entry["bucket"] as? String == table.segments.segments[s].buckets[b].name)
                    #expect((entry["amount"] as? NSNumber)?.int64Value == want.amount)
                    #expect(entry["samples"] as? Int == want.samples)
                    #expect(entry["fallback"] as? Bool == want.isFallback)
                    let amountRows = want.histogram.amounts.firstIndex(of: want.amount).map { want.histogram.counts[$0] } ?? 0
                    #expect(entry["amount_rows"] as? Int == amountRows)
                    entriesChecked += 1
                }
            }
        }
        #expect(entriesChecked == 4 * 10)
    }

    @Test func distributionsAccountForEveryRow() throws {
        let (report, _) = try Reference.compiled.get()
        for histogram in [report.totalOrders, report.daysSinceLastOrder] {
            #expect(histogram.binnedRows + histogram.belowZero.rows + histogram.missing.rows == report.rowsRead)
            #expect(histogram.bins.reduce(0) { $0 + $1.kept } + histogram.belowZero.kept + histogram.missing.kept == report.kept)
        }
        for timeline in [report.timestampMonths, report.lastOrderMonths] {
            #expect(timeline.periods.reduce(0) { $0 + $1.rows } + timeline.missing.rows == report.rowsRead)
        }
        #expect(report.timestampMonths.firstDay == "2015-04-09")
        #expect(report.lastOrderMonths.firstDay == "2018-03-09")
        #expect(report.totalOrders.missing.rows == 22_845)
        let columns = try #require(report.files.first?.columns)
        #expect(columns.map(\.name) == ReportCollector.columnNames)
        #expect(columns[4].empty == 22_845)
        #expect(columns[5].nulls == 1_731)
    }

    @Test func notesNameWhatToActOn() throws {
        let (report, _) = try Reference.compiled.get()
        let texts = report.notes.map(\.text)
        #expect(texts.contains("8.0% of rows have an empty total_orders (22,845)."))
        #expect(texts.contains { $0.hasPrefix("12 of 24 recency_segment buckets have no history and fall back") })
        #expect(texts.contains { $0.contains("have a timestamp before the earliest last_order_ts (2018-03-09)") })
    }

    @Test func htmlIsWellFormedAndSelfContained() throws {
        let (report, _) = try Reference.compiled.get()
        let html = report.html()
        let check = XMLCheck()
        let error = check.parse(html)
        #expect(error == nil, "\(String(describing: error))")
        for reference in check.references {
            #expect(!reference.lowercased().hasPrefix("http:") && !reference.lowercased().hasPrefix("https:")
                        && !reference.hasPrefix("//"), "external reference \(reference)")
        }
        #expect(!html.contains("<script"))
        #expect(!html.contains("@import") && !html.contains("url("))
        #expect(check.elements["svg", default: 0] == 1 + 4 + 4 * (1 + 2))  // drops, 2 histograms, 2 timelines; per country amounts and 2 segments
        for number in ["285,570", "240,257", "45,313", "22,711", "20,861", "1,731"] {
            #expect(html.contains(number), "the page lacks \(number)")
        }
    }
}
