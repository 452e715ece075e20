import Foundation
import Testing
import VoucherCompiler
import VoucherHistory
@testable import VoucherReport
import VoucherTable
import VoucherTestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A history held in memory: every column text, `nil` for null.
final class MemoryHistory: HistoryReader {
    let path: String
    let format = HistoryFormat(name: "csv")
    let columns: [SourceColumn]
    var rowCount: Int? { rows.count }
    private let rows: [[String?]]
    private var done = false

    /// Rows of the six columns in the order `timestamp, country_code,
    /// last_order_ts, first_order_ts, total_orders, voucher_amount`.
    init(_ path: String = "memory.csv", rows: [[String?]]) {
        self.path = path
        self.rows = rows
        self.columns = ReportCollector.columnNames.map { SourceColumn(name: $0, physicalType: "text", logicalType: nil, kind: .text) }
    }

    func nextBatch(columns wanted: [Int]) throws -> HistoryBatch? {
        guard !done else { return nil }
        done = true
        let batches = wanted.map { c -> ColumnBatch in
            var text = TextValues()
            var indices: [Int32] = []
            for row in rows {
                if let value = row[c] {
                    indices.append(Int32(text.count))
                    text.append(Array(value.utf8))
                } else {
                    indices.append(-1)
                }
            }
            return ColumnBatch(values: .text(text), indices: indices)
        }
        return HistoryBatch(firstRow: 0, rowCount: rows.count, columns: batches)
    }
}

/// A row that passes every check: Peru, 3 orders, amount 2640, last order 10 days before.
func goodRow(timestamp: String = "2018-05-13 10:00:00", country: String? = "Peru",
             lastOrder: String? = "2018-05-03 00:00:00", firstOrder: String? = "2017-05-03 00:00:00",
             totalOrders: String? = "3", amount: String? = "2640") -> [String?] {
    [timestamp, country, lastOrder, firstOrder, totalOrders, amount]
}

/// Compiles in-memory rows with a report collector attached; returns the report and the compile result.
func report(_ rows: [[String?]], segments: SegmentConfiguration = .standard) throws -> (HistoryReport, CompileResult) {
    let compiler = HistoryCompiler(segments: segments)
    let collector = ReportCollector()
    compiler.addObserver(collector)
    try compiler.add(MemoryHistory(rows: rows))
    let result = try compiler.finish()
    return (HistoryReport(collector: collector, result: result), result)
}

/// The report's JSON as Foundation objects.
func jsonObject(_ report: HistoryReport) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
}

/// Parses markup with Foundation's strict XML parser; the error, or `nil` when well-formed.
/// Collects every `src` and `href` attribute value on the way.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var references: [String] = []
    private(set) var elements: [String: Int] = [:]

    func parse(_ markup: String) -> (any Error)? {
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = self
        return parser.parse() ? nil : (parser.parserError ?? CocoaError(.coderReadCorrupt))
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        for (key, value) in attributes where key.lowercased() == "src" || key.lowercased() == "href" {
            references.append(value)
        }
    }
}

/// The reference history compiled once with a report, shared by the reference tests.
enum Reference {
    static let compiled: Result<(HistoryReport, CompileResult), any Error> = Result {
        let compiler = HistoryCompiler()
        let collector = ReportCollector()
        compiler.addObserver(collector)
        try compiler.add(path: SharedData.referenceHistoryPath)
        let result = try compiler.finish()
        return (HistoryReport(collector: collector, result: result), result)
    }
}
