import Foundation
import Testing
@testable import VoucherServer
import VoucherTable
import VoucherTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A server following a published location (a local directory) over real
/// sockets: `voucher publish` and `voucher rollback` (the built binary)
/// switch it within a poll and 2 s (the 2 s times
/// `BuildConfiguration.timeScale` in a sanitized build), with no failed
/// request from a client loop running all along; a corrupt version, a
/// pointer to a missing version and an empty location keep the old table
/// (or 503) and show in `/health` and `/metrics`.
@Suite(.serialized) struct PublishedLocationTests {
    static let executable = ServeProcess.executable
    static var hasBinary: Bool { ServeProcess.isBuilt }

    /// Runs `voucher ARGS…`; returns the exit status and the output.
    @discardableResult
    static func voucher(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try ProcessLaunch.run(process)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Tables of generations 1 and 2 in `folder`, and an empty location folder.
    static func prepare(_ folder: URL) throws -> (a: String, b: String, location: String) {
        let a = folder.appendingPathComponent("a.vtab").path, b = folder.appendingPathComponent("b.vtab").path
        try TestTables.write(generation: 1, to: a)
        try TestTables.write(generation: 2, to: b)
        let location = folder.appendingPathComponent("published").path
        try FileManager.default.createDirectory(atPath: location, withIntermediateDirectories: true)
        return (a, b, location)
    }

    static func sha(_ path: String) throws -> String { SHA256.hex(try VoucherTable(path: path).fileSHA256) }

    static let poll = 1.0

    /// The time a switch may take beyond the poll: 2 s, scaled in a sanitized build.
    static let slack = 2 * BuildConfiguration.timeScale

    /// A server following `location`, polling every second, with its cache in `folder`.
    static func withServer<T>(location: String, folder: URL, _ body: (TestServer) async throws -> T) async throws -> T {
        try await TestServer.with(tablePath: location, configure: {
            $0.locationPollInterval = .milliseconds(Int64(poll * 1000))
            $0.cacheDirectory = folder.appendingPathComponent("cache").path
        }, body)
    }

    @Test(.enabled(if: hasBinary, "the voucher binary is not built"))
    func publishAndRollbackSwitchWithoutFailedRequests() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-published")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b, location) = try Self.prepare(folder)
        #expect(try Self.voucher(["publish", a, location]).status == 0)
        try await Self.withServer(location: location, folder: folder) { server in
            let health = try server.send(Requests.bare("GET", "/health")).json
            let published = (health["table"] as? [String: Any])?["published"] as? [String: Any]
            #expect(published?["sha256"] as? String == (try Self.sha(a)))
            #expect(published?["location"] as? String == location)

            let traffic = TableReloaderTests.traffic(port: server.port)
            await traffic.waitForMore(100)
            #expect(traffic.snapshot.latest == 1)

            let publish = try Self.voucher(["publish", b, location])
            let publishedAt = LoadClient.now()
            #expect(publish.status == 0, "\(publish.output)")
            let toB = await traffic.secondsUntil(2, since: publishedAt)
            #expect(toB != nil && toB! <= Self.poll + Self.slack, "switched to B after \(toB ?? -1) s")
            await traffic.waitForMore(100)

            let rollback = try Self.voucher(["rollback", location])
            let rolledBack = LoadClient.now()
            #expect(rollback.status == 0, "\(rollback.output)")
            let toA = await traffic.secondsUntil(1, since: rolledBack)
            #expect(toA != nil && toA! <= Self.poll + Self.slack, "rolled back to A after \(toA ?? -1) s")
            await traffic.waitForMore(100)

            let (generations, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(generations.first == 1 && generations.contains(2) && generations.last == 1)
            let after = try server.send(Requests.bare("GET", "/health")).json
            #expect(after["reloads"] as? Int == 2)
            #expect(after["failed_reloads"] as? Int == 0)
            let page = try server.send(Requests.bare("GET", "/metrics")).body
            #expect(page.contains(#"voucher_table_published_info{location="\#(location)",sha256="\#(try Self.sha(a))""#))
            print("published location: switched to B in \(toB ?? -1) s, back to A in \(toA ?? -1) s, "
                  + "\(generations.count) requests, poll \(Self.poll) s")
        }
    }

    @Test(.enabled(if: hasBinary, "the voucher binary is not built"))
    func aCorruptOrMissingVersionKeepsTheOldTable() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-published")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b, location) = try Self.prepare(folder)
        #expect(try Self.voucher(["publish", a, location]).status == 0)
        let shaA = try Self.sha(a)
        try await Self.withServer(location: location, folder: folder) { server in
            let traffic = TableReloaderTests.traffic(port: server.port)
            await traffic.waitForMore(100)

            func health() throws -> [String: Any] { try server.send(Requests.bare("GET", "/health")).json }
            func lastError() throws -> String {
                ((try health()["last_failed_reload"]) as? [String: Any])?["error"] as? String ?? ""
            }
            func failures() throws -> Double? {
                metricValue(try server.send(Requests.bare("GET", "/metrics")).body, "voucher_table_reload_failures_total")
            }

            // A corrupt object stored as a version under B's name, and current pointing at it.
            let shaB = try Self.sha(b)
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: b)))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: "\(location)/versions/\(shaB).vtab"))
            try "\(shaB) 2026-12-02T18:00:00Z publish\n".write(toFile: "\(location)/current", atomically: true, encoding: .utf8)
            #expect(await eventually { (try? lastError())?.contains("version \(shaB)") == true })
            #expect(try failures() == 1)
            // Retried at each poll, logged and counted once.
            try await Task.sleep(nanoseconds: UInt64(Self.poll * 2.5 * 1e9))
            #expect(try failures() == 1)
            #expect(try health()["failed_reloads"] as? Int == 1)
            #expect(((try health()["table"] as? [String: Any])?["published"] as? [String: Any])?["sha256"] as? String == shaA)

            // A pointer to a version that is not there.
            let missing = String(repeating: "0", count: 64)
            try "\(missing) 2026-12-02T18:00:01Z publish\n".write(toFile: "\(location)/current", atomically: true, encoding: .utf8)
            #expect(await eventually { (try? lastError())?.contains("version \(missing) is not in versions/") == true })
            #expect(try failures() == 2)

            // The fixed version is picked up at the next poll.
            try FileManager.default.removeItem(atPath: "\(location)/versions/\(shaB).vtab")
            try "\(shaA) 2026-12-02T18:00:02Z rollback\n".write(toFile: "\(location)/current", atomically: true, encoding: .utf8)
            #expect(try Self.voucher(["publish", b, location]).status == 0)
            #expect(await eventually { traffic.snapshot.latest == 2 })

            let (generations, failuresSeen) = await traffic.finish()
            #expect(failuresSeen.isEmpty, "\(failuresSeen.prefix(3))")
            #expect(generations.first == 1 && generations.last == 2)
            #expect(try failures() == 2)
        }
    }

    @Test(.enabled(if: hasBinary, "the voucher binary is not built"))
    func anEmptyLocationAnswers503UntilAPublication() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-published")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, _, location) = try Self.prepare(folder)
        try await Self.withServer(location: location, folder: folder) { server in
            let health = try server.send(Requests.bare("GET", "/health"))
            #expect(health.status == 503)
            #expect((health.json["error"] as? String)?.contains("nothing is published yet") == true)
            #expect(try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))).status == 503)
            let traffic = TableReloaderTests.traffic(port: server.port, beforeATable: true)
            await traffic.waitForMore(10)
            #expect(try Self.voucher(["publish", a, location]).status == 0)
            let published = LoadClient.now()
            let loaded = await traffic.secondsUntil(1, since: published)
            #expect(loaded != nil && loaded! <= Self.poll + Self.slack, "loaded after \(loaded ?? -1) s")
            let (values, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(values.first == 0 && values.last == 1)
            #expect(try server.send(Requests.bare("GET", "/health")).json["failed_reloads"] as? Int == 1)
        }
    }

    @Test(.enabled(if: hasBinary, "the voucher binary is not built"))
    func sighupReadsTheLocationAtOnce() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-published")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b, location) = try Self.prepare(folder)
        #expect(try Self.voucher(["publish", a, location]).status == 0)
        let server = try ServeProcess(["--table", location, "--poll", "0",
                                       "--cache", folder.appendingPathComponent("cache").path])
        let bound = server.port
        try #require(bound != 0, "no listening line in: \(server.logText)")
        let traffic = TableReloaderTests.traffic(port: bound)
        await traffic.waitForMore(100)
        #expect(try Self.voucher(["publish", b, location]).status == 0)
        await traffic.waitForMore(200)
        #expect(traffic.snapshot.latest == 1, "polling is off: nothing changes before SIGHUP")
        let signalled = LoadClient.now()
        server.send(SIGHUP)
        let switched = await traffic.secondsUntil(2, since: signalled)
        #expect(switched != nil && switched! < BuildConfiguration.timeScale, "switched after \(switched ?? -1) s")
        let (_, failures) = await traffic.finish()
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        server.send(SIGTERM)
        #expect(await eventually(within: 15) { !server.process.isRunning })
        #expect(server.logText.contains("reason=SIGHUP"), "\(server.logText)")
    }
}
