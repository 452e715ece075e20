import Testing
import VoucherTestSupport

/// `voucher lookup` on the committed default table (behaviour §5, issue 3 acceptance 2).
@Suite struct LookupCommandTests {
    static let specExample = SpecExample.body

    @Test func specExampleOnStandardInput() throws {
        let out = try CLI.run(["lookup", "artifacts/vouchers.vtab"], stdin: Self.specExample)
        #expect(out.stdout == "{\"voucher_amount\": 2640}\n")
        #expect(out.status == 0)
    }

    @Test func countryIsMatchedLikeTheCountryKey() throws {
        let body = Self.specExample.replacingOccurrences(of: "\"Peru\"", with: "\" peru \"")
        let out = try CLI.run(["lookup", "artifacts/vouchers.vtab"], stdin: body)
        #expect(out.stdout == "{\"voucher_amount\": 2640}\n")
    }

    @Test func flagsGiveTheSameAnswer() throws {
        let out = try CLI.run(["lookup", "artifacts/vouchers.vtab", "--country", "PERU", "--segment", "frequent_segment",
                               "--total-orders", "3"])
        #expect(out.stdout == "{\"voucher_amount\": 2640}\n")
        let recency = try CLI.run(["lookup", "artifacts/vouchers.vtab", "--country", "Latvia", "--segment", "recency_segment",
                                   "--last-order", "2018-05-03 00:00:00", "--timestamp", "2018-08-10 00:00:00"])
        #expect(recency.stdout == "{\"voucher_amount\": 13200}\n")  // 99 days: 91-120
    }

    /// Each behaviour §5 error a lookup can meet: the error body names the field, the exit status is 1.
    static let errors: [(String, String)] = [
        (#"{"country_code": "Narnia", "segment_name": "frequent_segment", "total_orders": 3}"#, "country_code"),
        (#"{"country_code": "Peru", "segment_name": "loyal_segment", "total_orders": 3}"#, "frequent_segment, recency_segment"),
        (#"{"country_code": "Peru", "segment_name": "frequent_segment"}"#, "total_orders"),
        (#"{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3.5}"#, "total_orders"),
        (#"{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": -1}"#, "total_orders"),
        (#"{"country_code": "Peru", "segment_name": "recency_segment"}"#, "last_order_ts"),
        (#"{"country_code": "Peru", "segment_name": "recency_segment", "last_order_ts": "2018-05-03", "timestamp": "2018-05-01"}"#, "last_order_ts"),
        (#"{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3, "last_order_ts": "2018-05-03", "first_order_ts": "2018-06-01"}"#, "first_order_ts"),
        (#"{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3, "customer_id": "abc"}"#, "customer_id"),
        (#"[1, 2, 3]"#, "JSON object"),
        (#"not json"#, "JSON object"),
    ]

    @Test(arguments: errors)
    func errorsNameTheField(_ body: String, _ named: String) throws {
        let out = try CLI.run(["lookup", "artifacts/vouchers.vtab"], stdin: body)
        #expect(out.status == 1)
        #expect(out.stdout.hasPrefix("{\"error\": \""), "\(out.stdout)")
        #expect(out.stdout.contains(named), "\(out.stdout)")
    }

    @Test func aTableThatIsNotATableIsRefused() throws {
        let out = try CLI.run(["lookup", "artifacts/segments.json", "--country", "Peru", "--segment", "frequent_segment",
                               "--total-orders", "3"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("artifacts/segments.json"))
    }
}
