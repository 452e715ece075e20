/// What `/metrics` counts per endpoint: the paths the server answers, and
/// everything else under one label (so unknown paths cannot grow the
/// label set).
enum Endpoint: Int, CaseIterable, Sendable {
    case voucher, health, metrics, other

    /// The `endpoint` label.
    var label: String {
        switch self {
        case .voucher: "/voucher"
        case .health: "/health"
        case .metrics: "/metrics"
        case .other: "other"
        }
    }
}

/// One event loop's request counters: answers by endpoint and status, and a
/// latency histogram by endpoint. The `/metrics` answer adds up every loop's.
///
/// Owned by one event loop and updated there without locks or atomics; a
/// copy (a plain value) is what travels to the loop that renders `/metrics`.
struct RequestMetrics: Sendable {
    /// The statuses counted one by one; anything else is counted under
    /// `status="other"` (index `statuses.count`).
    static let statuses: [Int] = [200, 400, 404, 405, 413, 415, 422, 431, 500, 503, 505]
    /// Upper bounds of the latency buckets, in nanoseconds (5 µs … 1 s; `+Inf` follows).
    static let bucketBounds: [Int64] = [
        5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000,
        25_000_000, 100_000_000, 1_000_000_000,
    ]

    /// `counts[endpoint * (statuses.count + 1) + statusIndex]`.
    private(set) var counts: [UInt64]
    /// `buckets[endpoint * (bucketBounds.count + 1) + bucket]`, not cumulative.
    private(set) var buckets: [UInt64]
    /// Sum of the latencies per endpoint, nanoseconds.
    private(set) var latencySums: [UInt64]
    /// Connections this loop closed because nothing arrived for the idle timeout.
    var idleTimeouts: UInt64 = 0
    /// Connections this loop closed because a request did not arrive in full in time.
    var readTimeouts: UInt64 = 0
    /// Connections accepted by this loop.
    var connectionsAccepted: UInt64 = 0
    /// Idle connections this loop closed to make room for a new one at the connection limit.
    var idleEvictions: UInt64 = 0

    /// All zero.
    init() {
        counts = Array(repeating: 0, count: Endpoint.allCases.count * (Self.statuses.count + 1))
        buckets = Array(repeating: 0, count: Endpoint.allCases.count * (Self.bucketBounds.count + 1))
        latencySums = Array(repeating: 0, count: Endpoint.allCases.count)
    }

    /// Counts one answer and its latency.
    @inline(__always)
    mutating func record(_ endpoint: Endpoint, status: Int, nanoseconds: Int64) {
        let e = endpoint.rawValue
        counts[e &* (Self.statuses.count &+ 1) &+ Self.statusIndex(status)] &+= 1
        var bucket = 0
        while bucket < Self.bucketBounds.count && nanoseconds > Self.bucketBounds[bucket] { bucket &+= 1 }
        buckets[e &* (Self.bucketBounds.count &+ 1) &+ bucket] &+= 1
        latencySums[e] &+= UInt64(max(0, nanoseconds))
    }

    /// Adds another loop's counters to these.
    mutating func add(_ other: RequestMetrics) {
        for i in counts.indices { counts[i] &+= other.counts[i] }
        for i in buckets.indices { buckets[i] &+= other.buckets[i] }
        for i in latencySums.indices { latencySums[i] &+= other.latencySums[i] }
        idleTimeouts &+= other.idleTimeouts
        readTimeouts &+= other.readTimeouts
        connectionsAccepted &+= other.connectionsAccepted
        idleEvictions &+= other.idleEvictions
    }

    /// Answers counted for an endpoint and a status (`nil`: every other status).
    func count(_ endpoint: Endpoint, status: Int?) -> UInt64 {
        counts[endpoint.rawValue * (Self.statuses.count + 1) + (status.map(Self.statusIndex) ?? Self.statuses.count)]
    }

    /// The latency buckets of an endpoint (not cumulative; the last is `+Inf`).
    func latencyBuckets(_ endpoint: Endpoint) -> ArraySlice<UInt64> {
        let width = Self.bucketBounds.count + 1
        return buckets[endpoint.rawValue * width ..< (endpoint.rawValue + 1) * width]
    }

    /// The summed latency of an endpoint, nanoseconds.
    func latencySum(_ endpoint: Endpoint) -> UInt64 { latencySums[endpoint.rawValue] }

    @inline(__always)
    private static func statusIndex(_ status: Int) -> Int {
        switch status {
        case 200: 0
        case 400: 1
        case 404: 2
        case 405: 3
        case 413: 4
        case 415: 5
        case 422: 6
        case 431: 7
        case 500: 8
        case 503: 9
        case 505: 10
        default: 11
        }
    }
}
