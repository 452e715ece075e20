/// One event loop's count of answered lookups per table entry, for
/// `voucher_lookups_total{country,segment,bucket,fallback}`.
///
/// A flat array of counters indexed by ``VoucherTable/VoucherLookup/entry``,
/// sized when the loop first answers from a table; counting is one
/// comparison and one increment, with no lock and no allocation. When the
/// loop switches to another table, the old counts are folded into totals by
/// label (once per switch), so the counter never goes back.
///
/// Owned by one event loop (in its ``LoopState``) and touched only there;
/// ``snapshot()`` makes the plain value `/metrics` sums over loops.
struct LookupCounters {
    /// The table ``counts`` is indexed for.
    private var table: LoadedTable?
    private var counts: [UInt64] = []
    /// Counts of tables this loop served before, by label set.
    private var retired: [String: UInt64] = [:]

    /// Counts one answer from `table`.
    @inline(__always)
    mutating func count(_ entry: Int, in table: LoadedTable) {
        if table !== self.table { adopt(table) }
        guard entry >= 0 && entry < counts.count else { return }
        counts[entry] &+= 1
    }

    /// Folds the current counts into ``retired`` and sizes the array for `newTable`.
    private mutating func adopt(_ newTable: LoadedTable) {
        if let table {
            for (entry, count) in counts.enumerated() where count > 0 {
                retired[table.entryLabels[entry], default: 0] &+= count
            }
        }
        table = newTable
        counts = Array(repeating: 0, count: newTable.entryLabels.count)
    }

    /// Every non-zero count by label set (a copy; the counters are not shared).
    func snapshot() -> [String: UInt64] {
        var all = retired
        if let table {
            for (entry, count) in counts.enumerated() where count > 0 {
                all[table.entryLabels[entry], default: 0] &+= count
            }
        }
        return all
    }

    /// The `voucher_lookups_total` family from loops' snapshots, label sets in byte order.
    static func render(_ snapshots: [[String: UInt64]]) -> [UInt8] {
        var total: [String: UInt64] = [:]
        for snapshot in snapshots {
            for (labels, count) in snapshot { total[labels, default: 0] &+= count }
        }
        var out: [UInt8] = []
        out.append(contentsOf: "# HELP voucher_lookups_total Lookups answered (200), by country key, segment, bucket and whether the entry is a fallback.\n".utf8)
        out.append(contentsOf: "# TYPE voucher_lookups_total counter\n".utf8)
        for labels in total.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            out.append(contentsOf: "voucher_lookups_total{\(labels)} \(total[labels]!)\n".utf8)
        }
        return out
    }
}
