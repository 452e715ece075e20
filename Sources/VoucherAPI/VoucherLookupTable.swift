public import VoucherTable

/// What request validation needs from a table: its segments and its lookup.
///
/// ``VoucherTable/VoucherTable`` conforms; tests use an in-memory table.
/// Conformers must be safe to call from several threads at once when the
/// server shares them (the real table is immutable and `Sendable`).
public protocol VoucherLookupTable {
    /// The configured segment names, in configuration order.
    var segmentNames: [String] { get }

    /// The index of the segment whose name is exactly these UTF-8 bytes, or
    /// `nil`; called for every request, so it should not allocate.
    func segmentIndex(utf8 name: UnsafeBufferPointer<UInt8>) -> Int?

    /// What segment `segment` (an index into ``segmentNames``) measures.
    func metric(ofSegment segment: Int) -> SegmentMetric

    /// The voucher for a country (behaviour §2 key: trimmed, case-insensitive),
    /// a segment index, and the request's metric value (≥ 0).
    ///
    /// - Throws: ``VoucherTable/VoucherLookupError``; `unknownCountry` for a country not in the table.
    func lookup(country: some StringProtocol, segment: Int, metricValue: Int64)
        throws(VoucherLookupError) -> VoucherLookup
}

/// The compiled table answers requests directly.
extension VoucherTable: VoucherLookupTable {}
