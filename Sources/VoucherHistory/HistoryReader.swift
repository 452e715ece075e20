/// A file of voucher history, read in batches of rows.
///
/// Every format (Parquet, CSV) hands out the same typed view, so nothing
/// after the reader knows which file type it came from. A reader is used by
/// one thread at a time; it holds at most one batch (one Parquet row group,
/// or a bounded number of CSV rows) in memory.
public protocol HistoryReader: AnyObject {
    /// The path the reader was opened with, as given (used in every error).
    var path: String { get }
    /// What kind of file this is, for profiles and reports.
    var format: HistoryFormat { get }
    /// Every column of the file, in file order.
    var columns: [SourceColumn] { get }
    /// The number of rows, when the file says so up front (Parquet); `nil` for CSV.
    var rowCount: Int? { get }

    /// Reads the next batch of rows.
    ///
    /// - Parameter columns: indices into ``columns`` of the columns to decode,
    ///   in the order the batch should hold them. Columns not asked for are
    ///   skipped without being decompressed.
    /// - Returns: the batch, or `nil` once every row has been read.
    /// - Throws: ``HistoryError`` naming the file, column, row or byte offset.
    func nextBatch(columns: [Int]) throws -> HistoryBatch?

    /// Reads the next batch of rows, the text of `times.columns` read as
    /// times while it is decoded where the format allows (Parquet); other
    /// readers return the text, for the caller to parse.
    func nextBatch(columns: [Int], times: TimeTextParser) throws -> HistoryBatch?

    /// Decodes the next batches on the threads of `parallelism` where the
    /// format allows (Parquet: a row group's column chunks as its tasks);
    /// other readers decode on the calling thread. The batches are the same
    /// at any thread count.
    func decode(on parallelism: Parallelism)
}

extension HistoryReader {
    /// The text is returned as text: the caller parses it.
    public func nextBatch(columns: [Int], times: TimeTextParser) throws -> HistoryBatch? {
        try nextBatch(columns: columns)
    }

    /// Decoded on the calling thread.
    public func decode(on parallelism: Parallelism) {}

    /// The index in ``columns`` of the column with exactly this name.
    ///
    /// - Throws: ``HistoryError`` with code `missingColumn` that names it.
    public func columnIndex(named name: String) throws -> Int {
        guard let index = columns.firstIndex(where: { $0.name == name }) else {
            throw HistoryError(.missingColumn, file: path, column: name,
                               "missing column '\(name)' (the file has: \(columns.map(\.name).joined(separator: ", ")))")
        }
        return index
    }
}

/// The kind of a history file and how it is stored.
public struct HistoryFormat: Sendable, Hashable, CustomStringConvertible {
    /// `"parquet"` or `"csv"`.
    public var name: String
    /// The compression codecs used by the file's column chunks (Parquet), e.g. `["GZIP"]`; empty for CSV.
    public var codecs: [String]

    public init(name: String, codecs: [String] = []) {
        self.name = name
        self.codecs = codecs
    }

    public var description: String {
        codecs.isEmpty ? name : "\(name) (\(codecs.joined(separator: ", ")))"
    }
}

/// One column of a history file, as the file declares it.
public struct SourceColumn: Sendable, Hashable {
    /// The column's name (exact, as in the file).
    public var name: String
    /// The physical type as the file names it: `BYTE_ARRAY`, `INT64`, … for
    /// Parquet; `text` for CSV.
    public var physicalType: String
    /// The logical or converted type, e.g. `STRING`, `TIMESTAMP(MILLIS, UTC)`,
    /// `DATE`; `nil` when the file declares none.
    public var logicalType: String?
    /// How this column's values are handed out.
    public var kind: ValueKind

    public init(name: String, physicalType: String, logicalType: String?, kind: ValueKind) {
        self.name = name
        self.physicalType = physicalType
        self.logicalType = logicalType
        self.kind = kind
    }
}

/// The typed view every reader hands out.
public enum ValueKind: String, Sendable, Hashable {
    /// UTF-8 (or raw) bytes: Parquet BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY, every CSV field.
    case text
    /// A whole number: Parquet INT32 / INT64 without a time annotation.
    case integer
    /// A floating-point number: Parquet FLOAT / DOUBLE.
    case double
    /// An instant, in nanoseconds since 1970-01-01T00:00:00Z: Parquet
    /// TIMESTAMP (milli, micro, nano), INT96, and DATE (midnight UTC).
    case time
    /// Parquet BOOLEAN.
    case boolean
}
