import VoucherHistory
import VoucherTable

/// A history file as the report shows it.
public struct ReportFile: Sendable, Equatable {
    /// The file's name, without its folder.
    public var name: String
    /// The path as given.
    public var path: String
    /// Size in bytes; `nil` when the compile did not hash the file (a reader added directly).
    public var size: Int64?
    /// SHA-256 of the file's bytes, lower-case hex; `nil` like ``size``, and
    /// for an S3 object (its ``name`` holds its ETag instead).
    public var sha256: String?
    /// `parquet` or `csv`.
    public var format: String
    /// The Parquet compression codecs, e.g. `["GZIP"]`; empty for CSV.
    public var codecs: [String]
    /// Rows read from this file.
    public var rows: Int
    /// The six compiled columns, in the order `timestamp`, `country_code`,
    /// `last_order_ts`, `first_order_ts`, `total_orders`, `voucher_amount`.
    public var columns: [ReportColumn]

    init(_ file: ReportCollector.FileState, source: SourceIdentity?) {
        name = source?.name ?? String(file.path.split(separator: "/").last ?? Substring(file.path))
        path = file.path
        size = source?.size
        // An S3 object is not hashed (its name carries its ETag): its SHA-256 is left zero in the table.
        sha256 = source.flatMap { $0.sha256.allSatisfy { $0 == 0 } ? nil : SHA256.hex($0.sha256) }
        format = file.format.name
        codecs = file.format.codecs
        rows = file.rows
        columns = file.profilers.map { ReportColumn($0.profile) }
    }
}

/// One column's statistics in one file.
public struct ReportColumn: Sendable, Equatable {
    /// The column's name.
    public var name: String
    /// The physical type the file declares (`BYTE_ARRAY`, `INT64`, …; `text` for CSV).
    public var physicalType: String
    /// The logical type, e.g. `STRING`, `TIMESTAMP(MILLIS)`; `nil` when none.
    public var logicalType: String?
    /// How values are read: `text`, `integer`, `double`, `time` or `boolean`.
    public var kind: String
    /// Null rows.
    public var nulls: Int
    /// Rows holding the empty text; `nil` for a column that is not text.
    public var empty: Int?
    /// Distinct non-null values (a lower bound when ``distinctExact`` is false).
    public var distinct: Int
    /// Whether ``distinct`` is exact.
    public var distinctExact: Bool
    /// The smallest value as text (times as `YYYY-MM-DD HH:MM:SS[.f]` UTC); `nil` when every row is null.
    public var min: String?
    /// The largest value, like ``min``.
    public var max: String?

    init(_ profile: ColumnProfile) {
        name = profile.column.name
        physicalType = profile.column.physicalType
        logicalType = profile.column.logicalType
        kind = profile.column.kind.rawValue
        nulls = profile.nulls
        empty = profile.emptyStrings
        distinct = profile.distinctCount
        distinctExact = profile.distinctIsExact
        min = profile.min?.description
        max = profile.max?.description
    }
}
