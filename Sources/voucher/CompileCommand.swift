import ArgumentParser
import Foundation
import VoucherCompiler
import VoucherReport
import VoucherTable

/// `voucher compile HISTORY... -o TABLE`: SPEC §2–§4, written atomically.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Clean voucher history, aggregate it per country, segment and bucket, and write the table file.")

    @OptionGroup var input: HistoryOptions

    @Option(name: [.short, .customLong("output")], help: "The table file to write (atomically: a failed compile leaves an existing one intact).")
    var output: String = "artifacts/vouchers.vtab"

    @Option(help: "Also write the compile summary as JSON to this file.")
    var summaryJson: String?

    @Option(help: "Also write the history report (HTML) to this file, from the same pass over the history.")
    var report: String?

    @Option(help: "Also write the history report's JSON to this file.")
    var reportJson: String?

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
