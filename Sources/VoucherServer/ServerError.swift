/// Why the server could not start, or why a table file was refused.
///
/// Codes are grouped by layer: `configuration` (a setting is out of range),
/// `io` (a system call failed; names the call, the path and the `errno`
/// text), `table` (the file is not a valid table; the table library's
/// description follows), `bind` (the address could not be listened on).
///
/// A value type; safe to pass between threads.
public struct ServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The group an error belongs to. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Hashable { case configuration, io, table, bind }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A setting of ``ServerConfiguration`` is out of range.
        public static let configuration = Code(.configuration)
        /// A system call failed (stat, open, read…).
        public static let io = Code(.io)
        /// The table file was refused by the table library's checks.
        public static let table = Code(.table)
        /// The listening socket could not be set up.
        public static let bind = Code(.bind)

        /// `configuration`, `I/O`, `table` or `bind`.
        public var description: String {
            switch base {
            case .configuration: "configuration"
            case .io: "I/O"
            case .table: "table"
            case .bind: "bind"
            }
        }
    }

    /// The group of the error.
    public let code: Code
    /// What is wrong, in words, naming the file or the setting.
    public let message: String

    /// An error of a code with a message.
    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    static func configuration(_ message: String) -> ServerError { ServerError(code: .configuration, message: message) }

    static func io(_ call: String, path: String, errno code: Int32) -> ServerError {
        ServerError(code: .io, message: "\(path): \(call) failed: \(ServerSyscall.errorText(code)) (errno \(code))")
    }

    /// `<code> error: <message>`.
    public var description: String { "\(code) error: \(message)" }
}
