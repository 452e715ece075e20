/// Builds markup that is both HTML5 and well-formed XML: every element
/// closed, attributes double-quoted, text and attribute values escaped with
/// the five XML entities only, and characters XML forbids replaced.
///
/// Used for the page and for its inline SVG. A value type; not shared.
struct HTMLWriter {
    /// The markup written so far.
    private(set) var output = ""

    /// Appends `<tag attributes>`, the body, then `</tag>`.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], _ body: (inout HTMLWriter) -> Void) {
        open(tag, attributes)
        body(&self)
        output += "</\(tag)>"
    }

    /// Appends `<tag attributes>text</tag>`, the text escaped.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], text: String) {
        open(tag, attributes)
        output += Self.escape(text)
        output += "</\(tag)>"
    }

    /// Appends a self-closed element, `<tag attributes/>` (HTML void elements and SVG shapes).
    mutating func empty(_ tag: String, _ attributes: [(String, String)] = []) {
        output += "<\(tag)"
        appendAttributes(attributes)
        output += "/>"
    }

    /// Appends escaped text.
    mutating func text(_ text: String) {
        output += Self.escape(text)
    }

    /// Appends markup as is: only for constant, well-formed markup (the doctype, the style sheet).
    mutating func raw(_ markup: String) {
        output += markup
    }

    /// Appends a line break in the source, for readability of the file.
    mutating func newline() { output += "\n" }

    private mutating func open(_ tag: String, _ attributes: [(String, String)]) {
        output += "<\(tag)"
        appendAttributes(attributes)
        output += ">"
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (name, value) in attributes {
            output += " \(name)=\"\(Self.escape(value))\""
        }
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as entities, and every
    /// character XML 1.0 does not allow (control characters other than tab,
    /// line feed and carriage return; U+FFFE, U+FFFF) as U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value) || scalar.value == 0xFFFE
                    || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
