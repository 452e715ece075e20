import VoucherTable

/// behaviour §5's rules for a request body, checked in a fixed order; the first
/// rule that fails is the answer:
///
/// 1. The body is exactly one JSON object (``JSONRequestReader``): else 400
///    `body is not a JSON object: …`; a known member given twice: 400.
/// 2. `segment_name`: present, a string, a configured segment (exact match):
///    else 400 listing the valid names.
/// 3. `country_code`: present, a string, not only white space: else 400.
///    (Whether the table knows it is checked last, at the lookup: 404.)
/// 4. `customer_id`: absent, or an integer in `Int64` (an integral number
///    such as `123.0` counts, as for `total_orders`): else 400.
/// 5. `last_order_ts`, `first_order_ts`, `timestamp`, in that order: absent,
///    or a string ``TimeText`` parses: else 400 naming the field.
/// 6. `total_orders`: absent, or a whole number ≥ 0 (`3`, `3.0`, `30e-1`):
///    else 400. A whole number beyond `Int64` is `Int64.max`: the open bucket,
///    as behaviour §5 says for anything above the last bound.
/// 7. The segment's input: `total_orders` for a `.totalOrders` segment,
///    `last_order_ts` for a `.daysSinceLastOrder` one: missing → 400.
/// 8. `first_order_ts` later than `last_order_ts` (both given): 422.
/// 9. For a `.daysSinceLastOrder` segment: `last_order_ts` later than the
///    reference time (`timestamp`, else the clock): 422.
/// 10. The table lookup: a country it does not know: 404.
///
/// Throughout, a member whose value is `null` counts as absent, and present
/// members are checked whatever the segment (a bad `total_orders` is a 400
/// even on `recency_segment`).
extension LookupRequest {
    /// Reads and validates a request body against a table's segments.
    ///
    /// Does not look the country up; ``answer(from:)`` does.
    ///
    /// - Parameters:
    ///   - body: the request body (UTF-8 JSON).
    ///   - table: gives the configured segments.
    ///   - now: the clock, nanoseconds since the epoch (UTC): the reference
    ///     time when the request has no `timestamp`.
    /// - Throws: ``APIError`` with status 400 or 422, naming the field.
    public init(body: UnsafeRawBufferPointer, table: some VoucherLookupTable, now: Int64) throws(APIError) {
        let fields = try JSONRequestReader.read(body)

        // 2. segment_name
        let segment = try Self.segment(fields.segmentName.nonNull, in: body, table: table)

        // 3. country_code
        guard let countryValue = fields.countryCode.nonNull else {
            throw APIError(status: 400, message: "country_code is required")
        }
        guard let country = countryValue.string(in: body) else {
            throw APIError(status: 400, message: "country_code must be a string, not \(countryValue.kind)")
        }
        // behaviour §2 white space, per scalar; a printable ASCII letter settles it at once.
        let hasVisibleASCII = country.utf8.contains { $0 > 0x20 && $0 < 0x7F }
        guard hasVisibleASCII || !country.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw APIError(status: 400, message: "country_code is empty")
        }

        // 4. customer_id
        var customerID: Int64? = nil
        if let value = fields.customerID.nonNull {
            guard case .integer(let id) = Self.wholeNumber(value, in: body) else {
                throw APIError(status: 400, message: "customer_id must be an integer, not \(Self.describe(value, in: body))")
            }
            customerID = id
        }

        // 5. times
        let lastOrder = try Self.time(fields.lastOrderTS.nonNull, field: .lastOrderTS, in: body)
        let firstOrder = try Self.time(fields.firstOrderTS.nonNull, field: .firstOrderTS, in: body)
        let timestamp = try Self.time(fields.timestamp.nonNull, field: .timestamp, in: body)

        // 6. total_orders
        var totalOrders: Int64? = nil
        if let value = fields.totalOrders.nonNull {
            switch Self.wholeNumber(value, in: body) {
            case .integer(let count) where count >= 0: totalOrders = count
            case .outOfRange(negative: false): totalOrders = .max
            default:
                throw APIError(status: 400,
                               message: "total_orders must be a whole number >= 0, not \(Self.describe(value, in: body))")
            }
        }

        // 7. the segment's input
        let metric = table.metric(ofSegment: segment)
        let input: Int64
        switch metric {
        case .totalOrders:
            guard let totalOrders else {
                throw APIError(status: 400, message: "total_orders is required for segment '\(table.segmentNames[segment])'")
            }
            input = totalOrders
        case .daysSinceLastOrder:
            guard let lastOrder else {
                throw APIError(status: 400, message: "last_order_ts is required for segment '\(table.segmentNames[segment])'")
            }
            input = lastOrder
        }

        // 8. first order before last order
        if let firstOrder, let lastOrder, firstOrder > lastOrder {
            throw APIError(status: 422, message: "first_order_ts is later than last_order_ts")
        }

        // 9. last order before the reference time
        let referenceTime = timestamp ?? now
        let metricValue: Int64
        switch metric {
        case .totalOrders:
            metricValue = input
        case .daysSinceLastOrder:
            guard input <= referenceTime else {
                let reference = timestamp == nil ? "the server's clock (UTC)" : "timestamp"
                throw APIError(status: 422, message: "last_order_ts is later than the reference time, \(reference)")
            }
            metricValue = TimeText.days(from: input, to: referenceTime)
        }

        self.init(segment: segment, country: country, metricValue: metricValue, customerID: customerID,
                  totalOrders: totalOrders, lastOrder: lastOrder, firstOrder: firstOrder,
                  referenceTime: referenceTime)
    }

    /// The ``APIError`` for a failed table lookup.
    func failure(_ error: VoucherLookupError, table: some VoucherLookupTable) -> APIError {
        switch error {
        case .unknownCountry:
            APIError(status: 404, message: "country_code '\(APIError.quoted(country))' is not in the table")
        case .unknownSegment:
            Self.unknownSegment("segment_name is not a configured segment", table: table)
        case .lastOrderAfterReference:
            APIError(status: 422, message: "last_order_ts is later than the reference time")
        default:
            APIError(status: 400, message: "\(error) (segment '\(table.segmentNames[segment])')")
        }
    }

    // MARK: - Rules

    private static func segment(_ value: RequestValue?, in body: UnsafeRawBufferPointer,
                                table: some VoucherLookupTable) throws(APIError) -> Int {
        guard let value else { throw unknownSegment("segment_name is required", table: table) }
        // The name's bytes as they are in the body: no String on the happy path.
        guard let found = value.withStringBytes(in: body, { table.segmentIndex(utf8: $0) }) else {
            throw unknownSegment("segment_name must be a string, not \(value.kind)", table: table)
        }
        if let index = found { return index }
        let name = value.string(in: body) ?? ""
        throw unknownSegment("segment_name '\(APIError.quoted(name))' is not a configured segment", table: table)
    }

    private static func unknownSegment(_ reason: String, table: some VoucherLookupTable) -> APIError {
        APIError(status: 400, message: "\(reason); valid names: \(table.segmentNames.joined(separator: ", "))")
    }

    private static func time(_ value: RequestValue?, field: RequestFields.Field,
                             in body: UnsafeRawBufferPointer) throws(APIError) -> Int64? {
        guard let value else { return nil }
        guard let parsed = value.withStringBytes(in: body, { TimeText.nanoseconds($0) }) else {
            throw APIError(status: 400, message: "\(field.name) must be a time string like \"2018-05-03 00:00:00\", not \(value.kind)")
        }
        guard let parsed else {
            let text = APIError.quoted(value.string(in: body) ?? "")
            throw APIError(status: 400, message: "\(field.name) '\(text)' is not a valid time; expected YYYY-MM-DD, "
                + "YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS, optionally with a fraction (.123456) "
                + "and a zone (Z, +HH:MM, -HH:MM)")
        }
        return parsed
    }

    /// A number's whole value; `.fractional` for anything that is not a number.
    private static func wholeNumber(_ value: RequestValue, in body: UnsafeRawBufferPointer) -> JSONWholeNumber {
        guard case .number(let range) = value else { return .fractional }
        return JSONWholeNumber(text: UnsafeRawBufferPointer(rebasing: body[range]))
    }

    /// A value for a message: a number's text, a quoted string, or its kind.
    private static func describe(_ value: RequestValue, in body: UnsafeRawBufferPointer) -> String {
        switch value {
        case .number(let range):
            APIError.quoted(String(decoding: UnsafeRawBufferPointer(rebasing: body[range]), as: UTF8.self))
        case .string, .escapedString:
            "a string"
        default:
            value.kind
        }
    }
}

extension Optional<RequestValue> {
    /// The value, with `null` counted as absent.
    fileprivate var nonNull: RequestValue? {
        if case .null = self { return nil }
        return self
    }
}
