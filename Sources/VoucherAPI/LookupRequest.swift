public import VoucherTable

/// A validated behaviour §5 request: which segment, which country, which metric value.
///
/// Made from a request body by ``init(body:table:now:)`` (the rules and their
/// order are in `LookupRequest+Validation.swift`), then answered by
/// ``answer(from:)``; ``answer(body:table:now:)`` does both. A plain value,
/// safe to pass between threads.
public struct LookupRequest: Sendable, Hashable {
    /// The index of the requested segment in the table's configuration.
    public let segment: Int
    /// `country_code` as given (the table trims it and ignores case).
    public let country: String
    /// The value the segment measures for this customer: `total_orders`, or
    /// whole days from `last_order_ts` to ``referenceTime``. `Int64.max` for a
    /// `total_orders` beyond `Int64` (the open bucket).
    public let metricValue: Int64
    /// `customer_id`, when given.
    public let customerID: Int64?
    /// `total_orders`, when given (`Int64.max` when beyond `Int64`).
    public let totalOrders: Int64?
    /// `last_order_ts`, in nanoseconds since the epoch, when given.
    public let lastOrder: Int64?
    /// `first_order_ts`, in nanoseconds since the epoch, when given.
    public let firstOrder: Int64?
    /// `timestamp` when given, else the clock passed in; nanoseconds since the epoch.
    public let referenceTime: Int64

    /// Looks the request up in `table`.
    ///
    /// - Parameter table: the table the request was validated against.
    /// - Returns: the table's answer, or the ``APIError`` for a lookup
    ///   failure (`404` for an unknown country).
    public func answer(from table: some VoucherLookupTable) -> Result<VoucherLookup, APIError> {
        do {
            return .success(try table.lookup(country: country, segment: segment, metricValue: metricValue))
        } catch {
            return .failure(failure(error, table: table))
        }
    }

    /// Reads, validates and answers one request body: behaviour §5 end to end.
    ///
    /// Pure apart from the table lookup; safe to call concurrently when the
    /// table is. Allocation-free on the happy path, except for a `country_code`
    /// longer than 15 UTF-8 bytes and for strings with escapes.
    ///
    /// - Parameters:
    ///   - body: the request body (UTF-8 JSON).
    ///   - table: the table to answer from.
    ///   - now: the server's clock, nanoseconds since the epoch (UTC); the
    ///     reference time when the request has no `timestamp`.
    /// - Returns: the voucher, or the error to answer with.
    public static func answer(body: UnsafeRawBufferPointer, table: some VoucherLookupTable,
                              now: Int64) -> Result<VoucherLookup, APIError> {
        do {
            return try LookupRequest(body: body, table: table, now: now).answer(from: table)
        } catch {
            return .failure(error)
        }
    }

    /// ``answer(body:table:now:)`` for a body held in a string (`voucher lookup`, tests).
    public static func answer(json: String, table: some VoucherLookupTable,
                              now: Int64) -> Result<VoucherLookup, APIError> {
        var json = json
        return json.withUTF8 { answer(body: UnsafeRawBufferPointer($0), table: table, now: now) }
    }
}
