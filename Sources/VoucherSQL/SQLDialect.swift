/// The SQL engines ``CountsQuery`` writes for: the few spellings in which
/// DuckDB and Spark SQL differ. Everything else in the query is common SQL.
/// Checked with DuckDB 2.0 (Tests/VoucherSQLTests) and Spark 4.3
/// (build/spark-check.sh).
public enum SQLDialect: String, Sendable, CaseIterable {
    /// DuckDB: RE2 regular expressions, `//` integer division.
    case duckdb
    /// Spark SQL: Java regular expressions, `div`, string literals with
    /// backslash escapes.
    case spark

    /// The text type's name.
    var textType: String {
        switch self {
        case .duckdb: "VARCHAR"
        case .spark: "STRING"
        }
    }

    /// A string literal holding `text` exactly.
    func literal(_ text: String) -> String {
        switch self {
        case .duckdb:
            // Standard SQL: no escapes but the doubled quote.
            return "'" + text.replacingAll("'", with: "''") + "'"
        case .spark:
            // Spark unescapes backslash sequences in literals (by default).
            return "'" + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
        }
    }

    /// Whether the whole of `text` matches `pattern` (a regular expression
    /// the two engines read alike: anchored with `^` and `\z`).
    func matches(_ text: String, _ pattern: String) -> String {
        switch self {
        case .duckdb: "regexp_matches(\(text), \(literal(pattern)))"
        case .spark: "(\(text) RLIKE \(literal(pattern)))"
        }
    }

    /// Group `group` of `pattern`'s first match in `text` ('' without one).
    func extract(_ text: String, _ pattern: String, _ group: Int) -> String {
        "regexp_extract(\(text), \(literal(pattern)), \(group))"
    }

    /// Integer division of two non-negative integers.
    func divide(_ a: String, _ b: String) -> String {
        switch self {
        case .duckdb: "((\(a)) // (\(b)))"
        case .spark: "((\(a)) div (\(b)))"
        }
    }

    /// The value of `value` at the least `order` among a group's rows.
    func firstBy(_ value: String, _ order: String) -> String {
        "min_by(\(value), \(order))"
    }

    /// The column type's name, lower-cased (`double`, `varchar`, `timestamp with time zone`).
    func typeName(_ column: String) -> String {
        "lower(typeof(\(column)))"
    }

    /// Lower-casing with the full Unicode mapping of Swift's
    /// `String.lowercased()`, as far as the engine allows (see the README,
    /// "Beyond one machine").
    func lowercased(_ text: String) -> String {
        switch self {
        // DuckDB's lower() maps one character to one: U+0130 (İ) is the one
        // character whose full lower case is two (i and U+0307).
        case .duckdb: "lower(replace(\(text), '\u{130}', 'i\u{307}'))"
        // Java's toLowerCase is full, but gives a word-final Σ the final
        // form ς, which Swift's lowercased() does not: Σ is mapped first.
        case .spark: "lower(replace(\(text), '\u{3A3}', '\u{3C3}'))"
        }
    }

    /// A time column's value as text: text as it is; a typed time as the
    /// engine writes it. DuckDB writes a time with a zone (`TIMESTAMPTZ`,
    /// `TIMESTAMPTZ_NS`) with a zone of hours alone (`+00`): minutes are
    /// added so the text reads as the same instant.
    func timeText(_ column: String) -> String {
        let text = "CAST(\(column) AS \(textType))"
        switch self {
        case .duckdb:
            return "CASE WHEN \(typeName(column)) LIKE 'timestamp%' THEN "
                + "regexp_replace(\(text), \(literal("([+-][0-9]{2})$")), \(literal("\\1:00"))) ELSE \(text) END"
        case .spark:
            return text
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    /// The first occurrence of `target`, by characters.
    fileprivate func range(of target: String) -> Range<Index>? {
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(target) {
                return start ..< index(start, offsetBy: target.count)
            }
            start = index(after: start)
        }
        return nil
    }
}
