/// A histogram of a whole-number metric, kept and dropped rows apart, in
/// the bins the report draws.
///
/// Bins are one per value when the values are few; of a round width
/// (1, 2, 5, 10, 20, 50, …) when they spread evenly; and of doubling widths
/// (`0`, `1`, `2-3`, `4-7`, …: a log scale) when a long tail would
/// squeeze the bulk of the rows into the first few bars.
public struct ReportHistogram: Sendable, Equatable, Encodable {
    /// How the bins were chosen.
    public enum Binning: String, Sendable, Equatable, Encodable {
        /// One bin per value.
        case exact
        /// Bins of one round width.
        case linear
        /// Bins of doubling width: a log scale on the value axis.
        case log2
    }

    /// The metric, e.g. `total_orders`.
    public var metric: String
    /// The metric's unit, e.g. `orders` or `days`.
    public var unit: String
    /// How the bins were chosen.
    public var binning: Binning
    /// Whether the row axis is drawn on a log scale (when a tail of small bins would not show on a linear one).
    public var logCounts: Bool
    /// The bins, in ascending order, covering every counted value; empty when no row has a value.
    public var bins: [ReportBin]
    /// Rows whose metric is below zero (days: the last order after the voucher), drawn as their own bar.
    public var belowZero: ReportBin.Split
    /// Rows without a value (invalid or missing inputs).
    public var missing: ReportBin.Split

    /// The most bars a histogram draws.
    static let maximumBins = 40

    init(metric: String, unit: String, counts: IntegerCounts) {
        self.metric = metric
        self.unit = unit
        belowZero = ReportBin.Split(kept: counts.negative[0], dropped: counts.negative[1])
        missing = ReportBin.Split(kept: counts.missing[0], dropped: counts.missing[1])
        let largest = counts.largest
        var ranges: [(Int64, Int64)] = []
        if largest < 0 {
            binning = .exact
        } else if largest < Int64(Self.maximumBins) {
            binning = .exact
            ranges = (0 ... largest).map { ($0, $0) }
        } else if largest >= Int64(IntegerCounts.exactLimit) || counts.quantile(0.99) * 4 < largest {
            binning = .log2
            ranges = [(0, 0)]
            var lower: Int64 = 1
            while lower <= largest {
                let upper = lower > Int64.max / 2 ? Int64.max : 2 * lower - 1
                ranges.append((lower, upper))
                if upper == Int64.max { break }
                lower = upper + 1
            }
        } else {
            binning = .linear
            let width = Self.roundWidth(atLeast: (largest + 1 + Int64(Self.maximumBins) - 1) / Int64(Self.maximumBins))
            ranges = stride(from: Int64(0), through: largest, by: Int(width)).map { ($0, $0 + width - 1) }
        }
        bins = ranges.map { lower, upper in
            let (kept, dropped) = counts.count(lower, upper)
            return ReportBin(lower: lower, upper: upper, kept: kept, dropped: dropped)
        }
        let totals = bins.map(\.rows).filter { $0 > 0 }
        let highest = totals.max() ?? 0
        let faint = totals.filter { $0 * 50 < highest }.count
        logCounts = totals.count >= 4 && faint * 4 >= totals.count
    }

    /// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `width`.
    static func roundWidth(atLeast width: Int64) -> Int64 {
        var base: Int64 = 1
        while true {
            for step in [1, 2, 5] as [Int64] where base * step >= width { return base * step }
            base *= 10
        }
    }

    /// Rows counted in the bins (not below zero, not missing).
    public var binnedRows: Int { bins.reduce(0) { $0 + $1.rows } }
}

/// One bar of a histogram: the values `lower ... upper`.
public struct ReportBin: Sendable, Equatable, Encodable {
    /// Kept and dropped rows.
    public struct Split: Sendable, Equatable, Encodable {
        /// Rows kept by cleaning.
        public var kept: Int
        /// Rows dropped by cleaning.
        public var dropped: Int
        /// Both.
        public var rows: Int { kept + dropped }
    }

    /// The smallest value of the bin (inclusive).
    public var lower: Int64
    /// The largest value of the bin (inclusive).
    public var upper: Int64
    /// Kept rows with a value in the bin.
    public var kept: Int
    /// Dropped rows with a value in the bin.
    public var dropped: Int
    /// Both.
    public var rows: Int { kept + dropped }

    /// `7`, `5-13` (or `4096+` for the open top of a log scale).
    public var label: String {
        lower == upper ? "\(lower)" : upper == Int64.max ? "\(lower)+" : "\(lower)-\(upper)"
    }
}
