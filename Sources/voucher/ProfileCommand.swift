import VoucherHistory
import VoucherStorage

/// `voucher profile FILE... [--json]`: what an unknown history holds.
struct ProfileCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "profile",
        abstract: "Print the schema, row count and per-column statistics of history files (Parquet or CSV).",
        arguments: PositionalSpec(name: "files", help: "History locations (files, folders, patterns, s3://…), as for compile.", isRepeated: true),
        options: [
            .flag("json", help: "Print the profile as JSON instead of tables."),
            OptionSpec(long: "distinct-limit", value: "n", help: "Count distinct values exactly up to this many per column.",
                       defaultValue: String(HistoryProfile.defaultDistinctLimit)),
        ])

    let files: [String]
    let json: Bool
    let distinctLimit: Int

    init(_ arguments: ParsedArguments) throws(UsageError) {
        files = arguments.positionals
        json = arguments.flag("json")
        distinctLimit = try arguments.integer("distinct-limit") ?? HistoryProfile.defaultDistinctLimit
        guard distinctLimit > 0 else { throw UsageError("--distinct-limit must be positive") }
    }

    func run() throws {
        let storage = StorageAccess()
        let profiles = try storage.resolve(files).map { part in
            try HistoryProfile(reading: storage.open(part), distinctLimit: distinctLimit)
        }
        print(json ? HistoryProfile.json(profiles) : HistoryProfile.text(profiles))
    }
}
