import ArgumentParser
import VoucherHistory

/// `voucher scan FILE...`: decode every value, print rows and nulls per column.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Decode every column of history files and print rows and nulls per column (a full read check).")

    @Argument(help: "History files (Parquet or CSV).")
    var files: [String]

    func run() throws {
        for file in files {
            let scan = try HistoryScan(try HistoryFile.open(file))
            print("\(scan.path): \(scan.rows) rows")
            for (column, nulls) in scan.nulls { print("  \(column): \(nulls) nulls") }
        }
    }
}
