public import VoucherTable

extension LookupResponse {
    /// Renders `200` with the answer and how it was found
    /// (`POST /voucher?explain=true`, `voucher lookup --explain`):
    ///
    /// ```json
    /// {"voucher_amount": 2640, "explain": {"country_key": "peru", "segment": "frequent_segment",
    ///  "metric": "total_orders", "metric_value": 3, "bucket": "0-4", "samples": 2, "fallback": false,
    ///  "table_sha256": "9f2c…"}}
    /// ```
    ///
    /// `metric` is `total_orders` or `days_since_last_order`; `samples` the
    /// kept history rows in the bucket (0 for a fallback, whose amount is
    /// the country's most used one). Allocates (not the hot path).
    ///
    /// - Parameters:
    ///   - lookup: the table's answer for `request`.
    ///   - request: the validated request (its metric value).
    ///   - table: the table that answered.
    ///   - sha256: the table file's SHA-256, lower-case hex.
    public mutating func renderExplained(_ lookup: VoucherLookup, request: LookupRequest, table: VoucherTable,
                                         sha256: String) {
        var perCountry = 0
        for segment in table.segmentNames.indices { perCountry += table.bucketCount(ofSegment: segment) }
        let countryKey = lookup.entry >= 0 && perCountry > 0 ? table.countryKeys[lookup.entry / perCountry] : ""
        var out: [UInt8] = []
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            APIError.appendEscaped(s, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        text(#"{"voucher_amount": \#(lookup.amount), "explain": {"country_key": "#)
        string(countryKey)
        text(#", "segment": "#)
        string(table.segmentNames[lookup.segment])
        text(#", "metric": "#)
        string(table.metric(ofSegment: lookup.segment).rawValue)
        text(#", "metric_value": \#(request.metricValue), "bucket": "#)
        string(table.bucketName(segment: lookup.segment, bucket: lookup.bucket))
        text(#", "samples": \#(lookup.samples), "fallback": \#(lookup.isFallback), "table_sha256": "#)
        string(sha256)
        text("}}")
        setBody(status: 200, out)
    }
}
