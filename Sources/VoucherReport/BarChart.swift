/// A horizontal bar chart: one labelled bar per category, its value
/// printed at its end, over a ticked and titled row axis. Drops per reason
/// and voucher amounts per country are drawn with it.
struct BarChart {
    /// One bar.
    struct Bar {
        /// The category, left of the bar.
        var label: String
        /// The bar's length, in the axis' unit.
        var value: Double
        /// Printed after the bar's end.
        var valueLabel: String
        /// The hover text (an SVG `<title>`).
        var tooltip: String
    }

    /// The chart's accessible title.
    var title: String
    /// The bars, top to bottom.
    var bars: [Bar]
    /// The axis' title, with its unit.
    var xTitle: String
    /// The bars' colour.
    var color = SVGChart.keptColor
    /// Natural width, px.
    var width = 720.0

    /// The height of one bar's row, px.
    static let rowHeight = 22.0

    func render(into writer: inout HTMLWriter) {
        let ticks = SVGChart.linearTicks(maximum: bars.map(\.value).max() ?? 0)
        let labelWidth = bars.map { SVGChart.textWidth($0.label) }.max() ?? 0
        let valueWidth = bars.map { SVGChart.textWidth($0.valueLabel) }.max() ?? 0
        let left = labelWidth + 14
        let plotWidth = max(120, width - left - valueWidth - 14)
        let top = 6.0
        let base = top + Double(bars.count) * Self.rowHeight
        let height = base + 44
        let topTick = ticks.last ?? 1
        func x(_ value: Double) -> Double { left + value / topTick * plotWidth }

        SVGChart.frame(&writer, width: width, height: height, title: title) { w in
            for tick in ticks {
                SVGChart.line(&w, x(tick), top, x(tick), base, color: SVGChart.gridColor)
                SVGChart.text(&w, SVGChart.label(tick), x: x(tick), y: base + 16, anchor: "middle")
            }
            for (i, bar) in bars.enumerated() {
                let y = top + Double(i) * Self.rowHeight
                w.element("g") { g in
                    g.element("title", text: bar.tooltip)
                    SVGChart.text(&g, bar.label, x: left - 8, y: y + 15, anchor: "end")
                    if bar.value > 0 {
                        g.empty("rect", [("x", SVGChart.px(left)), ("y", SVGChart.px(y + 4)),
                                         ("width", SVGChart.px(max(1, x(bar.value) - left))),
                                         ("height", SVGChart.px(Self.rowHeight - 8)), ("fill", color)])
                    }
                    SVGChart.text(&g, bar.valueLabel, x: x(bar.value) + 5, y: y + 15)
                }
            }
            SVGChart.line(&w, left, top, left, base)
            SVGChart.line(&w, left, base, left + plotWidth, base)
            SVGChart.text(&w, xTitle, x: left + plotWidth / 2, y: height - 6, anchor: "middle", bold: true)
        }
    }
}
