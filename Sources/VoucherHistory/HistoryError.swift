/// Everything that can go wrong reading a history file.
///
/// The description names the file and, where known, the column, the row
/// (0-based data row), the line (1-based, CSV) and the byte offset.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, grouped by layer. A set that may grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io, notHistory, truncated, badMagic, corrupt, unsupported, missingColumn, csvSyntax
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// I/O: the file could not be opened, stat'ed or read.
        public static let io = Code(.io)
        /// Format: the file is neither Parquet nor CSV.
        public static let notHistory = Code(.notHistory)
        /// Format: the file ends before a structure it declares.
        public static let truncated = Code(.truncated)
        /// Format: the Parquet magic `PAR1` is missing at the start or end.
        public static let badMagic = Code(.badMagic)
        /// Format: a structure is inconsistent (sizes, indices, compressed data).
        public static let corrupt = Code(.corrupt)
        /// Format: a valid feature this reader does not support (codec, encoding, nesting).
        public static let unsupported = Code(.unsupported)
        /// Data: a required column is absent.
        public static let missingColumn = Code(.missingColumn)
        /// Format: a CSV row breaks RFC 4180 (field count, unterminated quote).
        public static let csvSyntax = Code(.csvSyntax)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The file, as given by the caller.
    public var file: String
    public var column: String?
    /// 0-based data row, when known.
    public var row: Int?
    /// 1-based physical line (CSV), when known.
    public var line: Int?
    /// Byte offset in the file, when known.
    public var offset: Int?
    /// What is wrong, in words.
    public var message: String

    public init(_ code: Code, file: String, column: String? = nil, row: Int? = nil, line: Int? = nil,
                offset: Int? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.column = column
        self.row = row
        self.line = line
        self.offset = offset
        self.message = message
    }

    /// `file: column 'c': row 12: line 14: byte 3456: message`, leaving out what is unknown.
    public var description: String {
        var parts = [file]
        if let column { parts.append("column '\(column)'") }
        if let row { parts.append("row \(row)") }
        if let line { parts.append("line \(line)") }
        if let offset { parts.append("byte \(offset)") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
