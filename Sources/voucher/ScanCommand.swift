import VoucherHistory

/// `voucher scan FILE...`: decode every value, print rows and nulls per column.
struct ScanCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "scan",
        abstract: "Decode every column of history files and print rows and nulls per column (a full read check).",
        arguments: PositionalSpec(name: "files", help: "History files (Parquet or CSV).", isRepeated: true))

    let files: [String]

    init(_ arguments: ParsedArguments) {
        files = arguments.positionals
    }

    func run() throws {
        for file in files {
            let scan = try HistoryScan(try HistoryFile.open(file))
            print("\(scan.path): \(scan.rows) rows")
            for (column, nulls) in scan.nulls { print("  \(column): \(nulls) nulls") }
        }
    }
}
