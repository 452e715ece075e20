/// A counts file (`voucher pack`) that cannot be made into a table: the
/// file, the row (0-based, in that file) when one is at fault, the column,
/// and what is wrong.
public struct CountsError: Error, Sendable, CustomStringConvertible {
    /// The counts file, as given; empty for a fault of the counts as a whole.
    public let file: String
    /// The 0-based row in that file, when one row is at fault.
    public let row: Int?
    /// The column at fault, when one is.
    public let column: String?
    /// What is wrong.
    public let message: String

    /// An error of `file` (at `row` and `column` when given).
    public init(file: String, row: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.row = row
        self.column = column
        self.message = message
    }

    /// `file: row N: column 'c': message`, the parts that are known.
    public var description: String {
        var parts: [String] = []
        if !file.isEmpty { parts.append(file) }
        if let row { parts.append("row \(row)") }
        if let column { parts.append("column '\(column)'") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
