extension HTMLRenderer {
    /// Per country: kept rows, the amount distribution, and per segment the
    /// table's entries beside a chart of amount by bucket, fallbacks marked.
    mutating func countries() {
        let report = self.report
        writer.raw("<section id=\"countries\">")
        writer.element("h2", text: "Countries")
        table(["country", "key", "kept rows", "share of kept"], numeric: [2, 3], report.countries.map { country in
            [.text(country.name), .raw(country.key), .number(ReportNumber.grouped(country.kept)),
             .number(ReportNumber.percent(country.share))]
        })
        for country in report.countries {
            writer.raw("<section class=\"country\" id=\"country-\(HTMLWriter.escape(Self.anchor(country.key)))\">")
            writer.element("h3", text: "\(country.name): \(ReportNumber.grouped(country.kept)) kept rows")
            figure(caption: "Voucher amounts over \(country.name)'s kept rows; amounts in minor units.") { w in
                BarChart(title: "\(country.name): kept rows per voucher amount", bars: country.amounts.map { amount in
                    BarChart.Bar(label: ReportNumber.grouped(amount.amount), value: Double(amount.rows),
                                 valueLabel: "\(ReportNumber.grouped(amount.rows)) (\(ReportNumber.percent(amount.rows, of: country.kept)))",
                                 tooltip: "amount \(ReportNumber.grouped(amount.amount)): \(ReportNumber.grouped(amount.rows)) rows")
                }, xTitle: "kept rows").render(into: &w)
            }
            for (s, entries) in country.segments.enumerated() {
                segment(country, entries, s < report.segments.count ? report.segments[s] : nil)
            }
            writer.raw("</section>\n")
        }
        writer.raw("</section>\n")
    }

    private mutating func segment(_ country: ReportCountry, _ entries: ReportCountry.SegmentEntries, _ segment: ReportSegment?) {
        let metric = segment?.metric ?? ""
        let fallbacks = entries.entries.filter(\.fallback).count
        writer.element("h4", text: "\(country.name), \(entries.segment) (by \(metric))" + (fallbacks > 0 ? ": \(fallbacks) fallback\(fallbacks == 1 ? "" : "s")" : ""))
        let rows: [[Cell]] = entries.entries.map { entry in
            [.text(entry.bucket), .number(ReportNumber.grouped(entry.amount)), .number(ReportNumber.grouped(entry.samples)),
             .number(entry.fallback ? "–" : "\(ReportNumber.grouped(entry.amountRows)) (\(ReportNumber.percent(entry.share)))"),
             entry.fallback ? .styled("fallback", "flag") : .text("")]
        }
        writer.raw("<div class=\"pair\">")
        table(["bucket", "amount", "samples", "share", "fallback"], numeric: [1, 2, 3], rows,
              rowClass: { entries.entries[$0].fallback ? "fallback" : nil })
        figure(caption: "Amount per \(metric) bucket (minor units)" + (fallbacks > 0 ? "; dashed grey bars fall back to the country's most used amount." : ".")
                   + " Share: the bucket's rows carrying that amount.") { w in
            ColumnChart(title: "\(country.name), \(entries.segment): amount by bucket", series: [("amount", SVGChart.amountColor)],
                        columns: entries.entries.map { entry in
                            ColumnChart.Column(label: entry.bucket, values: [Double(entry.amount)],
                                               tooltip: "\(entry.bucket): \(ReportNumber.grouped(entry.amount)), \(ReportNumber.grouped(entry.samples)) samples\(entry.fallback ? ", fallback" : "")",
                                               marked: entry.fallback, valueLabel: ReportNumber.grouped(entry.amount))
                        },
                        xTitle: "\(metric) bucket", yTitle: "amount", width: 420, height: 220).render(into: &w)
        }
        writer.raw("</div>\n")
    }

    /// A fragment identifier from a country key: letters and digits kept, anything else as `-`.
    static func anchor(_ key: String) -> String {
        String(key.unicodeScalars.map { scalar -> Character in
            (scalar.properties.isAlphabetic || ("0" ... "9").contains(scalar)) && scalar.isASCII ? Character(scalar) : "-"
        })
    }
}
