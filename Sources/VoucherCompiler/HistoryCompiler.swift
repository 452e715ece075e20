public import VoucherHistory
public import VoucherTable

/// Turns voucher history into the table: behaviour §2 (cleaning), §3 (segments)
/// and §4 (aggregation), in one streaming pass.
///
/// Feed it one or more files with ``add(_:)`` and take the result with
/// ``finish()``. Memory follows the largest batch of the readers (two of
/// them while a batch follows another: the duplicate check copies the keys
/// out of the one before when the next begins), plus the duplicate check
/// (about 65 bytes per distinct kept row of earlier batches: its key and
/// hash slot; 18 for the current batch's) and the counts (per country,
/// segment, bucket and amount). Not thread-safe: one compile
/// per instance.
///
/// With a memory limit, the duplicate check holds at most what the limit
/// leaves after ``memoryForReading``; past that it spills the rows it cannot
/// decide to files in a temporary folder and settles them in ``finish()``
/// (see ``SpilledPart``), with the same verdicts. A compile with observers
/// keeps its check in memory: they are told every row's verdict in row order.
public final class HistoryCompiler {
    /// The six columns, in the order the compiler asks for them.
    static let columnNames = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]
    /// The columns that hold times (as text or as Parquet times).
    static let timeColumnNames: Set = ["timestamp", "last_order_ts", "first_order_ts"]

    /// What a compile's memory holds besides the duplicate check, at most:
    /// two batches of a row group of a million rows (the reader's buffers,
    /// columns and parsed values), the counts and the spill buffers.
    public static let memoryForReading = 160 << 20

    /// The segments the table is compiled for.
    public let segments: SegmentConfiguration
    /// How many example rows to keep per drop reason.
    public let examplesPerReason: Int

    /// The row-by-row work (a value, so its hot loops access their state
    /// without the run-time exclusivity checks of a class's properties).
    private var pass: CompilePass
    private var sources: [BackgroundWork<SourceIdentity>] = []
    private var observers: [any CompileObserver] = []

    /// - Parameters:
    ///   - segments: the segment configuration (behaviour §3); defaults to the standard one.
    ///   - examplesPerReason: example rows kept per drop reason, for reports.
    ///   - memoryLimit: the bytes the compile may hold (nil: no limit); the
    ///     duplicate check gets what is left after ``memoryForReading``, and
    ///     at least ``smallestCheckBudget``.
    ///   - temporaryDirectory: an existing folder for the spill files, which
    ///     the compile removes when it has settled them, fails, or goes.
    ///   - threads: the threads the rows are read and judged on (nil: one per core).
    ///     The table is the same at any count.
    public convenience init(segments: SegmentConfiguration = .standard, examplesPerReason: Int = 5,
                            memoryLimit: Int? = nil, temporaryDirectory: String = "/tmp", threads: Int? = nil) {
        let budget = memoryLimit.map {
            DuplicateCheckBudget(bytes: max($0 - Self.memoryForReading, Self.smallestCheckBudget), directory: temporaryDirectory)
        }
        self.init(segments: segments, examplesPerReason: examplesPerReason, budget: budget,
                  parallelism: threads.map { Parallelism(threads: $0) } ?? .machine)
    }

    /// The least memory the duplicate check gets under a memory limit (13,107
    /// keys): with less, the spill files would be split into thousands of tiny ones.
    public static let smallestCheckBudget = 1 << 20

    /// A compile whose duplicate check has the budget `budget` (tests give tiny ones).
    init(segments: SegmentConfiguration, examplesPerReason: Int, budget: DuplicateCheckBudget?,
         parallelism: Parallelism = .machine) {
        self.segments = segments
        self.examplesPerReason = examplesPerReason
        self.pass = CompilePass(segments: segments, examplesPerReason: examplesPerReason, budget: budget,
                                parallelism: parallelism)
    }

    deinit {
        // The duplicate check holds up to 65 bytes a row: freed on the
        // second core while this one writes the table.
        releaseInBackground(pass)
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
        try add(HistoryFile.open(path), identity: { try SourceIdentity(hashing: path) })
    }

    /// Compiles every row of `reader`, and records the identity `identity`
    /// computes (on the second core, while the rows are compiled) in the
    /// table's sources: a file's SHA-256, or an object's URL and ETag.
    ///
    /// - Throws: ``HistoryError`` for a missing column or unreadable data.
    package func add(_ reader: consuming any HistoryReader, identity: @escaping @Sendable () throws -> SourceIdentity) throws {
        sources.append(BackgroundWork(identity))
        try add(reader)
        releaseInBackground(consume reader)  // its read buffers are megabytes
    }

    /// Compiles every row of an opened reader, which decodes on the
    /// compile's threads where its format allows (``HistoryReader/decode(on:)``).
    ///
    /// - Throws: ``HistoryError`` for a missing column or unreadable data.
    public func add(_ reader: any HistoryReader) throws {
        reader.decode(on: pass.parallelism)
        let columns = try Self.columnNames.map { try reader.columnIndex(named: $0) }
        if let rows = reader.rowCount { pass.reserve(rows) }
        for observer in observers { observer.begin(reader: reader) }
        // The time columns' text is parsed as it is decoded; it is kept only
        // for observers (a report profiles it).
        let timeColumns = zip(Self.columnNames, columns).filter { Self.timeColumnNames.contains($0.0) }.map(\.1)
        let times = TimeTextParser(columns: Set(timeColumns), keepsText: !observers.isEmpty) { TimeText.nanoseconds($0) }
        while let batch = try reader.nextBatch(columns: columns, times: times) {
            try pass.process(batch, file: reader.path, observers: observers)
            releaseInBackground(consume batch)  // its columns are megabytes
        }
        for observer in observers { observer.end(reader: reader) }
    }

    /// The table contents and the cleaning summary of everything added.
    ///
    /// - Throws: ``HistoryError`` when a file could not be read for its
    ///   SHA-256, or a spill file could not be written or read back.
    public func finish() throws -> CompileResult {
        let spilled = pass.isSpilling
        try pass.settleSpilled()
        let sources = try sources.map { try $0.wait() }
        let summary = CleaningSummary(
            rowsRead: pass.rowsRead, kept: pass.kept,
            dropped: DropReason.allCases.map { (reason: $0.name, count: pass.dropped[$0.rawValue]) })
        let contents = TableContents(segments: segments, countries: pass.aggregator.countries(),
                                     summary: summary, sources: sources)
        var result = CompileResult(contents: contents, examples: DropReason.allCases.map { pass.examples[$0.rawValue] })
        result.spilled = spilled
        return result
    }
}

/// What became of one row.
public enum RowVerdict: Sendable, Hashable {
    /// Kept: it counts in the table.
    case kept
    /// Dropped for the first reason it failed.
    case dropped(DropReason)
}
