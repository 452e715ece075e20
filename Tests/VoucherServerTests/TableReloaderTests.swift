import Foundation
import Testing
@testable import VoucherServer
import VoucherTestSupport

/// Hot reload under load: a client keeps sending requests while the table
/// file is replaced (by rename, then by the reload function SIGHUP calls),
/// and while a corrupt file is put in its place. No request may fail.
@Suite struct TableReloaderTests {
    /// Peru/frequent requests on one keep-alive connection until stopped.
    /// Each answer's value is the generation of the test table it came from;
    /// an answer from no generation is a failure. With `beforeATable`, a 503
    /// (no table loaded yet) is an answer too, with value 0.
    static func traffic(port: Int, beforeATable: Bool = false) -> LoadClient {
        LoadClient(connect: {
            let client = try RawHTTPClient(port: port)
            let request = Requests.post(body: Requests.frequent("Peru", orders: 3))
            return {
                try client.write(request)
                let response = try client.readResponse()
                return (response.status, response.body)
            }
        }, read: { status, body in
            if beforeATable && status == 503 && body.contains("no valid voucher table is loaded") { return 0 }
            let amount = HTTPTestResponse(status: status, headers: [:], body: body).amount ?? -1
            let generation = amount / 1_000_000
            let expected = TestTables.amount(generation: generation, country: "peru", segment: 0, bucket: 0)
            return status == 200 && amount == expected ? generation : nil
        })
    }

    @Test func renameOntoThePathSwitchesWithoutFailures() async throws {
        try await TestServer.with { server in
            let traffic = Self.traffic(port: server.port)
            await traffic.waitForMore(200)
            try TestTables.write(generation: 2, to: server.tablePath)  // temporary file + rename
            let switched = await eventually { traffic.snapshot.latest == 2 }
            #expect(switched)
            await traffic.waitForMore(200)
            let (generations, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(generations.first == 1 && generations.last == 2)
            // Once switched, never back.
            let firstNew = generations.firstIndex(of: 2) ?? 0
            #expect(generations[firstNew...].allSatisfy { $0 == 2 })
            let health = try server.send(Requests.bare("GET", "/health")).json
            #expect(health["reloads"] as? Int == 1)
        }
    }

    @Test func reloadFunctionSwitchesEveryLoop() async throws {
        try await TestServer.with(configure: { $0.reloadPollInterval = nil; $0.threads = 3 }) { server in
            let traffic = Self.traffic(port: server.port)
            await traffic.waitForMore(100)
            // Without polling nothing happens until the reload (what SIGHUP calls).
            try TestTables.write(generation: 3, to: server.tablePath)
            await traffic.waitForMore(100)
            #expect(traffic.snapshot.latest == 1)
            let result = await server.server.reloadTable()
            guard case .loaded(let sha) = result else {
                Issue.record("reload: \(result)")
                return
            }
            #expect(sha.count == 64)
            // Every loop has the new table when reloadTable returns: fresh connections see it.
            for _ in 0 ..< 6 {
                #expect(try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))).amount
                    == TestTables.amount(generation: 3, country: "peru", segment: 0, bucket: 0))
            }
            #expect(await server.server.reloadTable() == .unchanged)
            await traffic.waitForMore(100)
            let (generations, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(generations.last == 3)
        }
    }

    @Test func corruptFileIsRefusedAndTheOldTableKeepsAnswering() async throws {
        try await TestServer.with { server in
            let traffic = Self.traffic(port: server.port)
            await traffic.waitForMore(100)
            try TestTables.writeCorrupt(to: server.tablePath)
            let refused = await eventually {
                (try? server.send(Requests.bare("GET", "/health")))?.json["failed_reloads"] as? Int == 1
            }
            #expect(refused)
            await traffic.waitForMore(200)
            // The reload function refuses it too, and still nothing changes for clients.
            guard case .refused(let reason) = await server.server.reloadTable() else {
                Issue.record("the corrupt file was not refused")
                return
            }
            #expect(reason.contains(server.tablePath))
            await traffic.waitForMore(100)
            let (generations, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(generations.allSatisfy { $0 == 1 })

            let health = try server.send(Requests.bare("GET", "/health"))
            #expect(health.status == 200)
            let last = health.json["last_failed_reload"] as? [String: Any]
            #expect((last?["error"] as? String)?.contains("error") == true)
            #expect(health.json["failed_reloads"] as? Int == 2)
            let metrics = try server.send(Requests.bare("GET", "/metrics")).body
            #expect(metrics.contains("voucher_table_reload_failures_total 2\n"))
            #expect(metrics.contains("voucher_table_reloads_total 0\n"))
            #expect(metrics.contains("voucher_table_last_reload_failure_timestamp_seconds "))

            // A good file afterwards is picked up again.
            try TestTables.write(generation: 4, to: server.tablePath)
            let recovered = await eventually {
                (try? server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))))?.amount
                    == TestTables.amount(generation: 4, country: "peru", segment: 0, bucket: 0)
            }
            #expect(recovered)
        }
    }

    @Test func requestsInFlightFinishOnTheOldMapping() async throws {
        // Many connections pipelining while the table is swapped repeatedly:
        // every answer is a whole answer of one generation.
        try await TestServer.with(configure: { $0.threads = 2 }) { server in
            let clients = (0 ..< 4).map { _ in Self.traffic(port: server.port) }
            for generation in Int64(2) ... 6 {
                try TestTables.write(generation: generation, to: server.tablePath)
                _ = await server.server.reloadTable()  // the poller may have been first; either way it is served now
                for client in clients { await client.waitForMore(20) }
            }
            for client in clients {
                let (generations, failures) = await client.finish()
                #expect(failures.isEmpty, "\(failures.prefix(3))")
                #expect(generations.last == 6)
            }
        }
    }
}
