import ArgumentParser
import VoucherCompiler
import VoucherReport
import VoucherTable

/// `voucher report HISTORY... -o report.html [--json report.json]`: the
/// history report, from one compile pass (no table is written).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the history report: one self-contained HTML page (and optionally its JSON) with the files, drops, column statistics, distributions and every table entry.")

    @Argument(help: "History files (Parquet or CSV), compiled together as `voucher compile` would.")
    var history: [String]

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write (atomically).")
    var output: String = "report.html"

    @Option(help: "Segment configuration (JSON); default: the SPEC §3 segments.")
    var segments: String?

    @Option(help: "Also write every number of the report as JSON to this file (schema: the VoucherReport DocC article ReportJSON).")
    var json: String?

    func validate() throws {
        guard !history.isEmpty else { throw ValidationError("name at least one history file") }
    }

    func run() throws {
        let configuration = try segments.map { try SegmentConfiguration.load(path: $0) } ?? .standard
        let compiler = HistoryCompiler(segments: configuration)
        let collector = ReportCollector()
        compiler.addObserver(collector)
        for path in history { try compiler.add(path: path) }
        let report = HistoryReport(collector: collector, result: try compiler.finish())
        try report.write(htmlTo: output, jsonTo: json)
        print("wrote the report of \(report.rowsRead) rows (\(report.kept) kept, \(report.dropped) dropped, \(report.countries.count) countries) to \(output)" + (json.map { " and \($0)" } ?? ""))
    }
}
