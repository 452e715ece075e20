/// Everything a table file holds, in memory: what the compiler produces and
/// the writer serialises. Not needed by embedders, who only look up.
package struct TableContents: Sendable, Equatable {
    /// The segment configuration the table was compiled for.
    package var segments: SegmentConfiguration
    /// Countries, sorted by key (byte order).
    package var countries: [CountryContents]
    /// What cleaning did.
    package var summary: CleaningSummary
    /// The history files the table was compiled from, in the order given.
    package var sources: [SourceIdentity]

    package init(segments: SegmentConfiguration, countries: [CountryContents], summary: CleaningSummary,
                 sources: [SourceIdentity]) {
        self.segments = segments
        self.countries = countries
        self.summary = summary
        self.sources = sources
    }
}

/// One country's part of the table.
package struct CountryContents: Sendable, Equatable {
    /// The country key: trimmed and lower-cased (behaviour §2), e.g. `peru`.
    package var key: String
    /// The most frequent trimmed spelling among kept rows (ties: smallest in byte order), e.g. `Peru`.
    package var displayName: String
    /// Kept rows of this country.
    package var keptRows: Int
    /// Voucher amount → kept rows, over all the country's kept rows.
    package var amounts: AmountHistogram
    /// `entries[segment][bucket]`, in the configuration's order.
    package var entries: [[TableEntry]]

    package init(key: String, displayName: String, keptRows: Int, amounts: AmountHistogram, entries: [[TableEntry]]) {
        self.key = key
        self.displayName = displayName
        self.keptRows = keptRows
        self.amounts = amounts
        self.entries = entries
    }
}

/// The answer for one (country, segment, bucket).
package struct TableEntry: Sendable, Equatable {
    /// The most used amount (ties: the smaller), or the country's when the bucket is empty.
    package var amount: Int64
    /// Kept rows in the bucket (0 for a fallback).
    package var samples: Int
    /// The bucket had no rows; `amount` is the country's most used amount.
    package var isFallback: Bool
    /// Amount → rows in this bucket (empty for a fallback).
    package var histogram: AmountHistogram

    package init(amount: Int64, samples: Int, isFallback: Bool, histogram: AmountHistogram) {
        self.amount = amount
        self.samples = samples
        self.isFallback = isFallback
        self.histogram = histogram
    }
}

/// Voucher amounts with their counts, sorted by amount, no zero counts.
package struct AmountHistogram: Sendable, Equatable {
    package var amounts: [Int64]
    package var counts: [Int]

    package init(amounts: [Int64] = [], counts: [Int] = []) {
        self.amounts = amounts
        self.counts = counts
    }

    /// The most used amount; ties go to the smaller. `nil` when empty.
    package var mostUsed: Int64? {
        var best: Int? = nil
        for i in amounts.indices where best == nil || counts[i] > counts[best!] { best = i }
        return best.map { amounts[$0] }
    }

    /// The sum of the counts.
    package var total: Int { counts.reduce(0, +) }
}

/// What cleaning did to the history (behaviour §2).
package struct CleaningSummary: Sendable, Equatable {
    /// Rows read from every file.
    package var rowsRead: Int
    /// Rows kept.
    package var kept: Int
    /// Dropped rows per reason, in behaviour §2's order, every reason present (0 included).
    package var dropped: [(reason: String, count: Int)]

    package init(rowsRead: Int, kept: Int, dropped: [(reason: String, count: Int)]) {
        self.rowsRead = rowsRead
        self.kept = kept
        self.dropped = dropped
    }

    package static func == (a: CleaningSummary, b: CleaningSummary) -> Bool {
        a.rowsRead == b.rowsRead && a.kept == b.kept
            && a.dropped.map(\.reason) == b.dropped.map(\.reason) && a.dropped.map(\.count) == b.dropped.map(\.count)
    }
}

/// A history file a table was compiled from.
package struct SourceIdentity: Sendable, Equatable {
    /// The file's name as given on the command line, without its folder.
    package var name: String
    /// Size in bytes.
    package var size: Int64
    /// SHA-256 of the file's bytes (32 bytes).
    package var sha256: [UInt8]

    package init(name: String, size: Int64, sha256: [UInt8]) {
        self.name = name
        self.size = size
        self.sha256 = sha256
    }
}
