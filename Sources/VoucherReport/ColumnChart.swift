import Foundation

/// A vertical bar chart: one column per category, optionally stacked
/// (kept over dropped), on a linear or log row axis, with both axes
/// titled and ticked. Histograms, timelines and the per-segment amount
/// charts are drawn with it.
struct ColumnChart {
    /// One column.
    struct Column {
        /// The category's label on the horizontal axis.
        var label: String
        /// One value per series, stacked from the axis up.
        var values: [Double]
        /// The hover text (an SVG `<title>`).
        var tooltip: String
        /// Drawn as a fallback: grey and dashed.
        var marked = false
        /// Printed above the column, when given.
        var valueLabel: String? = nil
    }

    /// The chart's accessible title.
    var title: String
    /// The series' names and colours; a legend is drawn when there are several.
    var series: [(name: String, color: String)]
    /// The columns, left to right.
    var columns: [Column]
    /// The horizontal axis' title, with its unit.
    var xTitle: String
    /// The vertical axis' title, with its unit.
    var yTitle: String
    /// Draw the vertical axis on a log scale (a column's series keep their linear proportions).
    var logScale = false
    /// Natural width, px.
    var width = 720.0
    /// Natural height, px.
    var height = 280.0

    func render(into writer: inout HTMLWriter) {
        let totals = columns.map { $0.values.reduce(0, +) }
        let maximum = totals.max() ?? 0
        let ticks = logScale ? SVGChart.logTicks(maximum: maximum) : SVGChart.linearTicks(maximum: maximum)
        let top = series.count > 1 || columns.contains(where: { $0.valueLabel != nil }) ? 26.0 : 12.0
        let tickWidth = ticks.map { SVGChart.textWidth(SVGChart.label($0)) }.max() ?? 0
        let left = 22 + tickWidth + 8
        let plotWidth = width - left - 10
        let band = plotWidth / Double(max(columns.count, 1))
        let widest = columns.map { SVGChart.textWidth($0.label) }.max() ?? 0
        let rotate = widest + 6 > band
        let step = rotate ? max(1, Int((16 / band).rounded(.up))) : 1
        let bottom = (rotate ? widest * 0.72 + 14 : 20) + 22
        let plotHeight = height - top - bottom
        let base = top + plotHeight
        let topTick = ticks.last ?? 1
        func y(_ value: Double) -> Double {
            if logScale {
                guard value >= 1 else { return base }
                return base - log10(value) / log10(topTick) * plotHeight
            }
            return base - value / topTick * plotHeight
        }

        SVGChart.frame(&writer, width: width, height: height, title: title) { w in
            for tick in ticks {
                SVGChart.line(&w, left, y(tick), left + plotWidth, y(tick), color: SVGChart.gridColor)
                SVGChart.text(&w, SVGChart.label(tick), x: left - 6, y: y(tick) + 4, anchor: "end")
            }
            for (i, column) in columns.enumerated() {
                let x = left + Double(i) * band + band * 0.1, barWidth = max(1, band * 0.8)
                let total = totals[i]
                w.element("g") { g in
                    g.element("title", text: column.tooltip)
                    var at = base
                    let height = base - y(total)
                    for (s, value) in column.values.enumerated() where value > 0 {
                        let part = height * value / total
                        var attributes = [("x", SVGChart.px(x)), ("y", SVGChart.px(at - part)),
                                          ("width", SVGChart.px(barWidth)), ("height", SVGChart.px(part))]
                        if column.marked {
                            attributes += [("fill", SVGChart.fallbackColor), ("stroke", SVGChart.axisColor),
                                           ("stroke-dasharray", "3 2")]
                        } else {
                            attributes.append(("fill", series[min(s, series.count - 1)].color))
                        }
                        g.empty("rect", attributes)
                        at -= part
                    }
                    if let label = column.valueLabel {
                        SVGChart.text(&g, label, x: x + barWidth / 2, y: y(total) - 4, anchor: "middle")
                    }
                }
                if i % step == 0 {
                    let cx = left + (Double(i) + 0.5) * band
                    if rotate {
                        SVGChart.text(&w, column.label, x: cx + 4, y: base + 14, anchor: "end", rotate: -45)
                    } else {
                        SVGChart.text(&w, column.label, x: cx, y: base + 16, anchor: "middle")
                    }
                }
            }
            SVGChart.line(&w, left, base, left + plotWidth, base)
            SVGChart.line(&w, left, top - 4, left, base)
            SVGChart.text(&w, xTitle, x: left + plotWidth / 2, y: height - 6, anchor: "middle", bold: true)
            SVGChart.text(&w, yTitle, x: 14, y: top + plotHeight / 2, anchor: "middle", rotate: -90, bold: true)
            if series.count > 1 {
                let names = series.map(\.name)
                SVGChart.legend(&w, series, x: width - 10 - SVGChart.legendWidth(names), y: 14)
            }
        }
    }
}
