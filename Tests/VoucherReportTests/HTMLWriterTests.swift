import Testing
@testable import VoucherReport

struct HTMLWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a & b", "a &amp; b"),
        ("<script>", "&lt;script&gt;"),
        ("say \"hi\" it's", "say &quot;hi&quot; it&#39;s"),
        ("tab\tline\nok", "tab\tline\nok"),
        ("nul\u{0}bell\u{7}", "nul\u{FFFD}bell\u{FFFD}"),
        ("Perú 🇵🇪", "Perú 🇵🇪"),
    ])
    func escape(_ text: String, _ expected: String) {
        #expect(HTMLWriter.escape(text) == expected)
    }

    @Test func elementsAreClosedAndAttributesQuoted() {
        var writer = HTMLWriter()
        writer.element("p", [("class", "a\"b")]) { w in
            w.text("x<y")
            w.empty("br")
            w.element("b", text: "&")
        }
        #expect(writer.output == "<p class=\"a&quot;b\">x&lt;y<br/><b>&amp;</b></p>")
    }
}
