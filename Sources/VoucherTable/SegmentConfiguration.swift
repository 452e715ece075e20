/// The segments a table is compiled for: behaviour §3.
///
/// Each segment maps a row (or a request) to a whole number, its metric,
/// and the metric to one bucket. Buckets are inclusive ranges that start at
/// 0, leave no gap, do not overlap, and end with an open range.
public struct SegmentConfiguration: Sendable, Hashable {
    /// The segments, in configuration order (the order of the table's sections).
    public let segments: [Segment]

    /// Checks behaviour §3's rules, and the table file's limits (at most 256
    /// segments of at most 256 buckets, an open bucket starting at most at
    /// 2^24, names of at most 65,536 bytes), so a configuration the table
    /// cannot hold is refused when it is read, before any history is.
    ///
    /// - Throws: ``SegmentConfigurationError`` naming the segment and bucket at fault.
    public init(segments: [Segment]) throws(SegmentConfigurationError) {
        guard !segments.isEmpty else { throw SegmentConfigurationError("the configuration has no segments") }
        guard segments.count <= TableFormat.maxSegments else {
            throw SegmentConfigurationError("\(segments.count) segments, over the limit of \(TableFormat.maxSegments)")
        }
        var seen = Set<String>()
        for segment in segments {
            guard seen.insert(segment.name).inserted else {
                throw SegmentConfigurationError("segment '\(segment.name)' is defined twice")
            }
        }
        self.segments = segments
    }

    /// The default segments of behaviour §3.
    public static let standard: SegmentConfiguration = {
        // The literals below satisfy every rule; a failure here is a programming error.
        try! SegmentConfiguration(segments: [
            Segment(name: "frequent_segment", metric: .totalOrders, bucketNames: ["0-4", "5-13", "14-37", "38+"]),
            Segment(name: "recency_segment", metric: .daysSinceLastOrder,
                    bucketNames: ["0-30", "31-60", "61-90", "91-120", "121-180", "181+"]),
        ])
    }()

    /// The index of the segment named exactly `name`.
    public func index(of name: String) -> Int? {
        segments.firstIndex { $0.name == name }
    }
}

/// One segment: a metric and its buckets.
public struct Segment: Sendable, Hashable {
    /// The name requests use (`segment_name`).
    public let name: String
    /// What is measured.
    public let metric: SegmentMetric
    /// The buckets, in ascending order of their bounds.
    public let buckets: [Bucket]

    /// Builds a segment from bucket names of the form `"A-B"` (inclusive) and a last `"A+"`.
    ///
    /// - Throws: ``SegmentConfigurationError`` naming the bucket that breaks behaviour §3.
    public init(name: String, metric: SegmentMetric, bucketNames: [String]) throws(SegmentConfigurationError) {
        guard !name.isEmpty else { throw SegmentConfigurationError("a segment has an empty name") }
        guard !bucketNames.isEmpty else { throw SegmentConfigurationError("segment '\(name)' has no buckets") }
        guard bucketNames.count <= TableFormat.maxBucketsPerSegment else {
            throw SegmentConfigurationError("segment '\(name)' has \(bucketNames.count) buckets, over the limit of \(TableFormat.maxBucketsPerSegment)")
        }
        for text in [name] + bucketNames where text.utf8.count > TableFormat.maxStringLength {
            throw SegmentConfigurationError("segment '\(name.prefix(40))': a name is longer than \(TableFormat.maxStringLength) bytes")
        }
        var buckets: [Bucket] = []
        var expectedLower: Int64 = 0
        for (position, bucketName) in bucketNames.enumerated() {
            let isLast = position == bucketNames.count - 1
            guard let bucket = Bucket(parsing: bucketName) else {
                throw SegmentConfigurationError(
                    "segment '\(name)': bucket '\(bucketName)' is not of the form 'A-B' or 'A+' with whole numbers A ≤ B")
            }
            guard bucket.lower == expectedLower else {
                let what = position == 0 ? "must start at 0" : (bucket.lower < expectedLower ? "overlaps the bucket before it" : "leaves a gap after the bucket before it")
                throw SegmentConfigurationError(
                    "segment '\(name)': bucket '\(bucketName)' \(what) (expected it to start at \(expectedLower))")
            }
            if isLast {
                guard bucket.upper == nil else {
                    throw SegmentConfigurationError(
                        "segment '\(name)': the last bucket '\(bucketName)' must be open, like '\(bucket.lower)+'")
                }
                guard bucket.lower <= TableFormat.maxOpenBucketLowerBound else {
                    throw SegmentConfigurationError(
                        "segment '\(name)': the open bucket '\(bucketName)' starts over the limit of \(TableFormat.maxOpenBucketLowerBound)")
                }
            } else {
                guard let upper = bucket.upper else {
                    throw SegmentConfigurationError(
                        "segment '\(name)': bucket '\(bucketName)' is open but is not the last one")
                }
                expectedLower = upper + 1
            }
            buckets.append(bucket)
        }
        self.name = name
        self.metric = metric
        self.buckets = buckets
    }

    /// Per metric value `0 ..< buckets.last!.lower`: the index of its bucket
    /// (values from the open bucket's lower bound on are in the last one).
    /// The table file stores it; the compiler counts rows through it.
    package var bucketMap: [UInt8] {
        var map: [UInt8] = []
        map.reserveCapacity(Int(buckets.last!.lower))
        for (index, bucket) in buckets.dropLast().enumerated() {
            map.append(contentsOf: repeatElement(UInt8(index), count: Int(bucket.upper! - bucket.lower + 1)))
        }
        return map
    }

    /// The index of the bucket holding `value` (a metric ≥ 0), by binary search.
    ///
    /// The table file stores an O(1) map for lookups; this is the reference
    /// the compiler and tests use.
    public func bucketIndex(for value: Int64) -> Int {
        var low = 0, high = buckets.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if buckets[mid].lower <= value { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// What a segment measures.
public enum SegmentMetric: String, Sendable, Hashable, CaseIterable {
    /// `total_orders`, as given.
    case totalOrders = "total_orders"
    /// Whole days, rounded down, from `last_order_ts` to the reference time.
    case daysSinceLastOrder = "days_since_last_order"
}

/// An inclusive range of metric values; `upper == nil` is open (`"38+"`).
public struct Bucket: Sendable, Hashable {
    /// The name as configured, e.g. `5-13` or `38+`.
    public let name: String
    /// The smallest metric value in the bucket (inclusive).
    public let lower: Int64
    /// The largest metric value in the bucket (inclusive), `nil` for the open last bucket.
    public let upper: Int64?

    /// Parses `"A-B"` (A ≤ B) or `"A+"`; `nil` for anything else.
    init?(parsing name: String) {
        func number<S: StringProtocol>(_ s: S) -> Int64? {
            guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), s.utf8.count <= 12 else { return nil }
            return Int64(s)
        }
        self.name = name
        if name.hasSuffix("+") {
            guard let lower = number(name.dropLast()) else { return nil }
            self.lower = lower
            self.upper = nil
        } else {
            let parts = name.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let lower = number(parts[0]), let upper = number(parts[1]), lower <= upper else {
                return nil
            }
            self.lower = lower
            self.upper = upper
        }
    }
}

/// A segment configuration that breaks behaviour §3's rules.
public struct SegmentConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the segment and the bucket.
    public let message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
