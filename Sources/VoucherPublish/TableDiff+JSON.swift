public import Foundation

extension TableDiff {
    /// The diff as JSON (keys sorted):
    ///
    /// ```json
    /// {"old": {"label", "sha256", "rows_read", "kept", "entries"} | null,
    ///  "new": {…the same…},
    ///  "countries_added": ["Chile"], "countries_removed": [],
    ///  "rows_read": {"old": 5, "new": 7, "change": 2}, "kept": {"old": 4, "new": 6, "change": 2},
    ///  "entries_changed": 3, "entries_total": 30, "changed_fraction": 0.1,
    ///  "changes": [{"country", "country_key", "segment", "bucket", "amount_changed",
    ///               "old": {"amount", "samples", "fallback"} | null, "new": {…} | null}]}
    /// ```
    ///
    /// `old` is `null` when there is no old table, and the `old` and
    /// `change` members of `rows_read` and `kept` are then left out. `changes` is in the text's order.
    ///
    /// - Throws: an encoding error (not expected).
    public func json() throws -> Data {
        struct SideJSON: Encodable { let label, sha256: String; let rows_read, kept, entries: Int }
        struct StateJSON: Encodable { let amount: Int64; let samples: Int; let fallback: Bool }
        struct Count: Encodable { let old: Int?; let new: Int; let change: Int? }
        struct ChangeJSON: Encodable {
            let country, country_key, segment, bucket: String
            let amount_changed: Bool
            let old, new: StateJSON?
            func encode(to encoder: any Encoder) throws {
                enum Keys: String, CodingKey { case country, country_key, segment, bucket, amount_changed, old, new }
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(country, forKey: .country)
                try c.encode(country_key, forKey: .country_key)
                try c.encode(segment, forKey: .segment)
                try c.encode(bucket, forKey: .bucket)
                try c.encode(amount_changed, forKey: .amount_changed)
                try c.encode(old, forKey: .old)
                try c.encode(new, forKey: .new)
            }
        }
        struct Document: Encodable {
            let old: SideJSON?
            let new: SideJSON
            let countries_added, countries_removed: [String]
            let rows_read, kept: Count
            let entries_changed, entries_total: Int
            let changed_fraction: Double
            let changes: [ChangeJSON]
            func encode(to encoder: any Encoder) throws {
                enum Keys: String, CodingKey {
                    case old, new, countries_added, countries_removed, rows_read, kept, entries_changed, entries_total
                    case changed_fraction, changes
                }
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(old, forKey: .old)  // null, not left out
                try c.encode(new, forKey: .new)
                try c.encode(countries_added, forKey: .countries_added)
                try c.encode(countries_removed, forKey: .countries_removed)
                try c.encode(rows_read, forKey: .rows_read)
                try c.encode(kept, forKey: .kept)
                try c.encode(entries_changed, forKey: .entries_changed)
                try c.encode(entries_total, forKey: .entries_total)
                try c.encode(changed_fraction, forKey: .changed_fraction)
                try c.encode(changes, forKey: .changes)
            }
        }
        func side(_ s: Side) -> SideJSON { SideJSON(label: s.label, sha256: s.sha256, rows_read: s.rowsRead, kept: s.kept, entries: s.entries) }
        func state(_ s: EntryState?) -> StateJSON? { s.map { StateJSON(amount: $0.amount, samples: $0.samples, fallback: $0.fallback) } }
        func count(_ old: Int?, _ new: Int) -> Count { Count(old: old, new: new, change: old.map { new - $0 }) }
        let document = Document(
            old: old.map(side), new: side(new), countries_added: countriesAdded, countries_removed: countriesRemoved,
            rows_read: count(old?.rowsRead, new.rowsRead), kept: count(old?.kept, new.kept),
            entries_changed: changedEntries, entries_total: totalEntries,
            changed_fraction: (changedFraction * 1_000_000).rounded() / 1_000_000,
            changes: changes.map {
                ChangeJSON(country: $0.country, country_key: $0.countryKey, segment: $0.segment, bucket: $0.bucket,
                           amount_changed: $0.amountChanged, old: state($0.old), new: state($0.new))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }
}
