package import VoucherTable

/// What a compile produced: the table's contents and examples of dropped rows.
public struct CompileResult: Sendable {
    /// Everything the table file holds.
    package let contents: TableContents
    /// Up to ``HistoryCompiler/examplesPerReason`` dropped rows per reason, indexed by ``DropReason/rawValue``.
    public let examples: [[DroppedRow]]
    /// Whether the duplicate check went past its memory budget and spilled
    /// to disk (``HistoryCompiler/init(segments:examplesPerReason:memoryLimit:temporaryDirectory:threads:)``).
    public var spilled = false

    /// Rows read from every file.
    public var rowsRead: Int { contents.summary.rowsRead }
    /// Rows kept.
    public var kept: Int { contents.summary.kept }
    /// Rows dropped for `reason`.
    public func dropped(_ reason: DropReason) -> Int { contents.summary.dropped[reason.rawValue].count }
    /// The number of countries in the table.
    public var countryCount: Int { contents.countries.count }
}

/// A dropped row, as it was in the file.
public struct DroppedRow: Sendable, Hashable {
    /// The file, as given.
    public let file: String
    /// The 0-based data row in that file.
    public let row: Int
    /// The six columns' values as read, in the order `timestamp`,
    /// `country_code`, `last_order_ts`, `first_order_ts`, `total_orders`,
    /// `voucher_amount`; `null` for a null. In a compile nothing observes
    /// (no report), Parquet text times that parse are shown as the instant
    /// they stand for, in UTC (`2020-05-20 15:43:38.364972`): that compile
    /// reads them as times and keeps no text but of those that do not parse.
    public let values: [String]
}
