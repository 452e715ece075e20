/// A plain-text table with aligned columns, shrunk to fit a line width.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment
        /// Whether the column may be cut (with `…`) to fit the line width.
        var flexible: Bool
    }

    var columns: [Column]
    var rows: [[String]] = []
    /// Spaces before each line.
    var indent = 2
    /// Spaces between columns.
    var gap = 2
    /// A flexible column is never cut below this many characters.
    var minimumWidth = 8

    init(_ columns: [Column]) { self.columns = columns }

    /// The lines, the widest at most `width` characters when the flexible columns allow it.
    func render(width: Int) -> [String] {
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        var total: Int { indent + widths.reduce(0, +) + gap * max(0, widths.count - 1) }
        while total > width {
            let candidates = columns.indices.filter { columns[$0].flexible && widths[$0] > minimumWidth }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }
        let lead = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            var out = lead
            for (i, column) in columns.enumerated() {
                let cell = Self.fit(i < cells.count ? cells[i] : "", widths[i])
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let last = i == columns.count - 1
                switch column.alignment {
                case .left: out += cell + (last ? "" : pad)
                case .right: out += pad + cell
                }
                if !last { out += String(repeating: " ", count: gap) }
            }
            return out
        }
        return [line(columns.map(\.title)), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
    }

    /// `text` cut to `width` characters, the last one `…` when cut.
    static func fit(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 0 else { return "" }
        return String(text.prefix(width - 1)) + "…"
    }
}
