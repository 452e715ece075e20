/// What a profile found in one column of a history file.
///
/// Values compare by kind: numbers numerically (NaN is left out of min and
/// max), times chronologically, text in byte order, `false` before `true`.
public struct ColumnProfile: Sendable, Hashable {
    /// The column as the file declares it (name, physical and logical type, kind).
    public var column: SourceColumn
    /// Rows where the column is null.
    public var nulls: Int
    /// Rows holding the empty text; `nil` for a column that is not text.
    public var emptyStrings: Int?
    /// Distinct non-null values: exact when ``distinctIsExact``, else the
    /// bound the count stopped at (the column has more than that).
    public var distinctCount: Int
    /// Whether ``distinctCount`` is exact.
    public var distinctIsExact: Bool
    /// The smallest non-null value, `nil` when every row is null.
    public var min: HistoryValue?
    /// The largest non-null value, `nil` when every row is null.
    public var max: HistoryValue?
    /// The first distinct non-null values in row order (at most three).
    public var examples: [HistoryValue]

    /// A column profile from its parts.
    public init(column: SourceColumn, nulls: Int, emptyStrings: Int?, distinctCount: Int, distinctIsExact: Bool,
                min: HistoryValue?, max: HistoryValue?, examples: [HistoryValue]) {
        self.column = column
        self.nulls = nulls
        self.emptyStrings = emptyStrings
        self.distinctCount = distinctCount
        self.distinctIsExact = distinctIsExact
        self.min = min
        self.max = max
        self.examples = examples
    }
}
