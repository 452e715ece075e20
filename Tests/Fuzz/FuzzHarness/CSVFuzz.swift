import VoucherHistory

/// The CSV reader on arbitrary bytes: it opens or throws a `HistoryError`,
/// never traps; and the answer does not depend on how the file is read.
/// Read whole (one 1 MiB chunk, one batch) and with tiny chunks (1, 2, 3
/// and 7 bytes, so that chunk boundaries fall everywhere) and tiny batches,
/// it gives the same columns and rows, or the same error.
enum CSVFuzz {
    /// (chunk size, batch rows) of the readings compared with the whole one.
    static let readings = [(1, 1), (2, 3), (3, 64), (7, 2)]

    static func run(_ data: UnsafeRawBufferPointer) {
        FuzzScratch.withFile(data, suffix: ".csv") { path in
            let whole = read(path, chunkSize: 1 << 20, batchRows: 1 << 16)
            for (chunkSize, batchRows) in readings {
                let other = read(path, chunkSize: chunkSize, batchRows: batchRows)
                precondition(other == whole, """
                    chunk size \(chunkSize), batches of \(batchRows): \(other)
                    whole file: \(whole)
                    """)
            }
        }
    }

    /// Everything a reading gives: the column names and the rows, or the error's text.
    enum Reading: Equatable, CustomStringConvertible {
        case rows(columns: [String], rows: [[HistoryValue]])
        case failed(String)

        var description: String {
            switch self {
            case .rows(let columns, let rows): "columns \(columns), rows \(rows)"
            case .failed(let message): "error \(message)"
            }
        }
    }

    static func read(_ path: String, chunkSize: Int, batchRows: Int) -> Reading {
        do {
            let reader = try CSVReader(path: path, chunkSize: chunkSize, batchRows: batchRows)
            let all = Array(reader.columns.indices)
            var rows: [[HistoryValue]] = []
            while let batch = try reader.nextBatch(columns: all) {
                precondition(batch.firstRow == rows.count, "batch starts at row \(batch.firstRow), expected \(rows.count)")
                precondition(batch.rowCount > 0 && batch.rowCount <= batchRows, "a batch of \(batch.rowCount) rows")
                for row in 0 ..< batch.rowCount {
                    rows.append(batch.columns.map { $0.value(at: row) })
                }
            }
            let after = try reader.nextBatch(columns: all)
            precondition(after == nil, "a batch after the end")
            return .rows(columns: reader.columns.map(\.name), rows: rows)
        } catch let error as HistoryError {
            return .failed(error.description)
        } catch {
            preconditionFailure("not a HistoryError: \(error)")
        }
    }
}
