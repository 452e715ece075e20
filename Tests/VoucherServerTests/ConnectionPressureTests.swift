import Foundation
import Testing
@testable import VoucherServer
import VoucherTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The connection limit under pressure, at its real size: with the
/// default limit's worth of idle keep-alive connections open, new clients
/// are still answered, each in the place of the connection idle longest.
@Suite struct ConnectionPressureTests {
    /// The default limit (4,096), or less when the process may not open
    /// twice as many descriptors (each connection is two here, the client's
    /// and the server's) with room to spare; the soft limit is raised to the
    /// hard one for the test, and `restore` puts the previous one back.
    static func connectionCount() -> (count: Int, restore: () -> Void) {
        var previous = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &previous)
        var limits = previous
        if limits.rlim_cur < limits.rlim_max {
            limits.rlim_cur = limits.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits)
        }
        let room = (Int(clamping: limits.rlim_cur) - 1024) / 2
        let count = min(ServerConfiguration().maxConnections, max(room, 64))
        return (count, { var limits = previous; setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) })
    }

    /// Acceptance: the limit's worth of idle connections open, then new
    /// clients' `POST /voucher`: each is answered 200, and the connections
    /// idle longest are the ones closed. The time each new client takes
    /// from `connect` to its answer is printed (not asserted: a busy 2-core
    /// machine makes any bound flaky; here it is a few milliseconds).
    ///
    /// The connections are open only inside `ProcessLaunch.withManyDescriptors`,
    /// which closes them all and keeps the other suites' subprocess launches
    /// back meanwhile (why: ``ProcessLaunch``); it must not `await`.
    @Test func newClientsAreAnsweredWithTheLimitsWorthOfIdleConnections() async throws {
        let (limit, restoreLimit) = Self.connectionCount()
        defer { restoreLimit() }
        try await TestServer.with(configure: {
            $0.maxConnections = limit
            $0.idleTimeout = .seconds(120)
            $0.readTimeout = .seconds(120)
            $0.threads = 1
        }) { server in try ProcessLaunch.withManyDescriptors {
            var idle: [RawHTTPClient] = []
            idle.reserveCapacity(limit)
            let health = Requests.bare("GET", "/health")
            for _ in 0 ..< limit {
                let client = try server.connect()
                try client.write(health)
                guard try client.readResponse().status == 200 else { throw ClientError(description: "no answer") }
                idle.append(client)
            }
            let post = Requests.post(body: Requests.frequent("Peru", orders: 3))
            var times: [Double] = []
            let newcomers = 20
            for i in 0 ..< newcomers {
                let started = DispatchTime.now().uptimeNanoseconds
                let client = try server.connect()
                try client.write(post)
                let response = try client.readResponse()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                #expect(response.status == 200, "newcomer \(i)")
                idle.append(client)
            }
            // The first `newcomers` idle connections made room, oldest first; the next one still works.
            for i in 0 ..< newcomers { #expect(idle[i].isClosedByServer(within: 5), "connection \(i)") }
            try idle[newcomers].write(Requests.bare("GET", "/metrics"))
            let metrics = try idle[newcomers].readResponse().body
            #expect(metricValue(metrics, "voucher_connections_evicted_total") == Double(newcomers))
            #expect(metricValue(metrics, "voucher_connections_rejected_total") == 0)
            #expect(metricValue(metrics, "voucher_connections_open") == Double(limit))
            times.sort()
            print(String(format: "connection pressure: %d idle connections open; a new client's POST /voucher answered in %.2f ms (median of %d), %.2f ms at most",
                         limit, times[times.count / 2], newcomers, times.last ?? 0))
            idle.removeAll()  // closes the clients' ends; the server closes its ends on seeing that
        } }
    }
}
