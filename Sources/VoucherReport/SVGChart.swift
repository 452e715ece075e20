/// What every chart of the report shares: colours, text metrics, tick
/// choice and number labels. Charts are drawn at their natural size in
/// CSS pixels so their 12 px text stays legible at 100% zoom.
enum SVGChart {
    /// Kept rows.
    static let keptColor = "#2f6db3"
    /// Dropped rows.
    static let droppedColor = "#e07b24"
    /// A table entry's amount.
    static let amountColor = "#2f6db3"
    /// A fallback entry.
    static let fallbackColor = "#c9c9c9"
    /// Axis lines and tick marks.
    static let axisColor = "#555555"
    /// Grid lines.
    static let gridColor = "#e3e3e3"
    /// The font size of every label, in px.
    static let fontSize = 12.0

    /// The width, in px, text takes at ``fontSize`` (an average glyph width; generous for digits).
    static func textWidth(_ text: String) -> Double {
        Double(text.count) * 6.8
    }

    /// Ticks for a linear axis from 0 to at least `maximum`: round steps (1, 2, 5 × 10ⁿ), about `count` of them.
    static func linearTicks(maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0 else { return [0, 1] }
        let raw = maximum / Double(count)
        var step = 1.0
        while step * 10 <= raw { step *= 10 }
        while step > raw * 10 { step /= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where step * factor >= raw {
            step *= factor
            break
        }
        var ticks: [Double] = []
        var tick = 0.0
        while tick < maximum + step * 0.999 {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    /// Ticks for a log axis: 1, 10, 100, … up to at least `maximum`.
    static func logTicks(maximum: Double) -> [Double] {
        var ticks = [1.0]
        while ticks.last! < maximum { ticks.append(ticks.last! * 10) }
        if ticks.count == 1 { ticks.append(10) }
        return ticks
    }

    /// A tick or value label: `12,345`, or `1.5` for a fraction.
    static func label(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return ReportNumber.grouped(Int64(value)) }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// A coordinate with at most one decimal, as SVG attributes want it.
    static func px(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    /// Opens an `<svg>` of the given natural size with an accessible title, and runs `body` inside it.
    static func frame(_ writer: inout HTMLWriter, width: Double, height: Double, title: String,
                      _ body: (inout HTMLWriter) -> Void) {
        writer.element("svg", [("class", "chart"), ("width", px(width)), ("height", px(height)),
                               ("viewBox", "0 0 \(px(width)) \(px(height))"), ("role", "img"),
                               ("aria-label", title)]) { w in
            w.element("title", text: title)
            body(&w)
        }
        writer.newline()
    }

    /// A text label at (x, y).
    static func text(_ writer: inout HTMLWriter, _ text: String, x: Double, y: Double, anchor: String = "start",
                     rotate: Double? = nil, bold: Bool = false) {
        var attributes = [("x", px(x)), ("y", px(y))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let rotate { attributes.append(("transform", "rotate(\(px(rotate)) \(px(x)) \(px(y)))")) }
        if bold { attributes.append(("font-weight", "bold")) }
        writer.element("text", attributes, text: text)
    }

    /// A line from (x1, y1) to (x2, y2).
    static func line(_ writer: inout HTMLWriter, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
                     color: String = axisColor) {
        writer.empty("line", [("x1", px(x1)), ("y1", px(y1)), ("x2", px(x2)), ("y2", px(y2)), ("stroke", color)])
    }

    /// A legend of coloured squares and names, starting at (x, y).
    static func legend(_ writer: inout HTMLWriter, _ entries: [(name: String, color: String)], x: Double, y: Double) {
        var at = x
        for entry in entries {
            writer.empty("rect", [("x", px(at)), ("y", px(y - 10)), ("width", "10"), ("height", "10"),
                                  ("fill", entry.color)])
            text(&writer, entry.name, x: at + 14, y: y)
            at += 14 + textWidth(entry.name) + 14
        }
    }

    /// The width a legend takes.
    static func legendWidth(_ names: [String]) -> Double {
        names.reduce(0) { $0 + 28 + textWidth($1) }
    }
}
