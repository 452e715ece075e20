import Foundation

/// One pointer of a published location: which version is live, since when,
/// and what made it so. `current` holds one, as one line; `history` holds
/// every one written, one per line, newest last:
///
/// ```
/// <sha256> <published-at> <action>
/// 9f2c…e1 2026-12-02T17:40:05Z publish
/// ```
///
/// `sha256` is 64 lower-case hex digits (the version's name), `published-at`
/// an ISO 8601 UTC time to the second, `action` `publish` or `rollback`;
/// fields are separated by one space, lines end with `\n`. Readers ignore
/// empty lines. A plain value.
public struct PublishedPointer: Sendable, Hashable {
    /// The object that names the live version.
    public static let currentObject = "current"
    /// The object that lists every pointer written.
    public static let historyObject = "history"

    /// The version's SHA-256, lower-case hex.
    public let sha256: String
    /// When the pointer was written: ISO 8601, UTC, e.g. `2026-12-02T17:40:05Z`.
    public let publishedAt: String
    /// `publish` or `rollback`.
    public let action: String

    /// A pointer with these fields.
    public init(sha256: String, publishedAt: String, action: String) {
        self.sha256 = sha256
        self.publishedAt = publishedAt
        self.action = action
    }

    /// A pointer to `sha256` written now.
    public static func now(sha256: String, action: String) -> PublishedPointer {
        PublishedPointer(sha256: sha256, publishedAt: Date().ISO8601Format(), action: action)
    }

    /// Reads one pointer line (a trailing line end is allowed).
    ///
    /// - Parameter object: names the object in errors.
    /// - Throws: ``PublishError`` (`format`) naming the object and what is wrong.
    public init(text: String, object: String) throws {
        let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw PublishError(code: .format, message: "\(object): expected '<sha256> <published-at> <action>', got '\(line.prefix(200))'")
        }
        guard Self.isSHA256(fields[0]) else {
            throw PublishError(code: .format, message: "\(object): '\(fields[0].prefix(80))' is not a SHA-256 (64 lower-case hex digits)")
        }
        self.init(sha256: String(fields[0]), publishedAt: String(fields[1]), action: String(fields[2]))
    }

    /// The pointer as one line, with its `\n`.
    public var line: String { "\(sha256) \(publishedAt) \(action)\n" }

    /// Every pointer of a history text, oldest first.
    ///
    /// - Throws: ``PublishError`` (`format`) naming the object and the line number.
    public static func lines(_ text: String, object: String) throws -> [PublishedPointer] {
        var result: [PublishedPointer] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            result.append(try PublishedPointer(text: String(line), object: "\(object): line \(number + 1)"))
        }
        return result
    }

    /// Whether `text` is 64 lower-case hex digits.
    public static func isSHA256(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0) }
    }
}
