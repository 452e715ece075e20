public import VoucherTable

/// What a new table changes against an old one: countries added and
/// removed, every entry whose amount, fallback flag or samples changed, and
/// the change in rows read and kept. `voucher diff` prints it; `voucher
/// publish` judges its guards by it.
///
/// Entries are matched by (country key, segment name, bucket name), so two
/// tables with different segment configurations compare too: an entry on
/// one side only is a change with the other side absent. A plain value.
public struct TableDiff: Sendable {
    /// One table of the comparison: where it came from and its totals.
    public struct Side: Sendable, Hashable {
        /// The file or location, as given.
        public let label: String
        /// SHA-256 of the table file, lower-case hex.
        public let sha256: String
        /// Rows read from the history it was compiled from.
        public let rowsRead: Int
        /// Rows kept by cleaning.
        public let kept: Int
        /// Its (country, segment, bucket) entries.
        public let entries: Int
    }

    /// One entry's answer: amount, samples, fallback flag.
    public struct EntryState: Sendable, Hashable {
        public let amount: Int64
        public let samples: Int
        public let fallback: Bool
    }

    /// An entry that differs between the tables.
    public struct EntryChange: Sendable, Hashable {
        /// The country's display name (the new table's when both have it).
        public let country: String
        /// The country key.
        public let countryKey: String
        public let segment: String
        public let bucket: String
        /// The old answer; `nil` when the old table has no such entry.
        public let old: EntryState?
        /// The new answer; `nil` when the new table has no such entry.
        public let new: EntryState?

        /// Whether the amount changed (or the entry is on one side only).
        public var amountChanged: Bool { old?.amount != new?.amount }
    }

    /// The old table; `nil` when there is none (a location's first publication).
    public let old: Side?
    /// The new table.
    public let new: Side
    /// Display names of countries only in the new table, in key order.
    public let countriesAdded: [String]
    /// Display names of countries only in the old table, in key order.
    public let countriesRemoved: [String]
    /// Changed entries of countries in both tables: amount changes first,
    /// then fallback and sample changes; each group in table order.
    public let changes: [EntryChange]
    /// Entries that differ: ``changes`` plus every entry of an added or removed country.
    public let changedEntries: Int
    /// Entries of both tables together (matched entries once).
    public let totalEntries: Int

    /// The share of entries that differ, 0…1 (1 when there is no old table).
    public var changedFraction: Double { totalEntries == 0 ? 0 : Double(changedEntries) / Double(totalEntries) }

    /// Whether the tables answer alike and were compiled from as many rows.
    public var isEmpty: Bool {
        changedEntries == 0 && old?.rowsRead == new.rowsRead && old?.kept == new.kept
    }

    /// Compares two opened tables (decodes their cold sections).
    ///
    /// - Throws: ``PublishError`` (`table`) when a table's sections do not decode.
    public init(old: VoucherTable?, oldLabel: String, new: VoucherTable, newLabel: String) throws {
        func contents(_ table: VoucherTable) throws -> TableContents {
            do {
                return try table.contents()
            } catch {
                throw PublishError(code: .table, message: error.description)
            }
        }
        self.init(old: try old.map { (try contents($0), oldLabel, SHA256.hex($0.fileSHA256)) },
                  new: (try contents(new), newLabel, SHA256.hex(new.fileSHA256)))
    }

    /// Compares decoded tables with their labels and hashes.
    package init(old: (contents: TableContents, label: String, sha256: String)?,
                 new: (contents: TableContents, label: String, sha256: String)) {
        struct Key: Hashable { let country, segment, bucket: String }
        func entries(_ contents: TableContents) -> [(key: Key, name: String, state: EntryState)] {
            contents.countries.flatMap { country in
                contents.segments.segments.enumerated().flatMap { s, segment in
                    segment.buckets.enumerated().map { b, bucket in
                        let entry = country.entries[s][b]
                        return (Key(country: country.key, segment: segment.name, bucket: bucket.name), country.displayName,
                                EntryState(amount: entry.amount, samples: entry.samples, fallback: entry.isFallback))
                    }
                }
            }
        }
        func side(_ t: (contents: TableContents, label: String, sha256: String)) -> Side {
            Side(label: t.label, sha256: t.sha256, rowsRead: t.contents.summary.rowsRead, kept: t.contents.summary.kept,
                 entries: t.contents.countries.count * t.contents.segments.segments.reduce(0) { $0 + $1.buckets.count })
        }
        self.new = side(new)
        self.old = old.map(side)
        let oldCountries = Set(old?.contents.countries.map(\.key) ?? [])
        let newCountries = Set(new.contents.countries.map(\.key))
        countriesAdded = new.contents.countries.filter { !oldCountries.contains($0.key) }.map(\.displayName)
        countriesRemoved = (old?.contents.countries ?? []).filter { !newCountries.contains($0.key) }.map(\.displayName)

        let oldEntries = old.map { entries($0.contents) } ?? []
        let newEntries = entries(new.contents)
        var oldByKey: [Key: (name: String, state: EntryState)] = [:]
        for entry in oldEntries { oldByKey[entry.key] = (entry.name, entry.state) }
        let newKeys = Set(newEntries.map(\.key))
        var amountChanges: [EntryChange] = [], otherChanges: [EntryChange] = []
        var changed = 0
        func record(_ change: EntryChange) {
            if change.amountChanged { amountChanges.append(change) } else { otherChanges.append(change) }
        }
        for entry in newEntries {
            let before = oldByKey[entry.key]
            guard before?.state != entry.state else { continue }
            changed += 1
            guard oldCountries.contains(entry.key.country) else { continue }  // an added country: counted, not listed
            record(EntryChange(country: entry.name, countryKey: entry.key.country, segment: entry.key.segment,
                               bucket: entry.key.bucket, old: before?.state, new: entry.state))
        }
        for entry in oldEntries where !newKeys.contains(entry.key) {
            changed += 1
            guard newCountries.contains(entry.key.country) else { continue }  // a removed country
            record(EntryChange(country: entry.name, countryKey: entry.key.country, segment: entry.key.segment,
                               bucket: entry.key.bucket, old: entry.state, new: nil))
        }
        changes = amountChanges + otherChanges
        changedEntries = changed
        totalEntries = newEntries.count + oldEntries.filter { !newKeys.contains($0.key) }.count
    }
}
