public import VoucherHistory

/// A history held in memory, every column text (`nil` for null), handed
/// out as one batch (or batches of `batchRows` rows): small histories
/// written in the tests.
public final class MemoryHistory: HistoryReader {
    /// The six columns of behaviour §1, in the order rows list them.
    public static let columnNames = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]

    public let path: String
    public let format = HistoryFormat(name: "csv")
    public let columns: [SourceColumn]
    public var rowCount: Int? { rows.count }
    private let rows: [[String?]]
    private let batchRows: Int
    private var nextRow = 0

    /// - Parameters:
    ///   - rows: values in the order of `names` (by default ``columnNames``).
    ///   - names: the column names.
    ///   - batchRows: the rows of a batch (default: all of them in one).
    public init(_ path: String = "memory.csv", rows: [[String?]], names: [String] = MemoryHistory.columnNames,
                batchRows: Int = .max) {
        self.path = path
        self.rows = rows
        self.batchRows = batchRows
        self.columns = names.map { SourceColumn(name: $0, physicalType: "text", logicalType: nil, kind: .text) }
    }

    public func nextBatch(columns wanted: [Int]) throws -> HistoryBatch? {
        guard nextRow < rows.count || (nextRow == 0 && rows.isEmpty) else { return nil }
        let first = nextRow
        let batch = rows[first ..< first + min(batchRows, rows.count - first)]
        nextRow = first + max(batch.count, 1)
        let batches = wanted.map { c -> ColumnBatch in
            var text = TextValues()
            var indices: [Int32] = []
            for row in batch {
                if let value = row[c] {
                    indices.append(Int32(text.count))
                    text.append(Array(value.utf8))
                } else {
                    indices.append(-1)
                }
            }
            return ColumnBatch(values: .text(text), indices: indices)
        }
        return HistoryBatch(firstRow: first, rowCount: batch.count, columns: batches)
    }
}

/// A row that passes every check of behaviour §2: Peru, 3 orders, amount 2640,
/// last order 10 days before the voucher.
public func goodRow(timestamp: String = "2018-05-13 10:00:00", country: String? = "Peru",
                    lastOrder: String? = "2018-05-03 00:00:00", firstOrder: String? = "2017-05-03 00:00:00",
                    totalOrders: String? = "3", amount: String? = "2640") -> [String?] {
    [timestamp, country, lastOrder, firstOrder, totalOrders, amount]
}
