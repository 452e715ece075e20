import Dispatch
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
/// A batch's columns are profiled per dictionary entry, and its rows,
/// as the compile judges them (a run at a time), tallied in tight loops of
/// array increments: both on another thread, one piece after the other, while
/// the compile goes on. Not thread-safe otherwise: it belongs to the compile
/// it observes.
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
    /// What was seen of each file, once the work handed to another thread is done.
    var files: [FileState] {
        settle()
        return fileStates
    }
    /// The tallies of every row, once the work handed to another thread is done.
    var tallies: RowTallies {
        settle()
        return tallyState
    }
    private var fileStates: [FileState] = []
    private var tallyState = RowTallies()
    private var pending: ParsedBatch?
    /// The work handed to another thread, in order (a serial queue). Until
    /// ``settle()`` has waited for it, it alone touches `fileStates`'
    /// profilers and problems, and `tallyState`.
    private let lane = DispatchQueue(label: "voucher.report")
    private var laneHasWork = false

    /// - Parameter distinctLimit: distinct values are counted exactly up to
    ///   this many per column; past it a column reports "more than" the limit.
    public init(distinctLimit: Int = ReportCollector.defaultDistinctLimit) {
        self.distinctLimit = max(1, distinctLimit)
    }

    /// A file starts: its format and the declared types of the compiled columns.
    public func begin(reader: any HistoryReader) {
        settle()
        let columns = Self.columnNames.map { name in
            reader.columns.first { $0.name == name }
                ?? SourceColumn(name: name, physicalType: "?", logicalType: nil, kind: .text)
        }
        fileStates.append(FileState(path: reader.path, format: reader.format,
                                    profilers: columns.map { ColumnProfiler(column: $0, distinctLimit: distinctLimit) }))
    }

    /// A batch was read: its columns are profiled on another thread (while
    /// the compile parses it and judges its rows).
    public func batch(_ batch: HistoryBatch) {
        settle()
        pending = nil
        guard !fileStates.isEmpty else { return }
        let file = fileStates.count - 1
        fileStates[file].rows += batch.rowCount
        enqueue { collector in collector.profile(batch, file: file) }
    }

    /// The batch's values were parsed: kept for its tallies.
    public func parsed(_ parsed: ParsedBatch) {
        pending = parsed
    }

    /// Rows were judged: they are tallied on another thread, while the
    /// compile judges the next ones.
    public func rows(_ rows: Range<Int>, verdicts judged: UnsafeBufferPointer<RowVerdict>) {
        guard let parsed = pending else { return }
        // Per row: 0 kept, else 1 + the drop reason's raw value.
        let codes = judged.map { verdict -> UInt8 in
            switch verdict {
            case .kept: 0
            case .dropped(let reason): UInt8(truncatingIfNeeded: reason.rawValue + 1)
            }
        }
        enqueue { collector in collector.tallyState.add(parsed, verdicts: codes, firstRow: rows.lowerBound) }
    }

    /// A file ended.
    public func end(reader: any HistoryReader) {
        pending = nil
    }

    /// Profiles the columns of `batch` of file `file` (on the other thread).
    private func profile(_ batch: HistoryBatch, file: Int) {
        for (column, values) in batch.columns.prefix(Self.columnNames.count).enumerated() {
            do {
                try fileStates[file].profilers[column].add(values, file: fileStates[file].path)
            } catch {
                if fileStates[file].problem == nil { fileStates[file].problem = "\(error)" }
            }
        }
    }

    /// Runs `work` on another thread after the work handed over before it.
    private func enqueue(_ work: @escaping (ReportCollector) -> Void) {
        // Safe to hand over: until settle() the other thread alone runs this
        // collector's handed-over work, which touches only what `lane` says.
        let handed = UncheckedSendable((self, work))
        laneHasWork = true
        lane.async { handed.value.1(handed.value.0) }
    }

    /// Waits for the work handed to another thread.
    private func settle() {
        guard laneHasWork else { return }
        laneHasWork = false
        lane.sync {}
    }
}

/// Hands a value that is not `Sendable` to the collector's lane thread.
/// Safe where it is used (``ReportCollector/enqueue(_:)``): until `settle()`
/// the lane alone runs the handed-over work, and the work touches only the
/// collector state that lane owns; `settle()` waits for the lane before the
/// calling thread reads that state again.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
