public import VoucherCompiler
import VoucherHistory
import VoucherTable

/// The history report: every number a data owner looks at before trusting
/// the table, gathered from one compile.
///
/// Built from a ``ReportCollector`` that observed the compile and the
/// compile's `CompileResult`; rendered as one self-contained HTML page with
/// ``html()`` and as JSON with ``json()`` (the schema is the `ReportJSON`
/// article). The JSON holds every number the HTML shows. A value type:
/// safe to share between threads.
public struct HistoryReport: Sendable, Equatable {
    /// The version of the JSON schema (`schema_version`); bumped when a field changes meaning or goes away.
    public static let schemaVersion = 1

    /// The files read, in the order given.
    public var files: [ReportFile]
    /// Rows read from every file.
    public var rowsRead: Int
    /// Rows kept.
    public var kept: Int
    /// Rows dropped (every reason).
    public var dropped: Int
    /// One entry per behaviour §2 reason, in the behaviour document's order, zero counts included.
    public var drops: [ReportDrop]
    /// `total_orders`, as parsed, over every row where it is a whole number ≥ 0.
    public var totalOrders: ReportHistogram
    /// Whole days from `last_order_ts` to `timestamp`, over every row where both are times.
    public var daysSinceLastOrder: ReportHistogram
    /// Rows per month (or year) of `timestamp`.
    public var timestampMonths: ReportTimeline
    /// Rows per month (or year) of `last_order_ts`.
    public var lastOrderMonths: ReportTimeline
    /// The segments the table was compiled for.
    public var segments: [ReportSegment]
    /// The countries of the table, sorted by key.
    public var countries: [ReportCountry]
    /// What the data owner should act on, derived from the numbers above.
    public var notes: [ReportNote]

    /// Builds the report of a finished compile.
    ///
    /// - Parameters:
    ///   - collector: the observer that was attached to the compile before its files were added.
    ///   - result: the compile's result (`HistoryCompiler.finish()`).
    public init(collector: ReportCollector, result: CompileResult) {
        let contents = result.contents
        let tallies = collector.tallies
        files = collector.files.enumerated().map { index, file in
            let source = index < contents.sources.count ? contents.sources[index] : nil
            return ReportFile(file, source: source)
        }
        rowsRead = contents.summary.rowsRead
        kept = contents.summary.kept
        dropped = rowsRead - kept
        drops = DropReason.allCases.map { reason in
            let count = contents.summary.dropped[reason.rawValue].count
            return ReportDrop(reason: reason.name, rule: ReportDrop.rule(of: reason), count: count,
                              share: ReportNumber.share(count, of: contents.summary.rowsRead),
                              examples: reason.rawValue < result.examples.count
                                  ? result.examples[reason.rawValue].map(ReportExample.init) : [])
        }
        totalOrders = ReportHistogram(metric: "total_orders", unit: "orders", counts: tallies.totalOrders)
        daysSinceLastOrder = ReportHistogram(metric: "days_since_last_order", unit: "days",
                                             counts: tallies.daysSinceLastOrder)
        timestampMonths = ReportTimeline(column: "timestamp", days: tallies.timestampDays)
        lastOrderMonths = ReportTimeline(column: "last_order_ts", days: tallies.lastOrderDays)
        segments = contents.segments.segments.map(ReportSegment.init)
        countries = contents.countries.map { ReportCountry($0, segments: contents.segments, totalKept: contents.summary.kept) }
        notes = []
        notes = ReportNotes.derive(from: self, tallies: tallies)
        for file in collector.files {
            if let problem = file.problem {
                notes.append(ReportNote(level: .action, text: "The column profile of \(file.path) is incomplete: \(problem)."))
            }
        }
    }
}
