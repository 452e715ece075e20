extension HistoryProfile {
    /// Several profiles as one JSON document, one line per column:
    ///
    /// ```
    /// {"files": [{"path": String, "format": "parquet" | "csv", "codecs": [String],
    ///             "rows": Int,
    ///             "columns": [{"name": String, "physical_type": String,
    ///                          "logical_type": String | null, "kind": "text" | "integer" | "double" | "time" | "boolean",
    ///                          "nulls": Int, "empty": Int | null (not text),
    ///                          "distinct": Int, "distinct_exact": Bool,
    ///                          "min": Value | null, "max": Value | null, "examples": [Value]}]}]}
    /// ```
    ///
    /// When `distinct_exact` is `false`, `distinct` is the bound the count
    /// stopped at and the column has more distinct values than that. A
    /// `Value` is a string for text, a number for integers and finite
    /// doubles, `"nan"`, `"inf"` or `"-inf"` for other doubles, a string
    /// `YYYY-MM-DD HH:MM:SS[.fraction]` (UTC) for times, `true`/`false` for
    /// booleans. Keys always appear, in this order. Invalid UTF-8 in text is
    /// replaced with U+FFFD.
    public static func json(_ profiles: [HistoryProfile]) -> String {
        var out = "{\n  \"files\": ["
        for (f, profile) in profiles.enumerated() {
            out += f == 0 ? "\n" : ",\n"
            out += "    {\n"
            out += "      \"path\": \(jsonString(profile.path)),\n"
            out += "      \"format\": \(jsonString(profile.format.name)),\n"
            out += "      \"codecs\": [\(profile.format.codecs.map(jsonString).joined(separator: ", "))],\n"
            out += "      \"rows\": \(profile.rowCount),\n"
            out += "      \"columns\": ["
            for (c, column) in profile.columns.enumerated() {
                out += c == 0 ? "\n" : ",\n"
                out += "        " + jsonObject(column)
            }
            out += profile.columns.isEmpty ? "]\n" : "\n      ]\n"
            out += "    }"
        }
        out += profiles.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// This profile alone as the JSON document of ``json(_:)``.
    public var json: String { Self.json([self]) }

    private static func jsonObject(_ profile: ColumnProfile) -> String {
        let fields: [(String, String)] = [
            ("name", jsonString(profile.column.name)),
            ("physical_type", jsonString(profile.column.physicalType)),
            ("logical_type", profile.column.logicalType.map(jsonString) ?? "null"),
            ("kind", jsonString(profile.column.kind.rawValue)),
            ("nulls", String(profile.nulls)),
            ("empty", profile.emptyStrings.map(String.init) ?? "null"),
            ("distinct", String(profile.distinctCount)),
            ("distinct_exact", String(profile.distinctIsExact)),
            ("min", profile.min.map(jsonValue) ?? "null"),
            ("max", profile.max.map(jsonValue) ?? "null"),
            ("examples", "[" + profile.examples.map(jsonValue).joined(separator: ", ") + "]"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A cell as a JSON value (see ``json(_:)``).
    static func jsonValue(_ value: HistoryValue) -> String {
        switch value {
        case .null: "null"
        case .text(let text): jsonString(text)
        case .integer(let v): String(v)
        case .double(let v):
            if v.isNaN { "\"nan\"" } else if v.isInfinite { v < 0 ? "\"-inf\"" : "\"inf\"" } else { String(v) }
        case .time(let ns): jsonString(HistoryValue.format(nanoseconds: ns))
        case .boolean(let v): String(v)
        }
    }

    /// `text` as a JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
