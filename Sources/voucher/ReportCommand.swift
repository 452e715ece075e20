import VoucherCompiler
import VoucherReport
import VoucherTable

/// `voucher report HISTORY... -o report.html [--json report.json]`: the
/// history report, from one compile pass (no table is written).
struct ReportCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write the history report: one self-contained HTML page (and optionally its JSON) with the files, drops, column statistics, distributions and every table entry.",
        arguments: HistoryOptions.arguments,
        options: [
            OptionSpec(long: "output", short: "o", value: "file", help: "The HTML file to write (atomically).",
                       defaultValue: "report.html"),
            HistoryOptions.segmentsOption,
            OptionSpec(long: "json", value: "file",
                       help: "Also write every number of the report as JSON to this file (schema: the VoucherReport DocC article ReportJSON)."),
        ])

    let input: HistoryOptions
    let output: String
    let json: String?

    init(_ arguments: ParsedArguments) {
        input = HistoryOptions(arguments)
        output = arguments.string("output") ?? "report.html"
        json = arguments.string("json")
    }

    func run() throws {
        let collector = ReportCollector()
        let storage = StorageAccess()
        let report = HistoryReport(collector: collector, result: try input.compile(storage: storage, observers: [collector]))
        try report.write(htmlTo: output, jsonTo: json)
        defer { if let line = storage.statisticsLine { print(line) } }
        print("wrote the report of \(report.rowsRead) rows (\(report.kept) kept, \(report.dropped) dropped, \(report.countries.count) countries) to \(output)" + (json.map { " and \($0)" } ?? ""))
    }
}
