import VoucherHistory
/// Rows per calendar month (or year) of a time column, kept and dropped
/// rows apart: where a history's dates lie, and which are suspect.
///
/// Months run without a gap from the first to the last one with rows; when
/// that is more than ten years of months, the periods are years instead.
public struct ReportTimeline: Sendable, Equatable {
    /// One month or year.
    public struct Period: Sendable, Equatable, Encodable {
        /// `YYYY-MM` for a month, `YYYY` for a year (UTC).
        public var period: String
        /// Kept rows dated in it.
        public var kept: Int
        /// Dropped rows dated in it.
        public var dropped: Int
        /// Both.
        public var rows: Int { kept + dropped }
    }

    /// The column, e.g. `timestamp`.
    public var column: String
    /// `month` or `year`.
    public var unit: String
    /// The periods, in order, empty ones included between the first and the last.
    public var periods: [Period]
    /// Rows without a valid time in this column.
    public var missing: ReportBin.Split
    /// The first and last day with rows, `YYYY-MM-DD` (`nil` when none).
    public var firstDay: String?
    /// See ``firstDay``.
    public var lastDay: String?

    /// The most months drawn before switching to years.
    static let maximumMonths = 120

    init(column: String, days: DayCounts) {
        self.column = column
        missing = ReportBin.Split(kept: days.missing[0], dropped: days.missing[1])
        let rows = days.days
        firstDay = rows.first.map { Self.dayText($0.day) }
        lastDay = rows.last.map { Self.dayText($0.day) }
        guard let first = rows.first, let last = rows.last else {
            unit = "month"
            periods = []
            return
        }
        let (y0, m0, _) = Self.civil(first.day), (y1, m1, _) = Self.civil(last.day)
        let months = Int((y1 - y0) * 12 + (m1 - m0) + 1)
        let byYear = months > Self.maximumMonths
        unit = byYear ? "year" : "month"
        let count = byYear ? Int(y1 - y0 + 1) : months
        var kept = [Int](repeating: 0, count: count), dropped = kept
        for row in rows {
            let (y, m, _) = Self.civil(row.day)
            let slot = byYear ? Int(y - y0) : Int((y - y0) * 12 + (m - m0))
            kept[slot] += row.kept
            dropped[slot] += row.dropped
        }
        periods = (0 ..< count).map { slot in
            let label: String
            if byYear {
                label = "\(y0 + Int64(slot))"
            } else {
                let month = (m0 - 1) + Int64(slot)
                label = "\(y0 + month / 12)-\(Self.two((month % 12) + 1))"
            }
            return Period(period: label, kept: kept[slot], dropped: dropped[slot])
        }
    }

    /// Rows dated before `day` (days since 1970-01-01), from the day counts; used by the notes.
    static func rows(before day: Int64, in days: DayCounts) -> Int {
        days.days.filter { $0.day < day }.reduce(0) { $0 + $1.kept + $1.dropped }
    }

    /// `YYYY-MM-DD` of a day since 1970-01-01.
    static func dayText(_ day: Int64) -> String {
        let (y, m, d) = civil(day)
        return "\(y)-\(two(m))-\(two(d))"
    }

    private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Proleptic Gregorian (year, month, day) of a day since 1970-01-01.
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        HistoryValue.civilDate(fromDays: days)
    }
}
