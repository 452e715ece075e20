/// SPEC §2's country key as the table stores it, and the hash of the hot
/// section's slots (article: "Country keys and the hash").
///
/// Pure functions; safe from any thread.
package enum TableKey {
    /// The key of a spelling: ``trimmed(_:)``, then `String.lowercased()`;
    /// `nil` when nothing is left.
    ///
    /// The compiler makes keys with this, so lookups find them.
    package static func key(_ spelling: some StringProtocol) -> String? {
        trimmed(spelling)?.lowercased()
    }

    /// A spelling trimmed of Unicode white space
    /// (`Unicode.Scalar.Properties.isWhitespace`) at both ends; `nil` when
    /// nothing is left. Trimmed spellings are what display names are chosen from.
    package static func trimmed(_ spelling: some StringProtocol) -> String? {
        let scalars = spelling.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        return String(String.UnicodeScalarView(scalars[first ... last]))
    }

    /// FNV-1a 64 over `bytes`.
    package static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = TableFormat.fnvOffsetBasis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* TableFormat.fnvPrime }
        return hash
    }

    /// Whether `byte` is ASCII white space (U+0009…U+000D, U+0020), the
    /// ASCII part of Unicode's White_Space.
    @inline(__always) static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `A`…`Z` to `a`…`z`; other bytes unchanged.
    @inline(__always) static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte &+ ((byte &- 0x41) < 26 ? 0x20 : 0)
    }
}
