import ArgumentParser
import VoucherHistory

/// `voucher profile FILE... [--json]`: what an unknown history holds.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Print the schema, row count and per-column statistics of history files (Parquet or CSV).")

    @Argument(help: "History files (Parquet or CSV).")
    var files: [String]

    @Flag(help: "Print the profile as JSON instead of tables.")
    var json = false

    @Option(help: "Count distinct values exactly up to this many per column.")
    var distinctLimit = HistoryProfile.defaultDistinctLimit

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one history file") }
        guard distinctLimit > 0 else { throw ValidationError("--distinct-limit must be positive") }
    }

    func run() throws {
        let profiles = try HistoryProfile.profile(paths: files, distinctLimit: distinctLimit)
        print(json ? HistoryProfile.json(profiles) : HistoryProfile.text(profiles))
    }
}
