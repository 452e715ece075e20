/// Renders a ``HistoryReport`` as one self-contained HTML page: inline CSS
/// and SVG, no script, no font or image fetched, well-formed as XML.
///
/// Sections: overview (files, rows, drops and example rows), notes, per
/// column (statistics, histograms, timelines), per country (amounts and
/// the table's entries). The sections live in `HTMLRenderer+*.swift`.
struct HTMLRenderer {
    let report: HistoryReport
    var writer = HTMLWriter()

    init(report: HistoryReport) {
        self.report = report
    }

    /// The page.
    mutating func render() -> String {
        writer.raw("<!DOCTYPE html>\n<html lang=\"en\">\n")
        writer.element("head") { h in
            h.empty("meta", [("charset", "utf-8")])
            h.empty("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
            h.element("title", text: "Voucher history report: \(report.files.map(\.name).joined(separator: ", "))")
            h.element("style") { $0.raw(Self.styleSheet) }
        }
        writer.raw("\n<body>\n<main>\n")
        header()
        notes()
        overview()
        columns()
        countries()
        writer.element("footer", text: "Written by voucher report, schema version \(HistoryReport.schemaVersion). Every number on this page is also in the report's JSON.")
        writer.raw("\n</main>\n</body>\n</html>\n")
        return writer.output
    }

    // MARK: - Header and overview

    private mutating func header() {
        let report = self.report
        writer.element("header") { w in
            w.element("h1", text: "Voucher history report")
            w.element("p", [("class", "lead")],
                      text: "\(report.files.map(\.name).joined(separator: ", ")): \(ReportNumber.grouped(report.rowsRead)) rows read, \(ReportNumber.grouped(report.kept)) kept, \(ReportNumber.grouped(report.dropped)) dropped, \(report.countries.count) countries.")
            w.element("nav") { n in
                for (anchor, name) in [("notes", "Notes"), ("overview", "Overview"), ("columns", "Columns"),
                                       ("countries", "Countries")] {
                    n.element("a", [("href", "#\(anchor)")], text: name)
                    n.text(" ")
                }
            }
        }
        writer.newline()
    }

    private mutating func overview() {
        let report = self.report
        writer.raw("<section id=\"overview\">")
        writer.element("h2", text: "Overview")
        writer.element("h3", text: "Files read")
        let rows: [[Cell]] = report.files.map { file in
            [.text(file.name), .number(file.size.map { ReportNumber.bytes($0) } ?? "–"),
             .code(file.sha256 ?? "–"), .text(file.format),
             .text(file.codecs.isEmpty ? "none" : file.codecs.joined(separator: ", ")),
             .number(ReportNumber.grouped(file.rows))]
        }
        table(["file", "size", "SHA-256", "format", "codec", "rows"], numeric: [1, 5], rows)
        writer.element("div", [("class", "cards")]) { w in
            for (title, value, detail) in [
                ("rows read", report.rowsRead, ""),
                ("kept", report.kept, ReportNumber.percent(report.kept, of: report.rowsRead)),
                ("dropped", report.dropped, ReportNumber.percent(report.dropped, of: report.rowsRead)),
                ("countries", report.countries.count, ""),
            ] {
                w.element("div", [("class", "card")]) { c in
                    c.element("span", text: title)
                    c.element("b", text: ReportNumber.grouped(value))
                    if !detail.isEmpty { c.element("span", text: "\(detail) of rows read") }
                }
            }
        }
        writer.element("h3", text: "Dropped rows per reason")
        figure(caption: "Rows dropped per behaviour §2 reason, in the order the checks are made; a row counts under the first check it fails.") { w in
            BarChart(title: "Dropped rows per reason", bars: report.drops.map { drop in
                BarChart.Bar(label: drop.reason, value: Double(drop.count),
                             valueLabel: "\(ReportNumber.grouped(drop.count)) (\(ReportNumber.percent(drop.share)))",
                             tooltip: "\(drop.reason): \(drop.rule)")
            }, xTitle: "rows dropped", color: SVGChart.droppedColor).render(into: &w)
        }
        writer.element("h3", text: "Example dropped rows, as read")
        writer.element("p", text: "Up to five rows per reason, in the order read; rows are numbered from 0 among the file's data rows.")
        let names = ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"]
        var any = false
        for drop in report.drops where !drop.examples.isEmpty {
            any = true
            writer.element("h4", text: "\(drop.reason): \(drop.rule) (\(ReportNumber.grouped(drop.count)) rows; first \(drop.examples.count) shown)")
            // One file: its name is in the heading of the page; several: each row names its file.
            let oneFile = report.files.count == 1
            table((oneFile ? ["row"] : ["file", "row"]) + names, numeric: oneFile ? [0] : [1], drop.examples.map { example in
                let name = String(example.file.split(separator: "/").last ?? Substring(example.file))
                return (oneFile ? [] : [.text(name)]) + [.number(ReportNumber.grouped(example.row))]
                    + example.values.map { Cell.raw($0) }
            })
        }
        if !any { writer.element("p", text: "No row was dropped.") }
        writer.raw("</section>\n")
    }

    private mutating func notes() {
        let report = self.report
        writer.raw("<section id=\"notes\">")
        writer.element("h2", text: "Notes")
        if report.notes.isEmpty {
            writer.element("p", text: "Nothing stands out.")
        } else {
            writer.element("ul", [("class", "notes")]) { w in
                for note in report.notes {
                    w.element("li", [("class", note.level.rawValue)]) { li in
                        li.element("strong", text: note.level == .action ? "Act: " : "Note: ")
                        li.text(note.text)
                    }
                }
            }
        }
        writer.raw("</section>\n")
    }

    // MARK: - Building blocks

    /// A table cell.
    enum Cell {
        /// Plain text.
        case text(String)
        /// A number, right-aligned.
        case number(String)
        /// Monospace text (hashes).
        case code(String)
        /// A value as read from the file: monospace, the empty text marked.
        case raw(String)
        /// Text with a CSS class on the cell.
        case styled(String, String)
    }

    /// A table with a header row; `numeric` columns are right-aligned. `rowClass` marks rows (fallbacks).
    mutating func table(_ headers: [String], numeric: Set<Int>, _ rows: [[Cell]], rowClass: (Int) -> String? = { _ in nil }) {
        writer.element("div", [("class", "scroll")]) { w in
            w.element("table") { t in
                t.element("thead") { h in
                    h.element("tr") { r in
                        for (i, header) in headers.enumerated() {
                            r.element("th", numeric.contains(i) ? [("class", "n")] : [], text: header)
                        }
                    }
                }
                t.element("tbody") { b in
                    for (index, row) in rows.enumerated() {
                        b.element("tr", rowClass(index).map { [("class", $0)] } ?? []) { r in
                            for cell in row {
                                switch cell {
                                case .text(let s): r.element("td", text: s)
                                case .number(let s): r.element("td", [("class", "n")], text: s)
                                case .code(let s): r.element("td", [("class", "hash")], text: s)
                                case .raw(let s):
                                    if s.isEmpty { r.element("td", [("class", "raw empty")], text: "(empty)") }
                                    else { r.element("td", [("class", "raw")], text: s) }
                                case .styled(let s, let style): r.element("td", [("class", style)], text: s)
                                }
                            }
                        }
                    }
                }
            }
        }
        writer.newline()
    }

    /// A figure: the chart drawn by `body` in a scrolling box, then its caption.
    mutating func figure(caption: String, _ body: (inout HTMLWriter) -> Void) {
        writer.element("figure") { f in
            f.element("div", [("class", "scroll")], body)
            f.element("figcaption", text: caption)
        }
        writer.newline()
    }
}
