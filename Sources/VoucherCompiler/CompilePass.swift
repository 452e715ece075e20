import VoucherHistory
import VoucherTable

/// The row-by-row half of ``HistoryCompiler``: SPEC §2's checks, the
/// duplicate check and the counts, batch by batch.
///
/// Rows are judged a chunk at a time: first every check but the duplicate
/// one, then the chunk's candidate keys go through the duplicate check in
/// one loop (see ``RowKeySet``), then the verdicts are counted and handed to
/// the observers in row order.
struct CompilePass {
    let examplesPerReason: Int
    private(set) var aggregator: TableAggregator
    private(set) var dropped = [Int](repeating: 0, count: DropReason.allCases.count)
    private(set) var examples: [[DroppedRow]] = Array(repeating: [], count: DropReason.allCases.count)
    private(set) var rowsRead = 0
    private(set) var kept = 0
    private var seen = RowKeySet()

    init(segments: SegmentConfiguration, examplesPerReason: Int) {
        self.examplesPerReason = examplesPerReason
        self.aggregator = TableAggregator(segments: segments)
    }

    /// Makes room for `rows` more rows in the duplicate check.
    mutating func reserve(_ rows: Int) {
        seen.reserve(seen.count + rows)
    }

    /// Rows judged together: the duplicate check of a chunk's keys runs in one
    /// loop (see ``RowKeySet``), and the chunk's buffers stay in the caches.
    private static let chunkRows = 4096
    /// Per row of the chunk: the drop reason of SPEC §2's checks before the
    /// duplicate one, or -1 for a candidate.
    private var chunkReasons: [Int8] = []
    /// The candidates' keys, in row order, and whether each was new.
    private var chunkKeys: [RowKey] = []
    private var chunkFresh: [Bool] = []

    mutating func process(_ batch: HistoryBatch, file: String, observers: [any CompileObserver]) {
        let parsed = ParsedBatch(batch, countries: &aggregator.countryTable)
        let amountIDs = parsed.amountValues.map { $0 >= 0 ? aggregator.amountID(of: $0) : -1 }
        rowsRead += batch.rowCount
        for observer in observers { observer.batch(batch, parsed: parsed) }
        var start = 0
        while start < batch.rowCount {
            let rows = start ..< min(start + Self.chunkRows, batch.rowCount)
            check(rows, parsed)
            record(rows, batch, parsed, amountIDs: amountIDs, file: file, observers: observers)
            start = rows.upperBound
        }
    }

    /// SPEC §2's checks, in order, for `rows`; the candidates that pass the
    /// others are then checked for duplicates, in row order.
    private mutating func check(_ rows: Range<Int>, _ p: ParsedBatch) {
        chunkReasons.removeAll(keepingCapacity: true)
        chunkKeys.removeAll(keepingCapacity: true)
        for row in rows {
            switch candidate(row, p) {
            case .dropped(let reason): chunkReasons.append(Int8(reason.rawValue))
            case .kept(let key, _):
                chunkReasons.append(-1)
                chunkKeys.append(key)
            }
        }
        if chunkFresh.count < chunkKeys.count { chunkFresh = Array(repeating: false, count: Self.chunkRows) }
        chunkKeys.withUnsafeBufferPointer { keys in
            chunkFresh.withUnsafeMutableBufferPointer { seen.insert(keys, fresh: $0) }
        }
    }

    /// Counts the verdicts of `rows` (checked by ``check(_:_:)``) and hands
    /// them to the observers, in row order.
    private mutating func record(_ rows: Range<Int>, _ batch: HistoryBatch, _ p: ParsedBatch, amountIDs: [Int32], file: String,
                                     observers: [any CompileObserver]) {
        let observing = !observers.isEmpty
        var candidate = 0
        for (i, row) in rows.enumerated() {
            let verdict: RowVerdict
            if chunkReasons[i] >= 0 {
                verdict = .dropped(DropReason(rawValue: Int(chunkReasons[i]))!)
            } else {
                verdict = chunkFresh[candidate] ? .kept(chunkKeys[candidate], spelling: p.spelling(row)) : .dropped(.duplicate)
                candidate += 1
            }
            if observing { for observer in observers { observer.row(row, verdict: verdict) } }
            switch verdict {
            case .kept(let key, let spelling):
                kept += 1
                aggregator.add(key, spelling: spelling, amountID: amountIDs[Int(p.amountValueIndex(row))])
            case .dropped(let reason):
                dropped[reason.rawValue] += 1
                if examples[reason.rawValue].count < examplesPerReason {
                    examples[reason.rawValue].append(
                        DroppedRow(file: file, row: batch.firstRow + row,
                                   values: batch.columns.map { $0.value(at: row).description }))
                }
            }
        }
    }

    /// SPEC §2's checks but the duplicate one, in order: the first reason a
    /// row fails, or its key (a candidate, still to be checked for duplicates).
    private func candidate(_ row: Int, _ p: ParsedBatch) -> RowVerdict {
        let amount = p.amount(row)
        guard amount >= 0 else { return .dropped(.voucherAmount) }
        let orders = p.totalOrders(row)
        guard orders >= 0 else { return .dropped(.totalOrders) }
        let spelling = p.spelling(row)
        guard spelling >= 0 else { return .dropped(.countryCode) }
        let timestamp = p.timestamp(row), lastOrder = p.lastOrder(row), firstOrder = p.firstOrder(row)
        guard timestamp != ParsedBatch.noTime, lastOrder != ParsedBatch.noTime, firstOrder != ParsedBatch.noTime else {
            return .dropped(.unparseableTime)
        }
        guard firstOrder <= lastOrder else { return .dropped(.firstAfterLast) }
        guard lastOrder <= timestamp else { return .dropped(.voucherBeforeLastOrder) }
        let key = RowKey(timestamp: timestamp, lastOrder: lastOrder, firstOrder: firstOrder, totalOrders: orders,
                         amount: amount, country: aggregator.countryTable.country(ofSpelling: spelling))
        return .kept(key, spelling: spelling)
    }
}
