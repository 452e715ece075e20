@_spi(Testing) import VoucherHistory
import VoucherTable

/// The Parquet reader on arbitrary bytes: it opens or throws, never traps;
/// every column decodes (or the read throws a `HistoryError`); each batch is
/// consistent (row counts, indices within the values, text offsets in
/// order); and reading the text columns as times gives, row for row, the
/// time of each text that is one and the text itself otherwise, with every
/// other column unchanged. Read as times once more on three threads with
/// every chunk cut however small (the timestamps' pages split into runs
/// decoded apart), the file gives the same batches, or the same error, as
/// on one thread.
enum ParquetFuzz {
    /// The most rows decoded per input: a file may declare billions cheaply.
    static let maxRows = 1 << 20

    static func run(_ data: UnsafeRawBufferPointer) {
        FuzzScratch.withFile(data, suffix: ".parquet") { path in
            let plain = read(path, asTimes: false)
            let timed = read(path, asTimes: true)
            compare(plain, timed)
            let cut = read(path, asTimes: true, threads: 3)
            compareCut(timed, cut)
        }
    }

    /// What one pass read: the columns, the batches, and the error that ended it, if any.
    struct Pass {
        var columns: [SourceColumn] = []
        var batches: [HistoryBatch] = []
        var error: HistoryError?
    }

    /// One pass on one thread, or on `threads` with every chunk cut.
    static func read(_ path: String, asTimes: Bool, threads: Int = 1) -> Pass {
        var pass = Pass()
        do {
            let reader = try ParquetReader(path: path, parallelism: Parallelism(threads: threads))
            if threads > 1 { reader.parallelWork = 0 }
            pass.columns = reader.columns
            let all = Array(reader.columns.indices)
            let textColumns = Set(all.filter { reader.columns[$0].kind == .text })
            let times = TimeTextParser(columns: textColumns) { TimeText.nanoseconds($0) }
            var rows = 0
            while rows <= maxRows,
                  let batch = try asTimes ? reader.nextBatch(columns: all, times: times) : reader.nextBatch(columns: all) {
                check(batch, firstRow: rows, columns: all.count)
                rows += batch.rowCount
                pass.batches.append(batch)
            }
            if rows <= maxRows, let declared = reader.rowCount {
                precondition(rows == declared, "read \(rows) rows, the footer declares \(declared)")
            }
        } catch let error as HistoryError {
            pass.error = error
        } catch {
            preconditionFailure("not a HistoryError: \(error)")
        }
        return pass
    }

    /// A batch's shape: row counts, indices in range, text offsets in order.
    static func check(_ batch: HistoryBatch, firstRow: Int, columns: Int) {
        precondition(batch.firstRow == firstRow, "batch starts at row \(batch.firstRow), expected \(firstRow)")
        precondition(batch.columns.count == columns, "batch has \(batch.columns.count) columns, asked for \(columns)")
        for column in batch.columns {
            precondition(column.indices.count == batch.rowCount, "\(column.indices.count) indices for \(batch.rowCount) rows")
            let count = column.values.count
            for index in column.indices {
                precondition(index >= -1 && Int(index) < count, "index \(index) outside \(count) values")
            }
            if case .text(let text) = column.values {
                precondition(text.offsets.first == 0 && text.offsets.last == Int32(truncatingIfNeeded: text.bytes.count),
                             "text offsets do not span the bytes")
                for i in 1 ..< text.offsets.count {
                    precondition(text.offsets[i - 1] <= text.offsets[i], "text offsets out of order at \(i)")
                }
            }
        }
    }

    /// The two passes agree: same outcome, same rows; text read as times
    /// is the time of a text that is one, the text otherwise.
    static func compare(_ plain: Pass, _ timed: Pass) {
        precondition((plain.error == nil) == (timed.error == nil),
                     "one pass failed, the other did not: \(String(describing: plain.error)) / \(String(describing: timed.error))")
        eachCell(plain, timed, "the plain and the timed pass") { c, row, pc, tc in
            let pv = pc.value(at: row), tv = tc.value(at: row)
            guard case .text(let text) = pv else {
                precondition(same(pv, tv), "column \(c) row \(row): \(pv) read as \(tv) the second time")
                return
            }
            guard case .text(let values) = pc.values else { preconditionFailure("text value of a non-text column") }
            let expected = values.withBytes(at: Int(pc.indices[row])) { TimeText.nanoseconds($0) }
            if let expected {
                precondition(tv == .time(expected), "column \(c) row \(row): '\(text)' read as \(tv), expected time \(expected)")
            } else {
                precondition(tv == .text(text), "column \(c) row \(row): '\(text)' read as \(tv)")
            }
        }
    }

    /// The pass on one thread and the cut one: the same columns, the same
    /// error (the first in column order, then page order), the same rows.
    static func compareCut(_ serial: Pass, _ cut: Pass) {
        precondition(serial.error?.description == cut.error?.description,
                     "one thread: \(String(describing: serial.error)); cut on three: \(String(describing: cut.error))")
        eachCell(serial, cut, "one thread and three, cut") { c, row, sc, cc in
            let sv = sc.value(at: row), cv = cc.value(at: row)
            precondition(same(sv, cv), "column \(c) row \(row): \(sv) on one thread, \(cv) cut")
        }
    }

    /// Requires two passes to have the same columns and batch shapes, then
    /// calls `check` with each cell: its column position, its row in the
    /// batch, and the two passes' column batches.
    static func eachCell(_ a: Pass, _ b: Pass, _ passes: String,
                         _ check: (_ column: Int, _ row: Int, _ a: ColumnBatch, _ b: ColumnBatch) -> Void) {
        precondition(a.columns == b.columns, "the columns differ between \(passes)")
        precondition(a.batches.count == b.batches.count, "\(a.batches.count) batches against \(b.batches.count): \(passes)")
        for (x, y) in zip(a.batches, b.batches) {
            precondition(x.rowCount == y.rowCount && x.firstRow == y.firstRow, "batch shapes differ between \(passes)")
            for (c, (xc, yc)) in zip(x.columns, y.columns).enumerated() {
                for row in 0 ..< x.rowCount { check(c, row, xc, yc) }
            }
        }
    }

    /// Equal values, doubles by bit pattern (NaN equals itself).
    static func same(_ a: HistoryValue, _ b: HistoryValue) -> Bool {
        if case .double(let x) = a, case .double(let y) = b { return x.bitPattern == y.bitPattern }
        return a == b
    }
}
