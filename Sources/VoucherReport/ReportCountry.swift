import VoucherTable

/// One country of the table: its kept rows, its voucher amounts and its
/// entry for every segment and bucket (behaviour §4).
public struct ReportCountry: Sendable, Equatable, Encodable {
    /// A voucher amount and how many kept rows carry it.
    public struct Amount: Sendable, Equatable, Encodable {
        /// The amount, in minor units.
        public var amount: Int64
        /// Kept rows with this amount.
        public var rows: Int
    }

    /// One segment's entries for this country.
    public struct SegmentEntries: Sendable, Equatable, Encodable {
        /// The segment's name.
        public var segment: String
        /// One entry per bucket, in the configuration's order.
        public var entries: [Entry]
    }

    /// The table's answer for one bucket.
    public struct Entry: Sendable, Equatable, Encodable {
        /// The bucket's name, e.g. `0-4`.
        public var bucket: String
        /// The amount the table answers, in minor units.
        public var amount: Int64
        /// Kept rows in the bucket (0 for a fallback).
        public var samples: Int
        /// Rows in the bucket carrying ``amount`` (0 for a fallback).
        public var amountRows: Int
        /// ``amountRows`` over ``samples`` (0 … 1, four decimals; 0 for a fallback).
        public var share: Double
        /// The bucket had no rows: ``amount`` is the country's most used amount.
        public var fallback: Bool
    }

    /// The country key (trimmed, lower-cased), e.g. `peru`.
    public var key: String
    /// The most frequent spelling, e.g. `Peru`.
    public var name: String
    /// Kept rows of this country.
    public var kept: Int
    /// ``kept`` over every kept row (0 … 1, four decimals).
    public var share: Double
    /// The voucher amounts over the country's kept rows, ascending.
    public var amounts: [Amount]
    /// The entries, one list per segment, in the configuration's order.
    public var segments: [SegmentEntries]

    init(_ country: CountryContents, segments configuration: SegmentConfiguration, totalKept: Int) {
        key = country.key
        name = country.displayName
        kept = country.keptRows
        share = ReportNumber.share(country.keptRows, of: totalKept)
        amounts = zip(country.amounts.amounts, country.amounts.counts).map { Amount(amount: $0, rows: $1) }
        segments = zip(configuration.segments, country.entries).map { segment, entries in
            SegmentEntries(segment: segment.name, entries: zip(segment.buckets, entries).map { bucket, entry in
                let index = entry.histogram.amounts.firstIndex(of: entry.amount)
                let rows = index.map { entry.histogram.counts[$0] } ?? 0
                return Entry(bucket: bucket.name, amount: entry.amount, samples: entry.samples, amountRows: rows,
                             share: ReportNumber.share(rows, of: entry.samples), fallback: entry.isFallback)
            })
        }
    }
}
