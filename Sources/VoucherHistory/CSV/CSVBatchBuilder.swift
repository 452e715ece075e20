/// Collects the fields of consecutive CSV rows straight into per-column
/// ``TextValues``: the tokenizer hands it byte runs, never `String`s.
///
/// Each non-null field becomes one value (CSV has no dictionary), so
/// `indices` count up by one per non-null row and hold `-1` for null.
struct CSVBatchBuilder {
    /// One stored column of the batch.
    struct Column {
        var values = TextValues()
        var indices: [Int32] = []

        /// Ends the current value: the bytes appended since the last one, or null.
        mutating func endValue(isNull: Bool) {
            if isNull {
                indices.append(-1)
            } else {
                indices.append(Int32(truncatingIfNeeded: values.offsets.count - 1))
                values.offsets.append(Int32(truncatingIfNeeded: values.bytes.count))
            }
        }
    }

    /// Per file column: the index in ``columns`` its fields go to, or `-1` to skip them.
    private let slots: [Int]
    /// Header mode: every field of the row goes to column 0.
    private let collectsEveryField: Bool
    /// The most rows this batch takes.
    private let maxRows: Int
    /// The stored columns, one per distinct file column asked for.
    private(set) var columns: [Column]
    /// Rows completed so far.
    private(set) var rowCount = 0
    /// Text bytes held, over all columns.
    private(set) var byteCount = 0

    /// A builder for data rows that stores the file columns `requested` (indices, any order, repeats allowed).
    init(fileColumnCount: Int, requested: [Int], maxRows: Int) {
        var slots = [Int](repeating: -1, count: fileColumnCount)
        var stored = 0
        for column in requested where slots[column] < 0 {
            slots[column] = stored
            stored += 1
        }
        self.slots = slots
        self.collectsEveryField = false
        self.maxRows = maxRows
        self.columns = Array(repeating: Column(), count: stored)
        for i in columns.indices {
            columns[i].indices.reserveCapacity(min(maxRows, 4096))
        }
    }

    /// A builder for the header row: one row, all of whose fields land in column 0.
    private init(headerMode: Void) {
        slots = []
        collectsEveryField = true
        maxRows = 1
        columns = [Column()]
    }

    /// A builder that reads the header row.
    static func header() -> CSVBatchBuilder { CSVBatchBuilder(headerMode: ()) }

    /// Whether the batch should be closed at this row end.
    var isFull: Bool { rowCount >= maxRows || byteCount >= CSVFormat.batchByteBudget }

    /// The stored column that field `field` (0-based within the row) goes to, or `-1`.
    func slot(forField field: Int) -> Int {
        if collectsEveryField { return 0 }
        return field < slots.count ? slots[field] : -1
    }

    /// Appends part of the current field's bytes to column `slot`.
    ///
    /// - Returns: `false`, appending nothing, when the column would pass
    ///   ``CSVFormat/maxColumnBytes`` in this batch.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, toSlot slot: Int) -> Bool {
        guard columns[slot].values.bytes.count <= CSVFormat.maxColumnBytes - bytes.count else { return false }
        columns[slot].values.bytes.append(contentsOf: bytes)
        byteCount += bytes.count
        return true
    }

    /// Ends the current field of column `slot`: a value made of the bytes appended since the last one, or null.
    mutating func endField(slot: Int, isNull: Bool) {
        columns[slot].endValue(isNull: isNull)
    }

    /// Counts one completed row.
    mutating func endRow() { rowCount += 1 }

    /// The batch, with the file columns `requested` in the order asked.
    func makeBatch(firstRow: Int, requested: [Int]) -> HistoryBatch {
        let batches = requested.map { column in
            let stored = columns[slots[column]]
            return ColumnBatch(values: .text(stored.values), indices: stored.indices)
        }
        return HistoryBatch(firstRow: firstRow, rowCount: rowCount, columns: batches)
    }
}
