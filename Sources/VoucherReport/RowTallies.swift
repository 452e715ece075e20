import VoucherCompiler
import VoucherTable

/// The per-row counts of the report, kept and dropped rows apart: integer
/// histograms of `total_orders` and of days since the last order, and
/// rows per day of `timestamp` and of `last_order_ts`.
///
/// Every count is an array slot (index `2 × bin + (dropped ? 1 : 0)`); a
/// batch is added in one loop with no hashing and no allocation (save the
/// rare widening of a day range).
struct RowTallies {
    /// `total_orders` as parsed (behaviour §2), where it is a whole number ≥ 0.
    var totalOrders = IntegerCounts()
    /// Whole days from `last_order_ts` to `timestamp`, where both are valid.
    var daysSinceLastOrder = IntegerCounts()
    /// Rows per UTC day of `timestamp`.
    var timestampDays = DayCounts()
    /// Rows per UTC day of `last_order_ts`.
    var lastOrderDays = DayCounts()
    /// Rows per verdict: 0 kept, 1 + a drop reason's raw value.
    var verdicts = [Int](repeating: 0, count: DropReason.allCases.count + 1)

    /// Adds the rows from `firstRow` on of a parsed batch, one per verdict
    /// code (0 kept, 1 + a drop reason's raw value).
    mutating func add(_ parsed: ParsedBatch, verdicts codes: [UInt8], firstRow: Int) {
        let noTime = ParsedBatch.noTime
        for (i, code) in codes.enumerated() {
            let row = firstRow + i, code = Int(code)
            verdicts[code] += 1
            let dropped = code == 0 ? 0 : 1
            let orders = parsed.totalOrders(row)
            if orders >= 0 { totalOrders.add(orders, dropped) } else { totalOrders.missing[dropped] += 1 }
            let timestamp = parsed.timestamp(row), lastOrder = parsed.lastOrder(row)
            if timestamp != noTime { timestampDays.add(Self.day(timestamp), dropped) } else { timestampDays.missing[dropped] += 1 }
            if lastOrder != noTime { lastOrderDays.add(Self.day(lastOrder), dropped) } else { lastOrderDays.missing[dropped] += 1 }
            if timestamp != noTime && lastOrder != noTime {
                let days = TimeText.days(from: lastOrder, to: timestamp)
                if days >= 0 { daysSinceLastOrder.add(days, dropped) } else { daysSinceLastOrder.negative[dropped] += 1 }
            } else {
                daysSinceLastOrder.missing[dropped] += 1
            }
        }
    }

    /// The UTC day (since 1970-01-01) of an instant in nanoseconds.
    @inline(__always) static func day(_ ns: Int64) -> Int64 {
        let (q, r) = ns.quotientAndRemainder(dividingBy: TimeText.nanosecondsPerDay)
        return r < 0 ? q - 1 : q
    }
}

/// Counts of whole numbers ≥ 0, kept and dropped apart: exact below
/// ``exactLimit``, by bit width above it (`[2^(b-1), 2^b - 1]`).
struct IntegerCounts {
    /// Values below this are counted one by one.
    static let exactLimit = 4096
    /// `exact[2 × value + dropped]`.
    var exact = [Int](repeating: 0, count: 2 * exactLimit)
    /// `wide[2 × bitWidth + dropped]` for values ≥ ``exactLimit``.
    var wide = [Int](repeating: 0, count: 2 * 65)
    /// Rows with a value below zero, `[kept, dropped]`.
    var negative = [0, 0]
    /// Rows without a valid value, `[kept, dropped]`.
    var missing = [0, 0]

    @inline(__always) mutating func add(_ value: Int64, _ dropped: Int) {
        if value < Int64(Self.exactLimit) {
            exact[2 &* Int(truncatingIfNeeded: value) &+ dropped] &+= 1
        } else {
            wide[2 &* (64 &- value.leadingZeroBitCount) &+ dropped] &+= 1
        }
    }

    /// `[kept, dropped]` rows with a value in `lower ... upper`.
    func count(_ lower: Int64, _ upper: Int64) -> (kept: Int, dropped: Int) {
        var kept = 0, dropped = 0
        let limit = Int64(Self.exactLimit)
        if lower < limit {
            for v in Int(lower) ... Int(min(upper, limit - 1)) {
                kept += exact[2 * v]
                dropped += exact[2 * v + 1]
            }
        }
        if upper >= limit {
            // Wide bins are whole bit widths; callers ask for whole widths above the exact range.
            let first = 64 - max(lower, limit).leadingZeroBitCount, last = 64 - upper.leadingZeroBitCount
            for b in first ... last {
                kept += wide[2 * b]
                dropped += wide[2 * b + 1]
            }
        }
        return (kept, dropped)
    }

    /// The largest value counted, or -1 when none was.
    var largest: Int64 {
        for b in stride(from: 64, through: 0, by: -1) where wide[2 * b] + wide[2 * b + 1] > 0 {
            return b >= 63 ? Int64.max : (Int64(1) << b) - 1
        }
        for v in stride(from: Self.exactLimit - 1, through: 0, by: -1) where exact[2 * v] + exact[2 * v + 1] > 0 {
            return Int64(v)
        }
        return -1
    }

    /// The smallest value `v` with at least `fraction` of the counted rows at or below it (exact range only;
    /// ``exactLimit`` when it lies above).
    func quantile(_ fraction: Double) -> Int64 {
        let total = exact.reduce(0, +) + wide.reduce(0, +)
        guard total > 0 else { return 0 }
        let target = Double(total) * fraction
        var running = 0
        for v in 0 ..< Self.exactLimit {
            running += exact[2 * v] + exact[2 * v + 1]
            if Double(running) >= target { return Int64(v) }
        }
        return Int64(Self.exactLimit)
    }
}

/// Rows per day, kept and dropped apart, over a range of days that widens
/// as needed.
struct DayCounts {
    /// The day of slot 0.
    var firstDay: Int64 = 0
    /// `counts[2 × (day - firstDay) + dropped]`.
    var counts: [Int] = []
    /// Rows without a valid time, `[kept, dropped]`.
    var missing = [0, 0]

    @inline(__always) mutating func add(_ day: Int64, _ dropped: Int) {
        let slot = day &- firstDay
        if slot >= 0 && slot < Int64(counts.count / 2) {
            counts[2 &* Int(slot) &+ dropped] &+= 1
        } else {
            widen(to: day)
            counts[2 * Int(day - firstDay) + dropped] += 1
        }
    }

    /// Makes room for `day`, at least doubling the range so widening stays rare.
    private mutating func widen(to day: Int64) {
        let days = Int64(counts.count / 2)
        guard days > 0 else {
            firstDay = day
            counts = [Int](repeating: 0, count: 2 * 64)
            return
        }
        let growth = max(days, 64)
        let newFirst = day < firstDay ? min(day, firstDay - growth) : firstDay
        let newEnd = day >= firstDay + days ? max(day + 1, firstDay + days + growth) : firstDay + days
        var fresh = [Int](repeating: 0, count: 2 * Int(newEnd - newFirst))
        let shift = 2 * Int(firstDay - newFirst)
        for i in counts.indices { fresh[shift + i] = counts[i] }
        firstDay = newFirst
        counts = fresh
    }

    /// `(day, kept, dropped)` for every day with rows, in order.
    var days: [(day: Int64, kept: Int, dropped: Int)] {
        var result: [(day: Int64, kept: Int, dropped: Int)] = []
        for slot in 0 ..< counts.count / 2 where counts[2 * slot] + counts[2 * slot + 1] > 0 {
            result.append((day: firstDay + Int64(slot), kept: counts[2 * slot], dropped: counts[2 * slot + 1]))
        }
        return result
    }
}
