/// Why a published location or a table in it could not be read, written or
/// used, or why a publication was refused.
///
/// Codes are grouped by layer: `io` (a file or object operation failed;
/// names the object and the system's reason), `format` (a `current` or
/// `history` object is not in the layout's format; names the object and the
/// line), `table` (a table or a version is not a valid table, or its bytes
/// do not hash to its name), `missing` (a pointer names a version that is
/// not there; the location has no `current`), `usage` (a rollback target or
/// an argument that cannot be used).
///
/// A value type; safe to pass between threads.
public struct PublishError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The group an error belongs to. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Hashable { case io, format, table, missing, usage }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A file or object operation failed.
        public static let io = Code(.io)
        /// A pointer or history object is malformed.
        public static let format = Code(.format)
        /// A table or version is not a valid table, or not the version its name says.
        public static let table = Code(.table)
        /// A named version, or the location's `current`, is absent.
        public static let missing = Code(.missing)
        /// A request that cannot be carried out as asked.
        public static let usage = Code(.usage)

        /// `I/O`, `format`, `table`, `missing` or `usage`.
        public var description: String {
            switch base {
            case .io: "I/O"
            case .format: "format"
            case .table: "table"
            case .missing: "missing"
            case .usage: "usage"
            }
        }
    }

    /// The group of the error.
    public let code: Code
    /// What is wrong, naming the location and the object.
    public let message: String

    /// An error of a code with a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message alone (the code is for programs).
    public var description: String { message }
}
