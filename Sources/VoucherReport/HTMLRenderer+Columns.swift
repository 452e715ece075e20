extension HTMLRenderer {
    /// Per column: statistics per file, the histograms of `total_orders` and
    /// days since the last order, and the timelines of `timestamp` and
    /// `last_order_ts`.
    mutating func columns() {
        let report = self.report
        writer.raw("<section id=\"columns\">")
        writer.element("h2", text: "Columns")
        for file in report.files {
            writer.element("h3", text: report.files.count > 1 ? "Columns of \(file.name)" : "Column statistics")
            table(["column", "type", "nulls", "empty", "distinct", "min", "max"], numeric: [2, 3, 4],
                  file.columns.map { column in
                      let type = [column.physicalType, column.logicalType].compactMap { $0 }.joined(separator: " / ")
                      return [.text(column.name), .text("\(type) → \(column.kind)"),
                              .number(count(column.nulls, of: file.rows)),
                              .number(column.empty.map { count($0, of: file.rows) } ?? "–"),
                              .number(column.distinctExact ? ReportNumber.grouped(column.distinct)
                                  : "more than \(ReportNumber.grouped(column.distinct))"),
                              .raw(column.min ?? "–"), .raw(column.max ?? "–")]
                  })
        }
        writer.element("p", text: "Nulls and empty texts per column, as read; distinct values are counted exactly up to the limit shown. Text columns compare in byte order, so the min and max of a number stored as text are not numeric.")
        histogram(report.totalOrders, title: "total_orders", axis: "total_orders (orders before the voucher)")
        histogram(report.daysSinceLastOrder, title: "Days since the last order",
                  axis: "days from last_order_ts to timestamp")
        timeline(report.timestampMonths, what: "vouchers given (timestamp)")
        timeline(report.lastOrderMonths, what: "last orders (last_order_ts)")
        writer.raw("</section>\n")
    }

    /// `22,845 (8.0%)`, or `0`.
    private func count(_ n: Int, of rows: Int) -> String {
        n == 0 ? "0" : "\(ReportNumber.grouped(n)) (\(ReportNumber.percent(n, of: rows)))"
    }

    private mutating func histogram(_ histogram: ReportHistogram, title: String, axis: String) {
        writer.element("h3", text: "\(title): histogram")
        var columns: [ColumnChart.Column] = []
        if histogram.belowZero.rows > 0 {
            columns.append(ColumnChart.Column(label: "< 0", values: [Double(histogram.belowZero.kept), Double(histogram.belowZero.dropped)],
                                              tooltip: "below 0: \(split(histogram.belowZero.kept, histogram.belowZero.dropped))"))
        }
        for bin in histogram.bins {
            columns.append(ColumnChart.Column(label: bin.label, values: [Double(bin.kept), Double(bin.dropped)],
                                              tooltip: "\(bin.label) \(histogram.unit): \(split(bin.kept, bin.dropped))"))
        }
        let binning: String
        switch histogram.binning {
        case .exact: binning = "one bar per value"
        case .linear: binning = "bars \(histogram.bins.first.map { $0.upper - $0.lower + 1 } ?? 1) \(histogram.unit) wide"
        case .log2: binning = "bars of doubling width (a log scale of \(histogram.unit)), as a long tail demands"
        }
        var caption = "Rows per value of \(histogram.metric), kept and dropped rows stacked; \(binning)"
        if histogram.logCounts { caption += "; rows on a log scale, bars split in proportion" }
        caption += "."
        if histogram.belowZero.rows > 0 {
            caption += " \(ReportNumber.grouped(histogram.belowZero.rows)) rows below 0 (the last order after the voucher) are the first bar."
        }
        if histogram.missing.rows > 0 {
            caption += " \(ReportNumber.grouped(histogram.missing.rows)) rows without a valid value are not drawn."
        }
        figure(caption: caption) { w in
            ColumnChart(title: "\(title): rows per value", series: Self.keptDropped, columns: columns,
                        xTitle: "\(axis), \(histogram.unit)", yTitle: histogram.logCounts ? "rows (log scale)" : "rows",
                        logScale: histogram.logCounts).render(into: &w)
        }
    }

    private mutating func timeline(_ timeline: ReportTimeline, what: String) {
        writer.element("h3", text: "\(timeline.column) per \(timeline.unit)")
        let columns = timeline.periods.map { period in
            ColumnChart.Column(label: period.period, values: [Double(period.kept), Double(period.dropped)],
                               tooltip: "\(period.period): \(split(period.kept, period.dropped))")
        }
        var caption = "Rows per \(timeline.unit) of \(timeline.column) (UTC), kept and dropped rows stacked"
        if let first = timeline.firstDay, let last = timeline.lastDay { caption += "; from \(first) to \(last)" }
        caption += "."
        if timeline.missing.rows > 0 {
            caption += " \(ReportNumber.grouped(timeline.missing.rows)) rows without a valid time are not drawn."
        }
        figure(caption: caption) { w in
            ColumnChart(title: "\(what) per \(timeline.unit)", series: Self.keptDropped, columns: columns,
                        xTitle: "\(timeline.column), \(timeline.unit) (UTC)", yTitle: "rows").render(into: &w)
        }
    }

    /// `1,234 kept, 56 dropped`.
    func split(_ kept: Int, _ dropped: Int) -> String {
        "\(ReportNumber.grouped(kept)) kept, \(ReportNumber.grouped(dropped)) dropped"
    }

    /// The two series of every row chart.
    static let keptDropped = [(name: "kept", color: SVGChart.keptColor), (name: "dropped", color: SVGChart.droppedColor)]
}
