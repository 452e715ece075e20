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

    @OptionGroup var input: HistoryOptions

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write (atomically).")
    var output: String = "report.html"

    @Option(help: "Also write every number of the report as JSON to this file (schema: the VoucherReport DocC article ReportJSON).")
    var json: String?

    func run() throws {
        let collector = ReportCollector()
        let report = HistoryReport(collector: collector, result: try input.compile(observers: [collector]))
        try report.write(htmlTo: output, jsonTo: json)
        print("wrote the report of \(report.rowsRead) rows (\(report.kept) kept, \(report.dropped) dropped, \(report.countries.count) countries) to \(output)" + (json.map { " and \($0)" } ?? ""))
    }
}
