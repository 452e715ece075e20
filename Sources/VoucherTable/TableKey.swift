/// behaviour §2's country key as the table stores it, and the hash of the hot
/// section's slots (article: "Country keys and the hash").
///
/// Pure functions; safe from any thread.
package enum TableKey {
    /// The key of a spelling: ``trimmed(_:)``, then `String.lowercased()`;
    /// `nil` when nothing is left.
    ///
    /// The compiler makes keys with this, so lookups find them.
    package static func key(_ spelling: some StringProtocol) -> String? {
        guard let trimmed = trimmed(spelling) else { return nil }
        return lowercased(trimmed)
    }

    /// `String.lowercased()`, by bytes when the text is ASCII (the general
    /// path's first call costs the process a look-up of Unicode's tables).
    package static func lowercased(_ text: String) -> String {
        var text = text
        let ascii: String? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { target in
                for (i, byte) in bytes.enumerated() { target[i] = foldASCII(byte) }
                return bytes.count
            }
        }
        return ascii ?? text.lowercased()
    }

    /// A spelling trimmed of Unicode white space
    /// (`Unicode.Scalar.Properties.isWhitespace`) at both ends; `nil` when
    /// nothing is left. Trimmed spellings are what display names are chosen from.
    package static func trimmed(_ spelling: some StringProtocol) -> String? {
        // ASCII text (most spellings) by bytes: its white space is ASCII white space.
        // (`.some(nil)`: ASCII and blank; `nil`: not ASCII, or not contiguous.)
        let ascii: String?? = spelling.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let kept = withoutASCIISpace(bytes)
            return .some(kept.isEmpty ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[kept]), as: UTF8.self))
        } ?? nil
        if let ascii { return ascii }
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

    /// The bounds of `bytes` without the ASCII white space at either end.
    @inline(__always) static func withoutASCIISpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0, end = bytes.count
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
        return start ..< end
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
