import Foundation
@testable import VoucherHistory
import VoucherTestSupport

/// Helpers for the CSV and profile tests: CSV text written to a temporary file, and read back whole.
enum CSVTestUtils {
    /// Chunk sizes that put chunk boundaries everywhere (1 byte), at odd places, and nowhere (the default).
    static let chunkSizes = [1, 2, 3, 7, CSVFormat.defaultChunkSize]

    /// Writes `bytes` to `name` in a fresh temporary folder, calls `body` with its path, then removes the folder.
    static func withFile<R>(_ bytes: [UInt8], name: String = "history.csv", _ body: (String) throws -> R) throws -> R {
        let folder = try SharedData.temporaryDirectory("voucher-csv-tests")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return try body(url.path)
    }

    /// Writes `text` (as UTF-8) to a temporary file and calls `body` with its path.
    static func withFile<R>(_ text: String, name: String = "history.csv", _ body: (String) throws -> R) throws -> R {
        try withFile(Array(text.utf8), name: name, body)
    }

    /// Everything a reader hands out: column names, rows (`nil` for null) and the batches' first rows and sizes.
    struct Contents: Equatable {
        var columns: [String]
        var rows: [[String?]]
        var batches: [[Int]] = []
    }

    /// Reads every column of `reader` to the end.
    static func readAll(_ reader: any HistoryReader) throws -> Contents {
        var contents = Contents(columns: reader.columns.map(\.name), rows: [])
        let all = Array(reader.columns.indices)
        while let batch = try reader.nextBatch(columns: all) {
            contents.batches.append([batch.firstRow, batch.rowCount])
            for row in 0 ..< batch.rowCount {
                contents.rows.append(batch.columns.map { column in
                    if case .text(let text) = column.value(at: row) { return text }
                    return nil
                })
            }
        }
        return contents
    }

    /// Opens `text` as CSV with the given chunk size and batch length and reads it whole.
    static func read(_ text: String, chunkSize: Int = CSVFormat.defaultChunkSize,
                     batchRows: Int = CSVFormat.maxBatchRows) throws -> Contents {
        try withFile(text) { path in
            try readAll(CSVReader(path: path, chunkSize: chunkSize, batchRows: batchRows))
        }
    }

    /// The error reading `text` throws, with the file path replaced by `FILE`; `nil` when it reads.
    static func error(reading text: String, chunkSize: Int = CSVFormat.defaultChunkSize,
                      batchRows: Int = CSVFormat.maxBatchRows) throws -> HistoryError? {
        try withFile(text) { path in
            do {
                _ = try readAll(CSVReader(path: path, chunkSize: chunkSize, batchRows: batchRows))
                return nil
            } catch var error as HistoryError {
                error.file = "FILE"
                return error
            }
        }
    }
}
