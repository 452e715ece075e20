import VoucherCompiler
import VoucherHistory
import VoucherTable

/// A history held in memory: every column text, `nil` for null.
final class MemoryHistory: HistoryReader {
    let path: String
    let format = HistoryFormat(name: "memory")
    let columns: [SourceColumn]
    var rowCount: Int? { rows.count }
    private let rows: [[String?]]
    private var done = false

    /// Rows of the six columns in the order `timestamp, country_code,
    /// last_order_ts, first_order_ts, total_orders, voucher_amount`.
    init(_ path: String = "memory.csv", rows: [[String?]],
         names: [String] = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]) {
        self.path = path
        self.rows = rows
        self.columns = names.map { SourceColumn(name: $0, physicalType: "text", logicalType: nil, kind: .text) }
    }

    func nextBatch(columns wanted: [Int]) throws -> HistoryBatch? {
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

/// A row that passes every check: Peru, 3 orders, amount 2640, last order 10 days before.
func goodRow(timestamp: String = "2018-05-13 10:00:00", country: String? = "Peru",
             lastOrder: String? = "2018-05-03 00:00:00", firstOrder: String? = "2017-05-03 00:00:00",
             totalOrders: String? = "3", amount: String? = "2640") -> [String?] {
    [timestamp, country, lastOrder, firstOrder, totalOrders, amount]
}

/// Compiles in-memory rows (one file per array) with the standard segments.
func compile(_ files: [[String?]]..., segments: SegmentConfiguration = .standard) throws -> CompileResult {
    let compiler = HistoryCompiler(segments: segments)
    for (i, rows) in files.enumerated() {
        try compiler.add(MemoryHistory("file\(i).csv", rows: rows))
    }
    return try compiler.finish()
}

extension CompileResult {
    /// The entry for a country key, segment name and bucket name.
    func entry(_ country: String, _ segment: String, _ bucket: String) -> TableEntry? {
        guard let c = contents.countries.first(where: { $0.key == country }),
              let s = contents.segments.index(of: segment),
              let b = contents.segments.segments[s].buckets.firstIndex(where: { $0.name == bucket }) else { return nil }
        return c.entries[s][b]
    }

    /// Drop counts in SPEC §2's order.
    var dropCounts: [Int] { DropReason.allCases.map { dropped($0) } }
}
