extension HistoryProfile {
    /// The width, in characters, the text form fits in (values are cut with `…` to fit).
    public static let textWidth = 100

    /// The profile as aligned plain text: a header, the schema table, the
    /// statistics table and the examples, fitting ``textWidth`` columns.
    ///
    /// Text values are shown in double quotes with `"`, `\` and control
    /// characters escaped; times as `YYYY-MM-DD HH:MM:SS[.fraction]` UTC;
    /// `-` where there is nothing to show.
    public var text: String {
        var lines = [
            path,
            "  format: \(format)   rows: \(rowCount)   columns: \(columns.count)",
            "",
        ]

        var schema = TextTable([
            .init(title: "#", alignment: .right, flexible: false),
            .init(title: "column", alignment: .left, flexible: true),
            .init(title: "physical", alignment: .left, flexible: true),
            .init(title: "logical", alignment: .left, flexible: true),
            .init(title: "kind", alignment: .left, flexible: false),
        ])
        for (i, profile) in columns.enumerated() {
            let column = profile.column
            schema.rows.append([String(i + 1), column.name, column.physicalType, column.logicalType ?? "-",
                                column.kind.rawValue])
        }
        lines += schema.render(width: Self.textWidth)
        lines.append("")

        var stats = TextTable([
            .init(title: "column", alignment: .left, flexible: true),
            .init(title: "nulls", alignment: .right, flexible: false),
            .init(title: "empty", alignment: .right, flexible: false),
            .init(title: "distinct", alignment: .right, flexible: false),
            .init(title: "min", alignment: .left, flexible: true),
            .init(title: "max", alignment: .left, flexible: true),
        ])
        for profile in columns {
            stats.rows.append([
                profile.column.name,
                String(profile.nulls),
                profile.emptyStrings.map(String.init) ?? "-",
                profile.distinctIsExact ? String(profile.distinctCount) : "more than \(profile.distinctCount)",
                profile.min.map(Self.display) ?? "-",
                profile.max.map(Self.display) ?? "-",
            ])
        }
        lines += stats.render(width: Self.textWidth)
        lines.append("")

        var examples = TextTable([
            .init(title: "column", alignment: .left, flexible: true),
            .init(title: "examples", alignment: .left, flexible: true),
        ])
        for profile in columns {
            let shown = profile.examples.map(Self.display).joined(separator: ", ")
            examples.rows.append([profile.column.name, shown.isEmpty ? "-" : shown])
        }
        lines += examples.render(width: Self.textWidth)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text forms of several profiles, separated by a blank line.
    public static func text(_ profiles: [HistoryProfile]) -> String {
        profiles.map(\.text).joined(separator: "\n")
    }

    /// A value as the text form shows it: text quoted and escaped, times formatted, numbers plain.
    static func display(_ value: HistoryValue) -> String {
        guard case .text(let text) = value else { return value.description }
        return HistoryProfile.jsonString(text)
    }
}
