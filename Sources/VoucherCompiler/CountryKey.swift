/// SPEC §2's country key: the value trimmed of white space and compared
/// case-insensitively.
///
/// White space is Unicode's (`Character.isWhitespace`); case folding is
/// `String.lowercased()`, which is what the table library's lookups use, so
/// a key made here is found there.
enum CountryKey {
    /// The trimmed spelling, or `nil` when nothing is left.
    static func trimmed(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        return String(scalars[first ... last])
    }

    /// The key of a trimmed spelling.
    static func key(ofTrimmed spelling: String) -> String {
        spelling.lowercased()
    }
}
