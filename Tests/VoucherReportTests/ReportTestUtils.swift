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
