import Foundation
import Testing
@testable import VoucherServer

/// Connections over real loopback sockets: keep-alive, pipelining, split
/// and chunked bodies, `Expect: 100-continue`, HTTP/1.0, timeouts, the
/// connection limit and graceful shutdown.
@Suite struct ConnectionTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            for i in 0 ..< 500 {
                try client.write(Requests.post(body: Requests.frequent("Peru", orders: i % 50)))
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.headers["connection"] == nil)
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            let countries = ["Peru", "China", "Latvia", "Nowhere"]
            var bytes: [UInt8] = []
            for i in 0 ..< 40 {
                bytes += Requests.post(body: Requests.frequent(countries[i % 4], orders: 3))
                if i % 10 == 9 { bytes += Requests.bare("GET", "/health") }
            }
            try client.write(bytes)
            for i in 0 ..< 40 {
                let response = try client.readResponse()
                if i % 4 == 3 {
                    #expect(response.status == 404)
                } else {
                    #expect(response.amount == TestTables.amount(generation: 1, country: countries[i % 4].lowercased(),
                                                                 segment: 0, bucket: 0), "request \(i)")
                }
                if i % 10 == 9 { #expect(try client.readResponse().json["status"] as? String == "ok") }
            }
        }
    }

    @Test func pipelinedMetricsKeepTheOrder() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            let body = Requests.frequent("Peru", orders: 3)
            try client.write(Requests.post(body: body) + Requests.bare("GET", "/metrics") + Requests.post(body: body)
                + Requests.bare("HEAD", "/metrics") + Requests.post(body: body))
            #expect(try client.readResponse().status == 200)
            let metrics = try client.readResponse()
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains("voucher_http_requests_total"))
            #expect(try client.readResponse().amount != nil)
            let head = try client.readResponse(forHead: true)
            #expect(head.status == 200 && Int(head.headers["content-length"] ?? "") ?? 0 > 0)
            #expect(try client.readResponse().amount != nil)
        }
    }

    @Test func bodySplitAcrossManyWrites() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            try client.write(Requests.post(body: Requests.specBody), inPiecesOf: 7, pause: 0.001)
            #expect(try client.readResponse().amount == TestTables.amount(generation: 1, country: "peru", segment: 0,
                                                                          bucket: 0))
            try client.write(Requests.chunked(body: Requests.specBody, chunkSize: 10), inPiecesOf: 3, pause: 0.001)
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func chunkedBodiesAreDecoded() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            for size in [1, 5, 64, 4096] {
                try client.write(Requests.chunked(body: Requests.frequent("Latvia", orders: 20), chunkSize: size))
                #expect(try client.readResponse().amount == TestTables.amount(generation: 1, country: "latvia",
                                                                              segment: 0, bucket: 2))
            }
        }
    }

    @Test func expectContinueIsHonoured() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            let body = Requests.frequent("Peru", orders: 3)
            let head = "POST /voucher HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n"
            try client.write(Array(head.utf8))
            #expect(try client.readResponse().status == 100)
            try client.write(Array(body.utf8))
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func http10ClosesUnlessKeepAlive() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            try client.write(Array("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".utf8))
            let kept = try client.readResponse()
            #expect(kept.status == 200 && kept.headers["connection"] == "keep-alive")
            try client.write(Array("GET /health HTTP/1.0\r\n\r\n".utf8))
            #expect(try client.readResponse().headers["connection"] == "close")
            #expect(client.isClosedByServer(within: 5))
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            try client.write(Requests.post(body: Requests.frequent("Peru", orders: 3), headers: ["Connection: close"]))
            let response = try client.readResponse()
            #expect(response.status == 200 && response.headers["connection"] == "close")
            #expect(client.isClosedByServer(within: 5))
        }
    }

    @Test func silentAndSlowClientsAreDisconnected() async throws {
        try await TestServer.with(configure: { $0.idleTimeout = .milliseconds(300); $0.readTimeout = .milliseconds(300) }) {
            server in
            // Silent: connects and sends nothing.
            let silent = try server.connect()
            #expect(silent.isClosedByServer(within: 10))
            // Slow: starts a request and never finishes it.
            let slow = try server.connect()
            try slow.write(Array("POST /voucher HTTP/1.1\r\nHost: t\r\nContent-Le".utf8))
            #expect(slow.isClosedByServer(within: 10))
            // Idle after an answer.
            let idle = try server.connect()
            try idle.write(Requests.bare("GET", "/health"))
            #expect(try idle.readResponse().status == 200)
            #expect(idle.isClosedByServer(within: 10))
            let metrics = try server.send(Requests.bare("GET", "/metrics")).body
            #expect(metrics.contains(#"voucher_connections_timed_out_total{reason="idle"} "#))
            #expect(!metrics.contains(#"voucher_connections_timed_out_total{reason="read"} 0"#))
        }
    }

    /// At the limit with no connection idle (both are inside a request), a
    /// new connection is closed at once and counted as rejected.
    @Test func connectionsOverTheLimitAreClosedWhenNoneIsIdle() async throws {
        try await TestServer.with(configure: { $0.maxConnections = 2 }) { server in
            let first = try server.connect(), second = try server.connect()
            // In one write each, a request and half of another: once the first is
            // answered the server has read the half too, and neither connection is idle.
            let requestAndAHalf = Requests.bare("GET", "/health") + Array("GET /health HTTP/1.1\r\n".utf8)
            try first.write(requestAndAHalf)
            try second.write(requestAndAHalf)
            #expect(try first.readResponse().status == 200)
            #expect(try second.readResponse().status == 200)
            let third = try server.connect()
            #expect(third.isClosedByServer(within: 5))
            try first.write(Array("Host: t\r\n\r\n".utf8))
            #expect(try first.readResponse().status == 200)
            try first.write(Requests.bare("GET", "/metrics"))
            let metrics = try first.readResponse().body
            #expect((metricValue(metrics, "voucher_connections_rejected_total") ?? 0) >= 1)
            #expect(metricValue(metrics, "voucher_connections_evicted_total") == 0)
        }
    }

    /// At the limit, the connection idle longest is closed to make room: the
    /// new client is answered, the oldest idle one is closed, the others stay.
    @Test func theLongestIdleConnectionMakesRoom() async throws {
        try await TestServer.with(configure: { $0.maxConnections = 3 }) { server in
            var clients: [RawHTTPClient] = []
            for _ in 0 ..< 3 {
                let client = try server.connect()
                try client.write(Requests.bare("GET", "/health"))
                #expect(try client.readResponse().status == 200)
                clients.append(client)
            }
            // The first is used again: the second is now the one idle longest.
            try clients[0].write(Requests.bare("GET", "/health"))
            #expect(try clients[0].readResponse().status == 200)
            let newcomer = try server.connect()
            try newcomer.write(Requests.post(body: Requests.frequent("Peru", orders: 3)))
            #expect(try newcomer.readResponse().status == 200)
            #expect(clients[1].isClosedByServer(within: 5))
            try clients[0].write(Requests.bare("GET", "/metrics"))
            let metrics = try clients[0].readResponse().body
            #expect(metricValue(metrics, "voucher_connections_evicted_total") == 1)
            #expect(metricValue(metrics, "voucher_connections_rejected_total") == 0)
            try clients[2].write(Requests.bare("GET", "/health"))
            #expect(try clients[2].readResponse().status == 200)
        }
    }

    /// Acceptance: a chunk-size line of exactly 1024 bytes gets the same
    /// answer in one write and with its CR and LF in separate writes.
    @Test func chunkSizeLineAnswerDoesNotDependOnTheWrites() async throws {
        try await TestServer.with { server in
            let body = Requests.frequent("Peru", orders: 3)
            let sizeLine = String(body.utf8.count, radix: 16) + ";x=" + String(repeating: "y", count: 1024 - 3 - String(body.utf8.count, radix: 16).count)
            #expect(sizeLine.utf8.count == 1024)
            let head = "POST /voucher HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            let request = Array((head + sizeLine + "\r\n" + body + "\r\n0\r\n\r\n").utf8)
            let whole = try server.connect()
            try whole.write(request)
            let first = try whole.readResponse()
            let split = try server.connect()
            let cr = head.utf8.count + sizeLine.utf8.count + 1
            try split.write(Array(request[..<cr]))
            usleep(50_000)  // the LF in a later read
            try split.write(Array(request[cr...]))
            let second = try split.readResponse()
            #expect(first.status == 200 && second.status == 200)
            #expect(first.body == second.body)
        }
    }

    /// Acceptance: a trailer section with a NUL, a bare CR or a line without
    /// a colon is answered 400 and the connection closed.
    @Test(arguments: ["X: a\u{0}b\r\n", "X: a\rb\r\n", "GET /health HTTP/1.1\r\nHost: t\r\n"])
    func malformedTrailersAreRefused(trailer: String) async throws {
        try await TestServer.with { server in
            let client = try server.connect()
            let body = Requests.frequent("Peru", orders: 3)
            let text = "POST /voucher HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(body.utf8.count, radix: 16) + "\r\n" + body + "\r\n0\r\n" + trailer + "\r\n"
            try client.write(Array(text.utf8))
            let response = try client.readResponse()
            #expect(response.status == 400 && response.headers["connection"] == "close")
            #expect((response.json["error"] as? String)?.contains("trailer") == true)
            #expect(client.isClosedByServer(within: 5))
        }
    }

    @Test func shutdownFinishesRequestsUnderWay() async throws {
        try await TestServer.with(configure: {
            $0.readTimeout = .seconds(30)
            $0.idleTimeout = .seconds(30)
            $0.shutdownGracePeriod = .seconds(30)
        }) { server in
            let request = Requests.post(body: Requests.frequent("Peru", orders: 3))
            let busy = try server.connect()
            // One write: a whole request, then the first 40 bytes of another. Once the
            // first is answered the server has read the half request too (no sleep).
            try busy.write(request + Array(request[..<40]))
            #expect(try busy.readResponse().status == 200)
            let idle = try server.connect()
            try idle.write(Requests.bare("GET", "/health"))
            #expect(try idle.readResponse().status == 200)

            server.server.beginShutdown()
            // The idle connection is closed by the drain (its timeout is far away)…
            #expect(idle.isClosedByServer(within: 10))
            // …the busy one gets its answer, marked as the last, then is closed.
            try busy.write(Array(request[40...]))
            let response = try busy.readResponse()
            #expect(response.status == 200 && response.headers["connection"] == "close")
            #expect(busy.isClosedByServer(within: 10))
            await server.server.shutdown()
            #expect(throws: (any Error).self) { try server.connect() }
        }
    }

}
