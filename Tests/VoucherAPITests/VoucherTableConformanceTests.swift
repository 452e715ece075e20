import Testing
@testable import VoucherAPI
@testable import VoucherTable

/// The real ``VoucherTable`` behind the same requests as ``FakeTable``:
/// a small table encoded in memory, opened with the library's own checks.
@Suite struct VoucherTableConformanceTests {
    static func entry(_ amount: Int64, _ count: Int) -> TableEntry {
        TableEntry(amount: amount, samples: count, isFallback: false,
                   histogram: AmountHistogram(amounts: [amount], counts: [count]))
    }

    static let fallback = TableEntry(amount: 2640, samples: 0, isFallback: true, histogram: AmountHistogram())

    static func table() throws -> VoucherTable {
        let peru = CountryContents(
            key: "peru", displayName: "Peru", keptRows: 10,
            amounts: AmountHistogram(amounts: [2640, 2800, 3500], counts: [5, 3, 2]),
            entries: [
                [entry(2640, 5), entry(2800, 3), fallback, entry(3500, 2)],
                [entry(2640, 5), entry(2800, 3), entry(3500, 2), fallback, fallback, fallback],
            ])
        let contents = TableContents(segments: .standard, countries: [peru],
                                     summary: CleaningSummary(rowsRead: 10, kept: 10, dropped: []), sources: [])
        return try VoucherTable(bytes: TableEncoder.encode(contents))
    }

    static let cases: [(body: String, status: Int, amount: Int64?)] = [
        (LookupRequestTests.specExample, 200, 2640),
        (LookupRequestTests.specExample.replacingPeru(with: " peru "), 200, 2640),
        (LookupRequestTests.frequent(#""total_orders": 20"#), 200, 2640),   // empty bucket: the fallback
        (LookupRequestTests.frequent(#""total_orders": 1e30"#), 200, 3500),
        (LookupRequestTests.recency(#""last_order_ts": "2018-05-03", "timestamp": "2018-06-03""#), 200, 2800),
        (LookupRequestTests.specExample.replacingPeru(with: "Chile"), 404, nil),
        (#"{"segment_name": "x", "country_code": "Peru"}"#, 400, nil),
    ]

    @Test(arguments: cases)
    func answersFromTheRealTable(_ body: String, _ status: Int, _ amount: Int64?) throws {
        var response = LookupResponse()
        response.render(LookupRequest.answer(json: body, table: try Self.table(), now: 0))
        #expect(response.status == status)
        if let amount {
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"voucher_amount": \#(amount)}"#)
        }
    }
}
