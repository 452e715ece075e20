import ArgumentParser

/// Placeholder: `voucher report` (issue 5).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write the history report (not yet).")
    func run() throws { throw ValidationError("voucher report is not built yet") }
}
