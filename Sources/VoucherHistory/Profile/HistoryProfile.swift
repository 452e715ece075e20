/// A profile of one history file: its schema, its row count and, per
/// column, nulls, empty strings, distinct values, min, max and examples.
///
/// Built by reading every column of a reader once, batch by batch, so
/// memory stays bounded by one batch plus the distinct-value sets (which
/// stop at ``distinctLimit``). Render it with ``text`` or ``json(_:)``.
public struct HistoryProfile: Sendable, Hashable {
    /// How many distinct values a column is counted up to, by default.
    public static let defaultDistinctLimit = 100_000

    /// The file's path, as the reader was opened with it.
    public var path: String
    /// The file's format and codecs.
    public var format: HistoryFormat
    /// The number of rows read.
    public var rowCount: Int
    /// One profile per column, in file order.
    public var columns: [ColumnProfile]
    /// The bound distinct counts stopped at.
    public var distinctLimit: Int

    /// A profile from its parts.
    public init(path: String, format: HistoryFormat, rowCount: Int, columns: [ColumnProfile],
                distinctLimit: Int = HistoryProfile.defaultDistinctLimit) {
        self.path = path
        self.format = format
        self.rowCount = rowCount
        self.columns = columns
        self.distinctLimit = distinctLimit
    }

    /// Profiles the rest of `reader`, reading every column.
    ///
    /// - Parameters:
    ///   - reader: an opened reader, not yet read from (rows already read are not profiled).
    ///   - distinctLimit: distinct values are counted exactly up to this many per column;
    ///     past it the column reports "more than `distinctLimit`".
    /// - Throws: whatever ``HistoryError`` the reader throws, or `corrupt` for a batch
    ///   whose indices point past its values.
    public init(reading reader: any HistoryReader, distinctLimit: Int = HistoryProfile.defaultDistinctLimit) throws {
        var profilers = reader.columns.map { ColumnProfiler(column: $0, distinctLimit: distinctLimit) }
        let all = Array(profilers.indices)
        var rows = 0
        while let batch = try reader.nextBatch(columns: all) {
            rows += batch.rowCount
            for (column, values) in zip(all, batch.columns) {
                try profilers[column].add(values, file: reader.path)
            }
        }
        self.init(path: reader.path, format: reader.format, rowCount: rows,
                  columns: profilers.map(\.profile), distinctLimit: distinctLimit)
    }

    /// Opens and profiles each file in turn: one profile per path, in order.
    ///
    /// - Throws: the first file's ``HistoryError`` (opening or reading), naming that file.
    public static func profile(paths: [String], distinctLimit: Int = HistoryProfile.defaultDistinctLimit) throws
        -> [HistoryProfile]
    {
        try paths.map { path in
            try HistoryProfile(reading: HistoryFile.open(path), distinctLimit: distinctLimit)
        }
    }
}
