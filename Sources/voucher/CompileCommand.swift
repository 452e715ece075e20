import Foundation
import VoucherCompiler
import VoucherReport
import VoucherTable

/// `voucher compile HISTORY... -o TABLE`: SPEC §2–§4, written atomically.
struct CompileCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "compile",
        abstract: "Clean voucher history, aggregate it per country, segment and bucket, and write the table file.",
        arguments: HistoryOptions.arguments,
        options: [
            OptionSpec(long: "output", short: "o", value: "file",
                       help: "The table file to write (atomically: a failed compile leaves an existing one intact).",
                       defaultValue: "artifacts/vouchers.vtab"),
            HistoryOptions.segmentsOption,
            OptionSpec(long: "summary-json", value: "file", help: "Also write the compile summary as JSON to this file."),
            OptionSpec(long: "report", value: "file",
                       help: "Also write the history report (HTML) to this file, from the same pass over the history."),
            OptionSpec(long: "report-json", value: "file", help: "Also write the history report's JSON to this file."),
        ])

    let input: HistoryOptions
    let output: String
    let summaryJson: String?
    let report: String?
    let reportJson: String?

    init(_ arguments: ParsedArguments) {
        input = HistoryOptions(arguments)
        output = arguments.string("output") ?? "artifacts/vouchers.vtab"
        summaryJson = arguments.string("summary-json")
        report = arguments.string("report")
        reportJson = arguments.string("report-json")
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let collector = report != nil || reportJson != nil ? ReportCollector() : nil
        let result = try input.compile(observers: collector.map { [$0] } ?? [])
        try TableWriter.write(result.contents, to: output)
        if let collector {
            try HistoryReport(collector: collector, result: result).write(htmlTo: report, jsonTo: reportJson)
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(result.summaryText(output: output, seconds: seconds))
        if let summaryJson {
            try result.summaryJSON(output: output, seconds: seconds).write(to: URL(fileURLWithPath: summaryJson), options: .atomic)
        }
    }
}
