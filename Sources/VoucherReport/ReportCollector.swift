public import VoucherCompiler
public import VoucherHistory
import VoucherTable

/// Gathers what the history report needs from a compile's single pass: per
/// file, the column profiles; over every row, the integer histograms of
/// `total_orders` and of days since the last order, and the days of
/// `timestamp` and `last_order_ts`, each split into kept and dropped rows.
///
/// Attach it with `HistoryCompiler.addObserver(_:)` before adding files,
/// then build the report with ``HistoryReport/init(collector:result:)``.
/// Per row it stores one byte (the verdict); each batch is then tallied in
/// one tight loop of array increments, and its columns are profiled per
/// dictionary entry. Not thread-safe: it belongs to the compile it observes.
public final class ReportCollector: CompileObserver {
    /// The compiled columns, in the order the compiler asks for them
    /// (the order of every batch this observer sees).
    static let columnNames = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders",
                              "voucher_amount"]

    /// What was seen of one file.
    struct FileState {
        var path: String
        var format: HistoryFormat
        var profilers: [ColumnProfiler]
        var rows = 0
        /// The first profiling failure (a corrupt batch), if any.
        var problem: String?
    }

    /// How many distinct values per column the report counts exactly, by
    /// default: enough for every column but the near-unique `timestamp`,
    /// whose count would cost the compile more than the rest of the report.
    public static let defaultDistinctLimit = 10_000

    /// Distinct values are counted exactly up to this many per column.
    public let distinctLimit: Int
    private(set) var files: [FileState] = []
    private(set) var tallies = RowTallies()
    private var pending: ParsedBatch?
    private var pendingRows = 0
    /// Per row of the pending batch: 0 kept, else 1 + the drop reason's raw value.
    /// Written once per row from the compile's hot loop, only by this observer's
    /// own methods on the compile's thread: the dynamic exclusivity check is skipped.
    @exclusivity(unchecked) private var verdicts: [UInt8] = []

    /// - Parameter distinctLimit: distinct values are counted exactly up to
    ///   this many per column; past it a column reports "more than" the limit.
    public init(distinctLimit: Int = ReportCollector.defaultDistinctLimit) {
        self.distinctLimit = max(1, distinctLimit)
    }

    /// A file starts: its format and the declared types of the compiled columns.
    public func begin(reader: any HistoryReader) {
        let columns = Self.columnNames.map { name in
            reader.columns.first { $0.name == name }
                ?? SourceColumn(name: name, physicalType: "?", logicalType: nil, kind: .text)
        }
        files.append(FileState(path: reader.path, format: reader.format,
                               profilers: columns.map { ColumnProfiler(column: $0, distinctLimit: distinctLimit) }))
    }

    /// A batch was parsed: tallies the previous one and profiles this one's columns.
    public func batch(_ batch: HistoryBatch, parsed: ParsedBatch) {
        flush()
        guard !files.isEmpty else { return }
        let file = files.count - 1
        files[file].rows += batch.rowCount
        for (column, values) in batch.columns.prefix(Self.columnNames.count).enumerated() {
            do {
                try files[file].profilers[column].add(values, file: files[file].path)
            } catch {
                if files[file].problem == nil { files[file].problem = "\(error)" }
            }
        }
        pending = parsed
        pendingRows = batch.rowCount
        if verdicts.count < batch.rowCount { verdicts = [UInt8](repeating: 0, count: batch.rowCount) }
    }

    /// Records one row's verdict (one byte store).
    public func row(_ row: Int, verdict: RowVerdict) {
        switch verdict {
        case .kept: verdicts[row] = 0
        case .dropped(let reason): verdicts[row] = UInt8(truncatingIfNeeded: reason.rawValue + 1)
        }
    }

    /// A file ended: tallies its last batch.
    public func end(reader: any HistoryReader) {
        flush()
    }

    /// Tallies the pending batch's rows.
    private func flush() {
        guard let parsed = pending else { return }
        pending = nil
        tallies.add(parsed, verdicts: verdicts, rows: pendingRows)
    }
}
