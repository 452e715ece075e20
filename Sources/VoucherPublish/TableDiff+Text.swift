extension TableDiff {
    /// The diff as text: both tables, rows read and kept, countries added
    /// and removed, the share of entries changed, then one line per changed
    /// entry (amount changes first), at most `limit` of them (`nil`: all):
    ///
    /// ```
    /// old      a.vtab (SHA-256 1f3e…)
    /// new      b.vtab (SHA-256 9a0c…)
    /// rows     read 5 → 7 (+2), kept 4 → 6 (+2)
    /// countries added: Chile; removed: none
    /// entries  3 of 30 changed (10.0%)
    /// amount changes:
    ///   Peru  frequent_segment  0-4: 2640 → 3520 (samples 2 → 3)
    /// other changes:
    ///   Peru  recency_segment  31-60: samples 2 → 3
    /// ```
    public func text(limit: Int? = nil) -> String {
        var lines: [String] = []
        if let old {
            lines.append("old      \(old.label) (SHA-256 \(old.sha256))")
        } else {
            lines.append("old      none")
        }
        lines.append("new      \(new.label) (SHA-256 \(new.sha256))")
        lines.append("rows     read \(Self.change(old?.rowsRead, new.rowsRead)), kept \(Self.change(old?.kept, new.kept))")
        lines.append("countries added: \(Self.list(countriesAdded)); removed: \(Self.list(countriesRemoved))")
        let percent = Self.fixed(changedFraction * 100, digits: 1)
        lines.append("entries  \(changedEntries) of \(totalEntries) changed (\(percent)%)")
        let amount = changes.filter(\.amountChanged), other = changes.filter { !$0.amountChanged }
        var shown = 0
        for (title, group) in [("amount changes:", amount), ("other changes:", other)] where !group.isEmpty {
            lines.append(title)
            for change in group {
                if let limit, shown >= limit { break }
                lines.append("  " + Self.describe(change))
                shown += 1
            }
        }
        if shown < changes.count { lines.append("  … and \(changes.count - shown) more (voucher diff shows them all)") }
        return lines.joined(separator: "\n")
    }

    /// `Peru  frequent_segment  0-4: 2640 → 3520 (samples 2 → 3)`.
    static func describe(_ change: EntryChange) -> String {
        let place = "\(change.country)  \(change.segment)  \(change.bucket): "
        guard let old = change.old else { return place + "new entry, \(state(change.new!))" }
        guard let new = change.new else { return place + "entry removed (was \(state(old)))" }
        var parts: [String] = []
        if old.amount != new.amount { parts.append("\(old.amount) → \(new.amount)") }
        var details: [String] = []
        if old.samples != new.samples { details.append("samples \(old.samples) → \(new.samples)") }
        if old.fallback != new.fallback { details.append(new.fallback ? "now a fallback" : "no longer a fallback") }
        if parts.isEmpty { return place + details.joined(separator: ", ") + " (amount \(new.amount))" }
        return place + parts[0] + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
    }

    private static func state(_ state: EntryState) -> String {
        "amount \(state.amount), samples \(state.samples)" + (state.fallback ? ", fallback" : "")
    }

    /// `5 → 7 (+2)`, or `7` without an old value.
    private static func change(_ old: Int?, _ new: Int) -> String {
        guard let old else { return "\(new)" }
        let delta = new - old
        return "\(old) → \(new) (\(delta >= 0 ? "+" : "")\(delta))"
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }

    /// `value` with `digits` decimals, without Foundation's formatter.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0 ..< digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale), fraction = scaled % Int64(scale)
        guard digits > 0 else { return "\(whole)" }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }
}
