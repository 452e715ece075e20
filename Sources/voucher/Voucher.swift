import ArgumentParser

/// `voucher`: compile voucher history into a lookup table, look up, inspect.
///
/// Each subcommand is a thin layer over the libraries; errors print one line
/// (`Error: <file>: <where>: <what>`) and exit non-zero.
@main
struct Voucher: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn voucher history into the voucher table, and answer lookups from it.",
        subcommands: [
            ProfileCommand.self, ScanCommand.self, CompileCommand.self, InspectCommand.self, LookupCommand.self,
            ServeCommand.self, ReportCommand.self,
        ]
    )
}
