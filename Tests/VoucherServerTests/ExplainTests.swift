import Foundation
import Testing
@testable import VoucherServer
import VoucherTable
import VoucherTestSupport

/// `POST /voucher?explain=true` over a socket; without it, answers are byte-identical to before.
@Suite struct ExplainTests {
    @Test(arguments: [
        ("explain=true", true), ("a=1&explain=true", true), ("explain=true&a=1", true), ("explain=true#x", true),
        ("explain=false", false), ("explain=TRUE", false), ("explain", false), ("xexplain=true", false),
        ("explain=truex", false), ("", false), ("a=1#explain=true", false),
    ])
    func theQueryParameter(query: String, expected: Bool) {
        let bytes = Array(query.utf8)
        #expect(bytes.withUnsafeBytes { HTTPRequestHead.asksExplain($0, 0, $0.count) } == expected)
    }

    @Test func explainAnswersHowTheAmountWasFound() async throws {
        try await TestServer.with { server in
            let sha = SHA256.hex(try VoucherTable(path: server.tablePath).fileSHA256)
            let body = Requests.frequent("  peru", orders: 6)
            let amount = TestTables.amount(generation: 1, country: "peru", segment: 0, bucket: 1)

            let plain = try server.send(Requests.post(body: body))
            #expect(plain.status == 200)
            #expect(plain.body == #"{"voucher_amount": \#(amount)}"#)
            for path in ["/voucher?explain=false", "/voucher?other=1", "/voucher?"] {
                #expect(try server.send(Requests.post(path, body: body)).body == plain.body, "\(path)")
            }

            let explained = try server.send(Requests.post("/voucher?explain=true", body: body))
            #expect(explained.status == 200)
            #expect(explained.body == #"{"voucher_amount": \#(amount), "explain": {"country_key": "peru", "#
                + #""segment": "frequent_segment", "metric": "total_orders", "metric_value": 6, "bucket": "5-13", "#
                + #""samples": 3, "fallback": false, "table_sha256": "\#(sha)"}}"#)

            let recency = #"{"country_code": "China", "segment_name": "recency_segment", "#
                + #""last_order_ts": "2018-05-03 00:00:00", "timestamp": "2018-07-03 12:00:00"}"#
            let days = try server.send(Requests.post("/voucher?a=b&explain=true", body: recency)).json
            let explain = days["explain"] as? [String: Any]
            #expect(explain?["metric"] as? String == "days_since_last_order")
            #expect(explain?["metric_value"] as? Int == 61)
            #expect(explain?["bucket"] as? String == "61-90")
            #expect(explain?["country_key"] as? String == "china")

            // Errors are the same with or without it.
            let unknown = Requests.frequent("Atlantis", orders: 1)
            #expect(try server.send(Requests.post("/voucher?explain=true", body: unknown)).body
                == (try server.send(Requests.post(body: unknown))).body)
        }
    }

    /// `docs/openapi.yaml` documents the parameter, and the `Explain` schema's
    /// required members are exactly the ones the server answers with.
    @Test func theOpenAPIDescriptionDocumentsExplain() async throws {
        let text = try String(contentsOfFile: SharedData.path("docs/openapi.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("- name: explain"))
        let schema = try #require(lines.firstIndex(of: "Explain:"))
        let required = try #require(lines[schema...].first { $0.hasPrefix("required: [") })
        let documented = Set(required.dropFirst("required: [".count).dropLast().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) })
        try await TestServer.with { server in
            let answer = try server.send(Requests.post("/voucher?explain=true", body: Requests.frequent("Peru", orders: 3))).json
            let explain = try #require(answer["explain"] as? [String: Any])
            #expect(Set(explain.keys) == documented)
        }
    }
}
