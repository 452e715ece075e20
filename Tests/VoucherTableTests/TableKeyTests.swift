import Testing
@testable import VoucherTable

/// Country keys: the ASCII paths (bytes) agree with the Unicode ones.
@Suite struct TableKeyTests {
    static let spellings = [
        "Peru", " peru ", "\tPERU\n", "\u{0B}\u{0C}\r Latvia \r", "", " ", "\t\n\u{0B}\u{0C}\r ", "Côte d'Ivoire",
        "\u{A0}Peru\u{A0}", "\u{85}Peru", "Peru\u{2003}", "ÅLAND", "İstanbul", "a b", "x",
    ]

    @Test(arguments: spellings)
    func keysAgreeWithTheUnicodeRules(_ spelling: String) {
        let scalars = spelling.unicodeScalars
        let first = scalars.firstIndex { !$0.properties.isWhitespace }
        let last = scalars.lastIndex { !$0.properties.isWhitespace }
        let expected = first.map { String(String.UnicodeScalarView(scalars[$0 ... last!])) }
        #expect(TableKey.trimmed(spelling) == expected)
        #expect(TableKey.trimmed(Substring(spelling)) == expected)
        #expect(TableKey.key(spelling) == expected?.lowercased())
        #expect(TableKey.lowercased(spelling) == spelling.lowercased())
    }
}
