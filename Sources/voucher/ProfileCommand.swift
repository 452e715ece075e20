import VoucherHistory

/// `voucher profile FILE... [--json]`: what an unknown history holds.
struct ProfileCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "profile",
        abstract: "Print the schema, row count and per-column statistics of history files (Parquet or CSV).",
        arguments: PositionalSpec(name: "files", help: "History files (Parquet or CSV).", isRepeated: true),
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
        let profiles = try HistoryProfile.profile(paths: files, distinctLimit: distinctLimit)
        print(json ? HistoryProfile.json(profiles) : HistoryProfile.text(profiles))
    }
}
