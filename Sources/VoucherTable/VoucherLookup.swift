/// The answer of a lookup: behaviour §4's entry for one (country, segment, bucket).
///
/// A plain value, independent of the table it came from; safe to keep after
/// the table is released and to pass between threads.
public struct VoucherLookup: Sendable, Hashable {
    /// The voucher amount, in minor units.
    public let amount: Int64
    /// The index of the segment (configuration order).
    public let segment: Int
    /// The index of the bucket within the segment (ascending bounds).
    public let bucket: Int
    /// The number of kept history rows in the bucket; 0 for a fallback.
    public let samples: Int
    /// True when the bucket had no rows and ``amount`` is the country's most used amount overall.
    public let isFallback: Bool
    /// The entry's position in the table: entries are ordered by country
    /// (table order), then segment, then bucket, so it is
    /// `country × (buckets of every segment) + (buckets of the earlier segments) + bucket`.
    /// A dense index for per-entry counters; -1 in answers made without a table.
    public let entry: Int

    /// Makes an answer; tables make these, tests and embedders may too.
    public init(amount: Int64, segment: Int, bucket: Int, samples: Int, isFallback: Bool, entry: Int = -1) {
        self.amount = amount
        self.segment = segment
        self.bucket = bucket
        self.samples = samples
        self.isFallback = isFallback
        self.entry = entry
    }
}
