import Testing
import VoucherTestSupport
@testable import VoucherAPI
import VoucherTable

/// behaviour §5, case by case, against ``FakeTable`` with the clock at 2018-08-01T00:00:00Z.
@Suite struct LookupRequestTests {
    enum Expected: Sendable, CustomStringConvertible {
        case amount(Int64)
        case error(Int, String)

        var description: String {
            switch self {
            case .amount(let amount): "200 \(amount)"
            case .error(let status, let message): "\(status) \(message)"
            }
        }
    }

    static let now = ns("2018-08-01 00:00:00")
    static let names = "valid names: frequent_segment, recency_segment"
    static let timeForms = "expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS, "
        + "optionally with a fraction (.123456) and a zone (Z, +HH:MM, -HH:MM)"

    static let specExample = SpecExample.body

    /// A frequent_segment request with `members` added.
    static func frequent(_ members: String) -> String {
        #"{"segment_name": "frequent_segment", "country_code": "Peru""# + (members.isEmpty ? "" : ", " + members) + "}"
    }

    /// A recency_segment request with `members` added.
    static func recency(_ members: String) -> String {
        #"{"segment_name": "recency_segment", "country_code": "Peru""# + (members.isEmpty ? "" : ", " + members) + "}"
    }

    static let cases: [(body: String, expected: Expected)] = [
        // The behaviour document's example (§5.1), verbatim.
        (specExample, .amount(2640)),
        // country_code: matched like the country key; unknown → 404; missing, non-string or blank → 400.
        (specExample.replacingPeru(with: " peru "), .amount(2640)),
        (specExample.replacingPeru(with: "PERU"), .amount(2640)),
        (specExample.replacingPeru(with: "\\tPeru\\n"), .amount(2640)),
        (specExample.replacingPeru(with: "ESPAÑA"), .amount(10)),
        (specExample.replacingPeru(with: "Atlantis"), .error(404, "country_code 'Atlantis' is not in the table")),
        (#"{"segment_name": "frequent_segment", "total_orders": 3}"#, .error(400, "country_code is required")),
        (#"{"segment_name": "frequent_segment", "total_orders": 3, "country_code": null}"#,
         .error(400, "country_code is required")),
        (#"{"segment_name": "frequent_segment", "total_orders": 3, "country_code": 51}"#,
         .error(400, "country_code must be a string, not a number")),
        (#"{"segment_name": "frequent_segment", "total_orders": 3, "country_code": " \t"}"#,
         .error(400, "country_code is empty")),
        // segment_name: a configured segment, else 400 listing the names.
        (#"{"segment_name": "gold", "country_code": "Peru", "total_orders": 3}"#,
         .error(400, "segment_name 'gold' is not a configured segment; \(names)")),
        (#"{"segment_name": "Frequent_Segment", "country_code": "Peru", "total_orders": 3}"#,
         .error(400, "segment_name 'Frequent_Segment' is not a configured segment; \(names)")),
        (#"{"country_code": "Peru", "total_orders": 3}"#, .error(400, "segment_name is required; \(names)")),
        (#"{"segment_name": ["frequent_segment"], "country_code": "Peru"}"#,
         .error(400, "segment_name must be a string, not an array; \(names)")),
        // total_orders: a whole number ≥ 0; integral floats accepted; beyond Int64 is the open bucket.
        (frequent(#""total_orders": 3.0"#), .amount(2640)),
        (frequent(#""total_orders": 0"#), .amount(2640)),
        (frequent(#""total_orders": 4"#), .amount(2640)),
        (frequent(#""total_orders": 5"#), .amount(2800)),
        (frequent(#""total_orders": 13.0"#), .amount(2800)),
        (frequent(#""total_orders": 1.4e1"#), .amount(3000)),
        (frequent(#""total_orders": 38"#), .amount(3500)),
        (frequent(#""total_orders": 9223372036854775807"#), .amount(3500)),
        (frequent(#""total_orders": 1e30"#), .amount(3500)),
        (frequent(#""total_orders": -0"#), .amount(2640)),
        (frequent(#""total_orders": 3.5"#), .error(400, "total_orders must be a whole number >= 0, not 3.5")),
        (frequent(#""total_orders": -1"#), .error(400, "total_orders must be a whole number >= 0, not -1")),
        (frequent(#""total_orders": -1e30"#), .error(400, "total_orders must be a whole number >= 0, not -1e30")),
        (frequent(#""total_orders": "3""#), .error(400, "total_orders must be a whole number >= 0, not a string")),
        (frequent(#""total_orders": true"#), .error(400, "total_orders must be a whole number >= 0, not a boolean")),
        (frequent(#""total_orders": null"#), .error(400, "total_orders is required for segment 'frequent_segment'")),
        (frequent(""), .error(400, "total_orders is required for segment 'frequent_segment'")),
        (recency(#""last_order_ts": "2018-07-30", "total_orders": -1"#),
         .error(400, "total_orders must be a whole number >= 0, not -1")),
        // recency_segment: days from last_order_ts to timestamp, else to the clock; rounded down.
        (recency(#""last_order_ts": "2018-05-03 00:00:00", "timestamp": "2018-06-02 00:00:00""#), .amount(1000)),
        (recency(#""last_order_ts": "2018-05-03 00:00:00", "timestamp": "2018-06-02 23:59:59""#), .amount(1000)),
        (recency(#""last_order_ts": "2018-05-03 00:00:00", "timestamp": "2018-06-03 00:00:00""#), .amount(1100)),
        (recency(#""last_order_ts": "2018-05-03T01:00:00+02:00", "timestamp": "2018-06-02T23:30:00Z""#), .amount(1100)),
        (recency(#""last_order_ts": "2018-05-03 00:00:00", "timestamp": "2018-05-03 00:00:00""#), .amount(1000)),
        (recency(#""last_order_ts": "2018-05-03""#), .amount(1200)),           // 90 days before the clock
        (recency(#""last_order_ts": "2018-05-02 00:00:01""#), .amount(1200)),  // 90.99 days
        (recency(#""last_order_ts": "2018-05-02""#), .amount(1300)),           // 91 days
        (recency(#""last_order_ts": "2000-01-01", "timestamp": null"#), .amount(1500)),
        (recency(#""last_order_ts": "2018-06-02 00:00:01", "timestamp": "2018-06-02 00:00:00""#),
         .error(422, "last_order_ts is later than the reference time, timestamp")),
        (recency(#""last_order_ts": "2018-08-01 00:00:00.000000001""#),
         .error(422, "last_order_ts is later than the reference time, the server's clock (UTC)")),
        (recency(#""total_orders": 3"#), .error(400, "last_order_ts is required for segment 'recency_segment'")),
        (recency(#""last_order_ts": null"#), .error(400, "last_order_ts is required for segment 'recency_segment'")),
        // first_order_ts: optional, a time, not after last_order_ts.
        (recency(#""last_order_ts": "2018-05-03", "first_order_ts": "2018-05-03""#), .amount(1200)),
        (recency(#""last_order_ts": "2018-05-03", "first_order_ts": "2018-05-03 00:00:01""#),
         .error(422, "first_order_ts is later than last_order_ts")),
        (frequent(#""total_orders": 3, "last_order_ts": "2018-05-03", "first_order_ts": "2019-01-01""#),
         .error(422, "first_order_ts is later than last_order_ts")),
        (frequent(#""total_orders": 3, "first_order_ts": "2019-01-01""#), .amount(2640)),
        (frequent(#""total_orders": 3, "first_order_ts": 20190101"#),
         .error(400, #"first_order_ts must be a time string like "2018-05-03 00:00:00", not a number"#)),
        // Unparseable times: 400 naming the field.
        (recency(#""last_order_ts": "2018-02-30""#), .error(400, "last_order_ts '2018-02-30' is not a valid time; \(timeForms)")),
        (frequent(#""total_orders": 3, "last_order_ts": "2018-05-03 24:00:00""#),
         .error(400, "last_order_ts '2018-05-03 24:00:00' is not a valid time; \(timeForms)")),
        (frequent(#""total_orders": 3, "first_order_ts": "yesterday""#),
         .error(400, "first_order_ts 'yesterday' is not a valid time; \(timeForms)")),
        (recency(#""last_order_ts": "2018-05-03", "timestamp": "2018-06-02 00:00""#),
         .error(400, "timestamp '2018-06-02 00:00' is not a valid time; \(timeForms)")),
        (recency(#""last_order_ts": "2018-05-03", "timestamp": 1527897600"#),
         .error(400, #"timestamp must be a time string like "2018-05-03 00:00:00", not a number"#)),
        // customer_id: optional, an integer.
        (frequent(#""total_orders": 3, "customer_id": 123.0"#), .amount(2640)),
        (frequent(#""total_orders": 3, "customer_id": -7"#), .amount(2640)),
        (frequent(#""total_orders": 3, "customer_id": null"#), .amount(2640)),
        (frequent(#""total_orders": 3, "customer_id": "123""#), .error(400, "customer_id must be an integer, not a string")),
        (frequent(#""total_orders": 3, "customer_id": 12.5"#), .error(400, "customer_id must be an integer, not 12.5")),
        (frequent(#""total_orders": 3, "customer_id": 1e30"#), .error(400, "customer_id must be an integer, not 1e30")),
        (frequent(#""total_orders": 3, "customer_id": {}"#), .error(400, "customer_id must be an integer, not an object")),
        // Not a JSON object; duplicates; unknown members.
        ("[]", .error(400, "body is not a JSON object: expected '{', found '[' at byte 0")),
        ("", .error(400, "body is not a JSON object: the body is empty at byte 0")),
        (frequent(#""total_orders": 3"#) + ",", .error(400, "body is not a JSON object: unexpected ',' after the object at byte 79")),
        (frequent(#""total_orders": 3, "total_orders": 4"#), .error(400, "field 'total_orders' appears more than once (at byte 80)")),
        (frequent(#""total_orders": 3, "vip": true, "tags": ["a", {"b": null}]"#), .amount(2640)),
        // Order: the segment is checked before the country, the 400s before the 422s, the 422s before the 404.
        (#"{"segment_name": "gold", "country_code": 5}"#, .error(400, "segment_name 'gold' is not a configured segment; \(names)")),
        (#"{"segment_name": "recency_segment", "country_code": "Atlantis", "last_order_ts": "2019-01-01", "timestamp": "2018-01-01"}"#,
         .error(422, "last_order_ts is later than the reference time, timestamp")),
        (#"{"segment_name": "recency_segment", "country_code": "Atlantis", "last_order_ts": "2019-01-01", "timestamp": "x"}"#,
         .error(400, "timestamp 'x' is not a valid time; \(timeForms)")),
    ]

    @Test(arguments: cases)
    func answers(_ body: String, _ expected: Expected) {
        let outcome = LookupRequest.answer(json: body, table: FakeTable(), now: Self.now)
        switch (outcome, expected) {
        case (.success(let lookup), .amount(let amount)):
            #expect(lookup.amount == amount)
        case (.failure(let error), .error(let status, let message)):
            #expect(error.status == status)
            #expect(error.message == message)
        default:
            Issue.record("expected \(expected), got \(outcome)")
        }
    }

    @Test func validatedRequestHoldsTheFields() throws {
        var body = Array(Self.specExample.utf8)
        let request = try body.withUnsafeMutableBytes { try LookupRequest(body: UnsafeRawBufferPointer($0), table: FakeTable(), now: Self.now) }
        #expect(request == LookupRequest(segment: 0, country: "Peru", metricValue: 3, customerID: 123, totalOrders: 3,
                                         lastOrder: ns("2018-05-03"), firstOrder: ns("2017-05-03"), referenceTime: Self.now))
        let recency = #"{"segment_name": "recency_segment", "country_code": "Peru", "last_order_ts": "2018-05-03", "timestamp": "2018-06-03"}"#
        body = Array(recency.utf8)
        let lookup = try body.withUnsafeBytes { try LookupRequest(body: $0, table: FakeTable(), now: Self.now) }
        #expect(lookup.segment == 1)
        #expect(lookup.metricValue == 31)
        #expect(lookup.referenceTime == ns("2018-06-03"))
        #expect(try lookup.answer(from: FakeTable()).get() == VoucherLookup(amount: 1100, segment: 1, bucket: 1, samples: 7, isFallback: false))
    }

    @Test func errorBodiesAreJSONObjectsWithAnErrorMember() {
        let error = APIError(status: 400, message: "a \"quoted\" \\ value\nand\ttab\u{1} é")
        #expect(String(decoding: error.jsonBody, as: UTF8.self)
            == #"{"error": "a \"quoted\" \\ value\nand\ttab\u0001 é"}"#)
        let notFound = LookupRequest.answer(json: Self.specExample.replacingPeru(with: "At\\\"lantis"), table: FakeTable(), now: 0)
        guard case .failure(let failure) = notFound else {
            Issue.record("expected a failure")
            return
        }
        #expect(String(decoding: failure.jsonBody, as: UTF8.self) == #"{"error": "country_code 'At\"lantis' is not in the table"}"#)
    }

    @Test func serverErrorsComeFromTheSamePlace() {
        #expect(APIError.methodNotAllowed.status == 405)
        #expect(APIError.payloadTooLarge(limit: 65536).status == 413)
        #expect(APIError.payloadTooLarge(limit: 65536).message == "body is larger than the limit of 65536 bytes")
        #expect(APIError.unsupportedMediaType(got: "text/plain").status == 415)
        #expect(APIError.unsupportedMediaType(got: "text/plain").message
            == "Content-Type 'text/plain' is not supported; send application/json")
        #expect(APIError.unsupportedMediaType(got: nil).message == "Content-Type is missing; send application/json")
        #expect(APIError.notFound(path: "/vouchers").status == 404)
        #expect(String(decoding: APIError.notFound(path: "/x").jsonBody, as: UTF8.self)
            == #"{"error": "no such path '/x'; the service answers POST /voucher"}"#)
        #expect(APIError.internalError.status == 500)
        let long = String(repeating: "é", count: 100)
        #expect(APIError.notFound(path: long).message.contains(String(repeating: "é", count: 64) + "…'"))
    }

    @Test func rendersResponsesIntoReusedStorage() {
        var response = LookupResponse()
        response.render(amount: 2640)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"voucher_amount": 2640}"#)
        let storage = response.body.withUnsafeBufferPointer { $0.baseAddress }
        for (amount, text) in [(0, "0"), (7, "7"), (-12, "-12"), (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808")] {
            response.render(amount: amount)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"voucher_amount": "# + text + "}")
        }
        response.render(.failure(APIError(status: 422, message: "first_order_ts is later than last_order_ts")))
        #expect(response.status == 422)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error": "first_order_ts is later than last_order_ts"}"#)
        response.render(.success(VoucherLookup(amount: 5, segment: 0, bucket: 0, samples: 1, isFallback: false)))
        #expect(response.status == 200)
        #expect(response.body.withUnsafeBufferPointer { $0.baseAddress } == storage)
    }
}

extension String {
    /// The behaviour document's example (§5.1) with another `country_code` (given as JSON string contents).
    func replacingPeru(with country: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: #""Peru""#) {
            result += rest[..<range.lowerBound] + "\"" + country + "\""
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
