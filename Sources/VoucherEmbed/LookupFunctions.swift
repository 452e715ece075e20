#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import CVoucherTable
import VoucherTable

// The C ABI's primitive lookups: a country, a segment and a metric value in,
// the table's entry out; what a segment measures; the days since a last
// order. Declared and documented in `voucher_table.h`.

/// `int vt_lookup(table, country, country_length, segment, segment_length,
/// metric_value, answer)`: the table's entry, or a negative `vt_status`.
/// O(1), no lock, no allocation for ASCII countries.
@_cdecl("vt_lookup")
public func embedLookup(_ handle: OpaquePointer?, _ country: UnsafePointer<CChar>?, _ countryLength: UInt,
                        _ segment: UnsafePointer<CChar>?, _ segmentLength: UInt, _ metricValue: Int64,
                        _ answer: UnsafeMutablePointer<vt_answer>?) -> CInt {
    guard let answer, metricValue >= 0, let country = CText(country, countryLength),
          let segment = CText(segment, segmentLength) else { return VT_BAD_ARGUMENT.code }
    return EmbeddedTable.with(handle) { embedded in
        let table = embedded.table
        guard let segmentIndex = table.segmentIndex(utf8: segment.bytes) else { return VT_UNKNOWN_SEGMENT.code }
        let lookup: VoucherLookup
        do throws(VoucherLookupError) {
            lookup = try table._lookup(countryIndex: table._countryIndex(utf8: country.bytes), segment: segmentIndex,
                                       metricValue: metricValue)
        } catch {
            return error == .unknownCountry ? VT_UNKNOWN_COUNTRY.code : VT_BAD_ARGUMENT.code
        }
        answer.pointee = vt_answer(amount: lookup.amount, samples: Int64(lookup.samples),
                                   segment: Int32(lookup.segment), bucket: Int32(lookup.bucket),
                                   is_fallback: lookup.isFallback ? 1 : 0, reserved: 0)
        return VT_OK.code
    } ?? VT_BAD_ARGUMENT.code
}

/// `int vt_segment_metric(table, segment, segment_length)`: what the segment measures.
@_cdecl("vt_segment_metric")
public func embedSegmentMetric(_ handle: OpaquePointer?, _ segment: UnsafePointer<CChar>?,
                               _ segmentLength: UInt) -> CInt {
    guard let segment = CText(segment, segmentLength) else { return VT_BAD_ARGUMENT.code }
    return EmbeddedTable.with(handle) { embedded in
        guard let index = embedded.table.segmentIndex(utf8: segment.bytes) else { return VT_UNKNOWN_SEGMENT.code }
        let metric = switch embedded.table.metric(ofSegment: index) {
        case .totalOrders: VT_METRIC_TOTAL_ORDERS
        case .daysSinceLastOrder: VT_METRIC_DAYS_SINCE_LAST_ORDER
        }
        return CInt(truncatingIfNeeded: metric.rawValue)
    } ?? VT_BAD_ARGUMENT.code
}

/// `int vt_days_since_last_order(last_order_ts, length, reference, length, days)`:
/// the recency metric, from request texts, as the server computes it.
@_cdecl("vt_days_since_last_order")
public func embedDaysSinceLastOrder(_ lastOrder: UnsafePointer<CChar>?, _ lastOrderLength: UInt,
                                    _ reference: UnsafePointer<CChar>?, _ referenceLength: UInt,
                                    _ days: UnsafeMutablePointer<Int64>?) -> CInt {
    guard let days, let lastOrderText = CText(lastOrder, lastOrderLength),
          let referenceText = CText(reference, referenceLength) else { return VT_BAD_ARGUMENT.code }
    guard let last = TimeText.nanoseconds(lastOrderText.bytes) else { return VT_BAD_TIME.code }
    let now: Int64
    if reference == nil {
        now = wallClockNanoseconds()
    } else {
        guard let parsed = TimeText.nanoseconds(referenceText.bytes) else { return VT_BAD_TIME.code }
        now = parsed
    }
    do {
        days.pointee = try VoucherTable.daysSinceLastOrder(lastOrder: last, reference: now)
        return VT_OK.code
    } catch {
        return VT_LAST_ORDER_AFTER_REFERENCE.code
    }
}

/// The wall clock, nanoseconds since the epoch (UTC): the reference time of
/// a request without `timestamp`, as the server reads it.
func wallClockNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
}
