extension VoucherTable {
    /// behaviour §4's answer for a country, a segment and a metric value.
    ///
    /// The country is matched like behaviour §2's key: white space trimmed at
    /// both ends, case-insensitive. ASCII input is trimmed and folded in
    /// place without allocating; input with non-ASCII bytes is trimmed of
    /// Unicode white space and lower-cased with `String.lowercased()` (which
    /// allocates). Values at or above the open bucket's lower bound fall in
    /// the open bucket.
    ///
    /// O(1), lock-free, allocation-free for ASCII countries; callable from
    /// any thread.
    ///
    /// - Parameters:
    ///   - country: the country as a request gives it, e.g. `" Peru"`.
    ///   - segment: a segment index (see ``segmentIndex(named:)``).
    ///   - metricValue: the segment's metric, ≥ 0.
    /// - Throws: ``VoucherLookupError``, checked in this order:
    ///   `unknownSegment`, `negativeMetric`, `unknownCountry`.
    @inlinable
    public func lookup(country: some StringProtocol, segment: Int, metricValue: Int64) throws(VoucherLookupError)
        -> VoucherLookup {
        let index = country.utf8.withContiguousStorageIfAvailable { _countryIndex(utf8: $0) }
            ?? _countryIndex(text: String(country))
        return try _lookup(countryIndex: index, segment: segment, metricValue: metricValue)
    }

    /// The answer for a segment, named, that measures `total_orders`.
    ///
    /// - Throws: ``VoucherLookupError``: `unknownSegment`, `metricMismatch`
    ///   when the segment measures something else, `negativeMetric`,
    ///   `unknownCountry`.
    @inlinable
    public func lookup(country: some StringProtocol, segment: some StringProtocol, totalOrders: Int64)
        throws(VoucherLookupError) -> VoucherLookup {
        let index = try _segment(named: segment, measuring: .totalOrders)
        return try lookup(country: country, segment: index, metricValue: totalOrders)
    }

    /// The answer for a segment, named, that measures days since the last order.
    ///
    /// - Parameters:
    ///   - lastOrder: the last order's time, nanoseconds since 1970-01-01T00:00:00Z.
    ///   - reference: the time to measure to (the request's time or now), same unit.
    /// - Throws: ``VoucherLookupError``: `unknownSegment`, `metricMismatch`,
    ///   `lastOrderAfterReference`, `unknownCountry`.
    @inlinable
    public func lookup(country: some StringProtocol, segment: some StringProtocol, lastOrder: Int64, reference: Int64)
        throws(VoucherLookupError) -> VoucherLookup {
        let index = try _segment(named: segment, measuring: .daysSinceLastOrder)
        let days = try VoucherTable.daysSinceLastOrder(lastOrder: lastOrder, reference: reference)
        return try lookup(country: country, segment: index, metricValue: days)
    }

    /// Whole days, rounded down, from `lastOrder` to `reference` (behaviour §3):
    /// `floor((reference − lastOrder) / 86,400 s)`, exact over the whole
    /// `Int64` range. Pure; callable from any thread.
    ///
    /// - Parameters: nanoseconds since 1970-01-01T00:00:00Z (UTC).
    /// - Throws: ``VoucherLookupError/lastOrderAfterReference`` when `lastOrder > reference`.
    public static func daysSinceLastOrder(lastOrder: Int64, reference: Int64) throws(VoucherLookupError) -> Int64 {
        guard lastOrder <= reference else { throw .lastOrderAfterReference }
        return TimeText.days(from: lastOrder, to: reference)
    }

    // MARK: Entry points for the inlinable wrappers (not API)

    /// The country index for contiguous UTF-8, or -1. (Package: the C ABI
    /// looks up a caller's bytes with it, without making a `String`.)
    @usableFromInline
    package func _countryIndex(utf8: UnsafeBufferPointer<UInt8>) -> Int {
        let index = hot.countryIndex(asciiText: utf8)
        return index != -2 ? index : _countryIndex(text: String(decoding: utf8, as: UTF8.self))
    }

    /// The country index for any text, by full Unicode rules, or -1.
    @usableFromInline
    func _countryIndex(text: String) -> Int {
        guard var key = TableKey.key(text) else { return -1 }
        return key.withUTF8 { hot.countryIndex(key: $0) }
    }

    /// The segment named `name`, checked to measure `metric`.
    @usableFromInline
    func _segment(named name: some StringProtocol, measuring metric: SegmentMetric) throws(VoucherLookupError) -> Int {
        guard let index = segmentIndex(named: name) else { throw .unknownSegment }
        guard hot.metric(ofSegment: index) == metric else { throw .metricMismatch }
        return index
    }

    /// The answer once the country is resolved (-1: unknown).
    @usableFromInline
    package func _lookup(countryIndex: Int, segment: Int, metricValue: Int64) throws(VoucherLookupError) -> VoucherLookup {
        guard segment >= 0, segment < hot.segmentCount else { throw .unknownSegment }
        guard metricValue >= 0 else { throw .negativeMetric }
        guard countryIndex >= 0 else { throw .unknownCountry }
        return hot.entry(country: countryIndex, segment: segment, value: metricValue)
    }
}
