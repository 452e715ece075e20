/// Decodes every column of every row of a history file and counts rows and
/// nulls: the cheapest full read, for `voucher scan` and the read benchmark.
public struct HistoryScan: Sendable {
    /// The file, as given.
    public let path: String
    /// Rows read.
    public let rows: Int
    /// Per column, in file order: its name and its number of nulls.
    public let nulls: [(column: String, count: Int)]

    /// Reads `reader` to the end.
    ///
    /// - Throws: ``HistoryError`` from the reader.
    public init(_ reader: any HistoryReader) throws {
        let all = Array(reader.columns.indices)
        var rows = 0
        var nulls = [Int](repeating: 0, count: all.count)
        while let batch = try reader.nextBatch(columns: all) {
            rows += batch.rowCount
            for (c, column) in batch.columns.enumerated() {
                nulls[c] += column.indices.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            }
        }
        self.path = reader.path
        self.rows = rows
        self.nulls = zip(reader.columns, nulls).map { (column: $0.name, count: $1) }
    }
}
