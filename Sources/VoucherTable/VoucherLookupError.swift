/// Why a lookup has no answer: something about the request, never the file.
///
/// A struct over a private enum so that cases may be added; compare with
/// `==` or match in a `switch` (`case .unknownCountry:`). behaviour §5 maps
/// ``unknownCountry`` to 404, ``unknownSegment`` to 400, ``negativeMetric`` to
/// 400, ``lastOrderAfterReference`` to 422 and ``metricMismatch`` to 400.
///
/// A value type; safe to pass between threads.
public struct VoucherLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Base: Hashable { case unknownCountry, unknownSegment, negativeMetric, lastOrderAfterReference,
                                       metricMismatch }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// No country of the table has this key (behaviour §2: trimmed, case-insensitive).
    public static let unknownCountry = VoucherLookupError(.unknownCountry)
    /// The segment index or name is not one of the table's segments.
    public static let unknownSegment = VoucherLookupError(.unknownSegment)
    /// The metric value is below 0.
    public static let negativeMetric = VoucherLookupError(.negativeMetric)
    /// The last order lies after the reference time.
    public static let lastOrderAfterReference = VoucherLookupError(.lastOrderAfterReference)
    /// A convenience lookup was given a metric the segment does not measure
    /// (e.g. `totalOrders` for a days-since-last-order segment).
    public static let metricMismatch = VoucherLookupError(.metricMismatch)

    /// A short sentence naming what is wrong.
    public var description: String {
        switch base {
        case .unknownCountry: "unknown country"
        case .unknownSegment: "unknown segment"
        case .negativeMetric: "the metric value is negative"
        case .lastOrderAfterReference: "the last order is after the reference time"
        case .metricMismatch: "the segment does not measure this metric"
        }
    }
}
