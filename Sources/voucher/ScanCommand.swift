import VoucherHistory
import VoucherStorage

/// `voucher scan FILE...`: decode every value, print rows and nulls per column.
struct ScanCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "scan",
        abstract: "Decode every column of history files and print rows and nulls per column (a full read check).",
        arguments: PositionalSpec(name: "files", help: "History locations (files, folders, patterns, s3://…), as for compile.", isRepeated: true))

    let files: [String]

    init(_ arguments: ParsedArguments) {
        files = arguments.positionals
    }

    func run() throws {
        let storage = StorageAccess()
        for part in try storage.resolve(files) {
            let scan = try HistoryScan(try storage.open(part))
            print("\(scan.path): \(scan.rows) rows")
            for (column, nulls) in scan.nulls { print("  \(column): \(nulls) nulls") }
        }
    }
}
