/// Derives the notes a data owner should act on from the report's numbers.
///
/// Each rule below looks at one kind of number and says, with the numbers,
/// what stands out: drops, empty or null inputs, buckets that fall back or
/// rest on few rows, winners that barely win, and dates out of line.
enum ReportNotes {
    /// Buckets with fewer rows than this are called thin.
    static let thinBucket = 30
    /// A winning amount below this share of its bucket is called weak.
    static let weakShare = 0.4
    /// How many items a note lists before "and N more".
    static let listed = 6

    static func derive(from report: HistoryReport, tallies: RowTallies) -> [ReportNote] {
        var notes: [ReportNote] = []
        let rows = report.rowsRead
        if rows == 0 { return [ReportNote(level: .action, text: "The history has no rows: the table is empty.")] }

        for drop in report.drops where drop.count > 0 {
            notes.append(ReportNote(
                level: drop.share >= 0.01 ? .action : .info,
                text: "\(ReportNumber.percent(drop.count, of: rows)) of rows (\(ReportNumber.grouped(drop.count))) are dropped as \(drop.reason): \(drop.rule)."))
        }

        for file in report.files {
            let prefix = report.files.count > 1 ? "In \(file.name), " : ""
            for column in file.columns {
                if let empty = column.empty, empty > 0 {
                    notes.append(ReportNote(level: .action, text: prefix + "\(ReportNumber.percent(empty, of: file.rows)) of rows have an empty \(column.name) (\(ReportNumber.grouped(empty)))."))
                }
                if column.nulls > 0 {
                    notes.append(ReportNote(level: .action, text: prefix + "\(ReportNumber.percent(column.nulls, of: file.rows)) of rows have a null \(column.name) (\(ReportNumber.grouped(column.nulls)))."))
                }
            }
        }

        notes += timeNotes(report, tallies)
        notes += bucketNotes(report)
        // What to act on first; otherwise in the order of the rules above.
        return notes.filter { $0.level == .action } + notes.filter { $0.level == .info }
    }

    /// Vouchers dated before any last order: the anomaly a timeline shows.
    private static func timeNotes(_ report: HistoryReport, _ tallies: RowTallies) -> [ReportNote] {
        guard let firstLastOrder = tallies.lastOrderDays.days.first?.day,
              let firstTimestamp = tallies.timestampDays.days.first?.day, firstTimestamp < firstLastOrder else { return [] }
        let early = ReportTimeline.rows(before: firstLastOrder, in: tallies.timestampDays)
        let years = Double(firstLastOrder - firstTimestamp) / 365.25
        let span = years >= 1 ? "\(Int(years.rounded(.down))) year\(years >= 2 ? "s" : "")" : "\(firstLastOrder - firstTimestamp) days"
        return [ReportNote(
            level: .action,
            text: "\(ReportNumber.grouped(early)) rows (\(ReportNumber.percent(early, of: report.rowsRead))) have a timestamp before the earliest last_order_ts (\(ReportTimeline.dayText(firstLastOrder))), back to \(ReportTimeline.dayText(firstTimestamp)), \(span) earlier: vouchers dated before the customer's last order.")]
    }

    /// Fallbacks, thin buckets and weak winners, per segment.
    private static func bucketNotes(_ report: HistoryReport) -> [ReportNote] {
        var notes: [ReportNote] = []
        for (s, segment) in report.segments.enumerated() {
            var fallbacks: [String] = [], thin: [String] = [], weak: [String] = []
            var total = 0
            for country in report.countries where s < country.segments.count {
                for entry in country.segments[s].entries {
                    total += 1
                    let place = "\(country.name) \(entry.bucket)"
                    if entry.fallback {
                        fallbacks.append(place)
                    } else {
                        if entry.samples < thinBucket { thin.append("\(place) (\(entry.samples))") }
                        if entry.share < weakShare { weak.append("\(place) (\(ReportNumber.percent(entry.share)))") }
                    }
                }
            }
            guard total > 0 else { continue }
            if !fallbacks.isEmpty {
                notes.append(ReportNote(level: .action, text: "\(fallbacks.count) of \(total) \(segment.name) buckets have no history and fall back to their country's most used amount: \(list(fallbacks))."))
            }
            if !thin.isEmpty {
                notes.append(ReportNote(level: .action, text: "\(thin.count) of \(total) \(segment.name) buckets rest on fewer than \(thinBucket) rows: \(list(thin))."))
            }
            if !weak.isEmpty {
                notes.append(ReportNote(level: .info, text: "In \(weak.count) of \(total) \(segment.name) buckets the chosen amount covers less than \(Int(weakShare * 100))% of the rows: \(list(weak))."))
            }
        }
        return notes
    }

    private static func list(_ items: [String]) -> String {
        items.count <= listed ? items.joined(separator: ", ")
            : items.prefix(listed).joined(separator: ", ") + " and \(items.count - listed) more"
    }
}
