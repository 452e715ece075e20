import VoucherTable

/// A segment of the configuration, as the report lists it.
public struct ReportSegment: Sendable, Equatable, Encodable {
    /// One bucket: an inclusive range of the metric.
    public struct Bucket: Sendable, Equatable {
        /// The name, e.g. `5-13` or `38+`.
        public var name: String
        /// The smallest metric value (inclusive).
        public var lower: Int64
        /// The largest metric value (inclusive); `nil` for the open last bucket.
        public var upper: Int64?
    }

    /// The segment's name, e.g. `frequent_segment`.
    public var name: String
    /// `total_orders` or `days_since_last_order`.
    public var metric: String
    /// The buckets, ascending.
    public var buckets: [Bucket]

    init(_ segment: Segment) {
        name = segment.name
        metric = segment.metric.rawValue
        buckets = segment.buckets.map { Bucket(name: $0.name, lower: $0.lower, upper: $0.upper) }
    }
}
