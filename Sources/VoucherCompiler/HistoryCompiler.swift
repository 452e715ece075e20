public import VoucherHistory
public import VoucherTable

/// Turns voucher history into the table: SPEC §2 (cleaning), §3 (segments)
/// and §4 (aggregation), in one streaming pass.
///
/// Feed it one or more files with ``add(_:)`` and take the result with
/// ``finish()``. Memory follows the largest batch of the readers, plus the
/// duplicate check (about 52 bytes per distinct kept row) and the counts
/// (per country, segment, bucket and amount). Not thread-safe: one compile
/// per instance.
public final class HistoryCompiler {
    /// The six columns, in the order the compiler asks for them.
    static let columnNames = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]

    /// The segments the table is compiled for.
    public let segments: SegmentConfiguration
    /// How many example rows to keep per drop reason.
    public let examplesPerReason: Int

    private var aggregator: TableAggregator
    private var dropped = [Int](repeating: 0, count: DropReason.allCases.count)
    private var examples: [[DroppedRow]] = Array(repeating: [], count: DropReason.allCases.count)
    private var rowsRead = 0
    private var kept = 0
    private var seen = RowKeySet()
    private var sources: [BackgroundWork<SourceIdentity>] = []
    private var observers: [any CompileObserver] = []

    /// - Parameters:
    ///   - segments: the segment configuration (SPEC §3); defaults to the standard one.
    ///   - examplesPerReason: example rows kept per drop reason, for reports.
    public init(segments: SegmentConfiguration = .standard, examplesPerReason: Int = 5) {
        self.segments = segments
        self.examplesPerReason = examplesPerReason
        self.aggregator = TableAggregator(segments: segments)
    }

    /// Registers an observer that sees every batch and every row's verdict
    /// (the history report uses it to share the compile's single pass).
    public func addObserver(_ observer: any CompileObserver) {
        observers.append(observer)
    }

    /// Opens `path` (Parquet or CSV), records its identity (name, size,
    /// SHA-256) and compiles every row of it.
    ///
    /// - Throws: ``HistoryError`` for an unreadable file or a missing column.
    public func add(path: String) throws {
        let reader = try HistoryFile.open(path)
        sources.append(BackgroundWork { try SourceIdentity(hashing: path) })
        try add(reader)
    }

    /// Compiles every row of an opened reader.
    ///
    /// - Throws: ``HistoryError`` for a missing column or unreadable data.
    public func add(_ reader: any HistoryReader) throws {
        let columns = try Self.columnNames.map { try reader.columnIndex(named: $0) }
        if let rows = reader.rowCount { seen.reserve(seen.count + rows) }
        for observer in observers { observer.begin(reader: reader) }
        while let batch = try reader.nextBatch(columns: columns) {
            process(batch, file: reader.path)
        }
        for observer in observers { observer.end(reader: reader) }
    }

    /// The table contents and the cleaning summary of everything added.
    ///
    /// - Throws: ``HistoryError`` when a file could not be read for its SHA-256.
    public func finish() throws -> CompileResult {
        let sources = try sources.map { try $0.wait() }
        let summary = CleaningSummary(
            rowsRead: rowsRead, kept: kept,
            dropped: DropReason.allCases.map { (reason: $0.name, count: dropped[$0.rawValue]) })
        let contents = TableContents(segments: segments, countries: aggregator.countries(),
                                     summary: summary, sources: sources)
        return CompileResult(contents: contents,
                             examples: DropReason.allCases.map { examples[$0.rawValue] })
    }

    // MARK: - One batch

    private func process(_ batch: HistoryBatch, file: String) {
        let parsed = ParsedBatch(batch, countries: &aggregator.countryTable)
        let amountIDs = parsed.amountValues.map { $0 >= 0 ? aggregator.amountID(of: $0) : -1 }
        rowsRead += batch.rowCount
        let observing = !observers.isEmpty
        for observer in observers { observer.batch(batch, parsed: parsed) }
        for row in 0 ..< batch.rowCount {
            let verdict = judge(row, parsed)
            if observing { for observer in observers { observer.row(row, verdict: verdict) } }
            switch verdict {
            case .kept(let key, let spelling):
                kept += 1
                aggregator.add(key, spelling: spelling, amountID: amountIDs[Int(parsed.amountValueIndex(row))])
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

    /// SPEC §2's checks, in order; a kept row is also checked for duplicates.
    private func judge(_ row: Int, _ p: ParsedBatch) -> RowVerdict {
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
        guard seen.insert(key) else { return .dropped(.duplicate) }
        return .kept(key, spelling: spelling)
    }
}

/// What became of one row.
public enum RowVerdict: Sendable {
    /// Kept, with its parsed values and its spelling id of the country.
    case kept(RowKey, spelling: Int32)
    /// Dropped for the first reason it failed.
    case dropped(DropReason)
}
