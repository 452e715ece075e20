import Foundation
import Testing
@testable import VoucherServer
import VoucherTestSupport

/// The server over real loopback sockets: behaviour §5's answers and statuses,
/// /health, /metrics, and the 503 of a server without a table.
@Suite struct VoucherServerTests {
    @Test(.enabled(if: TestTables.hasDefaultTable, "artifacts/vouchers.vtab is absent"))
    func specExampleAnswers2640() async throws {
        try await TestServer.with(tablePath: TestTables.defaultTablePath) { server in
            let body = SpecExample.body  // the curl example's body, byte for byte
            let response = try server.send(Requests.post(body: body))
            #expect(response.status == 200)
            #expect(response.body == #"{"voucher_amount": 2640}"#)
            #expect(response.headers["content-type"] == "application/json")
            #expect(try server.send(Requests.post(body: Requests.specBody)).body == #"{"voucher_amount": 2640}"#)
        }
    }

    /// Every behaviour §5 status with its JSON error body, and the server's own.
    @Test func everyStatusWithItsBody() async throws {
        try await TestServer.with { server in
            for example in StatusExamples.all where !example.withoutTable {
                let response = try example.response(from: server)
                #expect(response.status == example.status, "\(example.name): \(response.body)")
                if example.expectsNoBody {
                    #expect(response.body.isEmpty, "\(example.name)")
                } else if example.status == 200 && example.path == "/voucher" {
                    #expect(response.amount != nil, "\(example.name)")
                } else if example.status == 200 {
                    #expect(!response.body.isEmpty)
                } else {
                    let error = response.json["error"] as? String
                    #expect(error?.isEmpty == false, "\(example.name): \(response.body)")
                    if let fragment = example.errorMentions {
                        #expect(error?.contains(fragment) == true, "\(example.name): \(response.body)")
                    }
                }
                if example.status == 405 {
                    #expect(response.headers["allow"] == (example.path == "/voucher" ? "POST" : "GET, HEAD"))
                }
                #expect(response.headers["content-length"] != nil)
                #expect(response.headers["date"]?.hasSuffix(" GMT") == true)
            }
        }
    }

    @Test func answersComeFromTheTable() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            for (country, orders, bucket) in [("Peru", 3, 0), (" peru ", 5, 1), ("CHINA", 38, 3), ("Latvia", 1_000_000, 3)] {
                try client.write(Requests.post(body: Requests.frequent(country, orders: orders)))
                let key = country.trimmingCharacters(in: .whitespaces).lowercased()
                #expect(try client.readResponse().amount == TestTables.amount(generation: 1, country: key, segment: 0,
                                                                            bucket: bucket))
            }
        }
    }

    @Test func missingContentTypeIsReadAsJSON() async throws {
        try await TestServer.with { server in
            let response = try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3), contentType: nil))
            #expect(response.status == 200)
            let charset = try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3),
                                                        contentType: "Application/JSON; charset=utf-8"))
            #expect(charset.status == 200)
        }
    }

    @Test func healthShowsTheTableIdentity() async throws {
        try await TestServer.with { server in
            let response = try server.send(Requests.bare("GET", "/health"))
            #expect(response.status == 200)
            let json = response.json
            #expect(json["status"] as? String == "ok")
            let table = json["table"] as? [String: Any]
            #expect(table?["format_version"] as? String == "1.0")
            #expect((table?["sha256"] as? String)?.count == 64)
            #expect(table?["countries"] as? [String] == ["china", "latvia", "peru"])
            #expect((table?["loaded_since"] as? String)?.hasSuffix("Z") == true)
            #expect(json["failed_reloads"] as? Int == 0)
            let head = try server.connect()
            try head.write(Requests.bare("HEAD", "/health"))
            let headResponse = try head.readResponse(forHead: true)
            #expect(headResponse.status == 200 && headResponse.headers["content-length"] == String(response.body.utf8.count))
        }
    }

    @Test func metricsUseThePrometheusTextFormat() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            for _ in 0 ..< 3 {
                try client.write(Requests.post(body: Requests.frequent("Peru", orders: 3)))
                _ = try client.readResponse()
            }
            try client.write(Requests.post(body: "[]"))
            _ = try client.readResponse()
            try client.write(Requests.bare("GET", "/metrics"))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = response.body.split(separator: "\n").map(String.init)
            #expect(lines.contains(#"voucher_http_requests_total{endpoint="/voucher",status="200"} 3"#))
            #expect(lines.contains(#"voucher_http_requests_total{endpoint="/voucher",status="400"} 1"#))
            #expect(lines.contains(#"voucher_http_request_duration_seconds_bucket{endpoint="/voucher",le="+Inf"} 4"#))
            #expect(lines.contains(#"voucher_http_request_duration_seconds_count{endpoint="/voucher"} 4"#))
            #expect(lines.contains("voucher_table_reloads_total 0"))
            #expect(lines.contains("voucher_table_reload_failures_total 0"))
            #expect(lines.contains("voucher_table_loaded 1"))
            #expect(lines.contains { $0.hasPrefix("voucher_table_info{path=") && $0.contains(#"format_version="1.0""#) && $0.hasSuffix("} 1") })
            #expect(lines.contains("voucher_connections_open 1"))
            // Every sample line belongs to a family declared by # TYPE.
            let families = Set(lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] })
            for line in lines where !line.hasPrefix("#") {
                let name = line.prefix { $0 != "{" && $0 != " " }
                let family = ["_bucket", "_sum", "_count"].reduce(String(name)) { name, suffix in
                    families.contains(Substring(name)) || !name.hasSuffix(suffix) ? name : String(name.dropLast(suffix.count))
                }
                #expect(families.contains(Substring(family)), "\(line)")
            }
        }
    }

    @Test func noTableAnswers503UntilOneAppears() async throws {
        try await TestServer.with(writeTable: false) { server in
            let health = try server.send(Requests.bare("GET", "/health"))
            #expect(health.status == 503)
            #expect((health.json["error"] as? String)?.contains("no valid table") == true)
            #expect(try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))).status == 503)
            try TestTables.write(generation: 1, to: server.tablePath)
            let served = try await eventually {
                try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))).status == 200
            }
            #expect(served)
            #expect(try server.send(Requests.bare("GET", "/health")).status == 200)
        }
    }

}
