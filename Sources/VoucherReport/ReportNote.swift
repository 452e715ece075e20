/// Something the data owner should look at.
public struct ReportNote: Sendable, Equatable, Encodable {
    /// How pressing it is.
    public enum Level: String, Sendable, Equatable, Encodable {
        /// Affects the table: worth fixing in the data or the configuration.
        case action
        /// Worth knowing.
        case info
    }

    /// How pressing it is.
    public var level: Level
    /// One sentence, with its numbers.
    public var text: String
}
