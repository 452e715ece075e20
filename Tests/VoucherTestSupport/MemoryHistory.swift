public import VoucherHistory

/// A history held in memory, every column text (`nil` for null), handed
/// out as one batch: small histories written in the tests.
public final class MemoryHistory: HistoryReader {
    /// The six columns of behaviour §1, in the order rows list them.
    public static let columnNames = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]

    public let path: String
    public let format = HistoryFormat(name: "csv")
    public let columns: [SourceColumn]
    public var rowCount: Int? { rows.count }
    private let rows: [[String?]]
    private var done = false

    /// - Parameters:
    ///   - rows: values in the order of `names` (by default ``columnNames``).
    ///   - names: the column names.
    public init(_ path: String = "memory.csv", rows: [[String?]], names: [String] = MemoryHistory.columnNames) {
        self.path = path
        self.rows = rows
        self.columns = names.map { SourceColumn(name: $0, physicalType: "text", logicalType: nil, kind: .text) }
    }

    public func nextBatch(columns wanted: [Int]) throws -> HistoryBatch? {
        guard !done else { return nil }
        done = true
        let batches = wanted.map { c -> ColumnBatch in
            var text = TextValues()
            var indices: [Int32] = []
            for row in rows {
                if let value = row[c] {
                    indices.append(Int32(text.count))
                    text.append(Array(value.utf8))
                } else {
                    indices.append(-1)
                }
            }
            return ColumnBatch(values: .text(text), indices: indices)
        }
        return HistoryBatch(firstRow: 0, rowCount: rows.count, columns: batches)
    }
}

/// A row that passes every check of behaviour §2: Peru, 3 orders, amount 2640,
/// last order 10 days before the voucher.
public func goodRow(timestamp: String = "2018-05-13 10:00:00", country: String? = "Peru",
                    lastOrder: String? = "2018-05-03 00:00:00", firstOrder: String? = "2017-05-03 00:00:00",
                    totalOrders: String? = "3", amount: String? = "2640") -> [String?] {
    [timestamp, country, lastOrder, firstOrder, totalOrders, amount]
}
