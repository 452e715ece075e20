import Foundation
import Testing
import VoucherPublish
@testable import VoucherS3
import VoucherTable
import VoucherTestSupport

#if canImport(Glibc)
import Glibc
#endif

extension S3Tests {
    /// Acceptance 1 of the rollout, S3 part: `voucher serve --table s3://…`
    /// (the built binary) following a published prefix on moto, through the
    /// fault proxy, over real sockets. Publish and rollback switch it within a
    /// poll and 2 s with no failed request from a client loop running all along;
    /// a corrupt version, a pointer to a missing version and S3 unreachable keep
    /// the old table answering and show in `/health` and `/metrics`.
    ///
    /// Nested in ``S3Tests`` (serialized): it injects faults into the shared
    /// proxy, which S3Tests' fault tests use too.
    @Suite(.serialized) struct Rollout {
        static let poll = 1.0

        /// Tables A (Peru answers 2640) and B (3520), compiled by the binary from small histories.
        static let tables: Result<(a: String, b: String, folder: URL), any Error> = Result {
            let folder = try SharedData.temporaryDirectory("voucher-s3-rollout")
            func table(_ name: String, amount: Int) throws -> String {
                var csv = "timestamp,country_code,last_order_ts,first_order_ts,total_orders,voucher_amount\n"
                for orders in 0 ..< 40 { csv += "2018-05-13 10:00:00,Peru,2018-05-01,2017-05-03,\(orders),\(amount)\n" }
                let history = folder.appendingPathComponent("\(name).csv").path
                try Data(csv.utf8).write(to: URL(fileURLWithPath: history))
                let table = folder.appendingPathComponent("\(name).vtab").path
                let outcome = try VoucherBinary.run(["compile", history, "-o", table])
                try #require(outcome.status == 0, "\(outcome.stderr)")
                return table
            }
            return (try table("a", amount: 2640), try table("b", amount: 3520), folder)
        }

        static func sha(_ path: String) throws -> String { SHA256.hex(try VoucherTable(path: path).fileSHA256) }

        /// A `voucher serve` process following `location` through the fault proxy, polling every second.
        final class Server: Sendable {
            let serve: ServeProcess

            init(location: String, s3: S3TestServer, cache: String, environment extra: [String: String] = [:]) throws {
                // Two attempts per request and 2 s without a byte: a poll while S3 is away ends within a few seconds.
                let settings = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
                                "AWS_MAX_ATTEMPTS": "2", "VOUCHER_S3_TIMEOUT": "2"]
                let environment = s3.environment(throughProxy: true).merging(settings) { a, _ in a }
                    .merging(extra) { _, b in b }
                serve = try ServeProcess(["--table", location, "--poll", String(Rollout.poll), "--cache", cache],
                                         environment: environment)
                try #require(serve.port != 0, "no listening line in: \(serve.logText)")
            }

            var port: Int { serve.port }
            var logText: String { serve.logText }
            func stop() { serve.stop() }

            /// `GET path`: the status and the body.
            func get(_ path: String) throws -> (status: Int, body: String) {
                let connection = try CurlConnection(caBundle: nil, stallTimeout: 5)
                let response = try connection.perform(method: "GET", url: "http://127.0.0.1:\(port)\(path)", headers: [])
                return (response.status, String(decoding: response.body, as: UTF8.self))
            }

            func health() throws -> [String: Any] {
                try JSONSerialization.jsonObject(with: Data(try get("/health").body.utf8)) as? [String: Any] ?? [:]
            }

            /// The SHA-256 of the published version served.
            func servedSHA() throws -> String? {
                ((try health()["table"] as? [String: Any])?["published"] as? [String: Any])?["sha256"] as? String
            }

            func lastError() throws -> String {
                (try health()["last_failed_reload"] as? [String: Any])?["error"] as? String ?? ""
            }

            /// `voucher_table_reload_failures_total` in `/metrics`.
            func failureCount() throws -> Int? {
                try get("/metrics").body.split(separator: "\n")
                    .first { $0.hasPrefix("voucher_table_reload_failures_total ") }
                    .flatMap { Int($0.split(separator: " ")[1]) }
            }
        }

        /// `POST /voucher` for Peru on one kept-alive connection, in a loop, until stopped. Each answer's value
        /// is its amount; an answer that is not 2640 or 3520 with status 200 is a failure.
        static func traffic(port: Int) -> LoadClient {
            LoadClient(connect: {
                let body = Array(#"{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3}"#.utf8)
                let url = "http://127.0.0.1:\(port)/voucher", headers = [(name: "content-type", value: "application/json")]
                let connection = try CurlConnection(caBundle: nil, stallTimeout: 5)
                return {
                    let response = try connection.perform(method: "POST", url: url, headers: headers, body: body)
                    return (response.status, String(decoding: response.body, as: UTF8.self))
                }
            }, read: { status, body in
                let amount = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["voucher_amount"] as? Int
                return status == 200 && (amount == 2640 || amount == 3520) ? Int64(amount!) : nil
            })
        }

        /// Seconds until `condition` holds, checked every 20 ms; nil after `limit` seconds. For a synchronous
        /// test, which measures on its own thread; an async test waits with `eventually`.
        static func seconds(within limit: Double = 10, until condition: () throws -> Bool) rethrows -> Double? {
            let start = Date()
            while Date().timeIntervalSince(start) < limit {
                if try condition() { return Date().timeIntervalSince(start) }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return nil
        }

        /// A fresh bucket, and `voucher publish TABLE s3://BUCKET/tables/` run with the server's environment.
        static func publish(_ table: String, _ location: String, _ s3: S3TestServer) throws -> VoucherBinary.Outcome {
            try VoucherBinary.run(["publish", table, location], environment: s3.environment())
        }

        @Test("Publish and rollback on an S3 prefix switch a following server within a poll and 2 s, no request failing")
        func publishAndRollback() async throws {
            let s3 = try S3TestServer.shared.get()
            let (a, b, folder) = try Self.tables.get()
            try s3.createBucket("rollout-switch")
            let location = "s3://rollout-switch/tables/"
            let first = try Self.publish(a, location, s3)
            try #require(first.status == 0, "\(first.stderr)")
            let server = try Server(location: location, s3: s3, cache: folder.appendingPathComponent("cache-switch").path)
            defer { server.stop() }
            #expect(try server.servedSHA() == Self.sha(a))
            let traffic = Self.traffic(port: server.port)
            await traffic.waitForMore(100)
            #expect(traffic.snapshot.latest == 2640)

            let publishStart = Date()
            let publish = try Self.publish(b, location, s3)
            let publishTook = Date().timeIntervalSince(publishStart)
            let published = LoadClient.now()
            #expect(publish.status == 0, "\(publish.stderr)")
            let toB = await traffic.secondsUntil(3520, since: published)
            #expect(toB != nil && toB! <= Self.poll + 2, "switched to B after \(toB ?? -1) s")
            await traffic.waitForMore(100)

            let rollbackStart = Date()
            let rollback = try VoucherBinary.run(["rollback", location], environment: s3.environment())
            let rollbackTook = Date().timeIntervalSince(rollbackStart)
            let rolledBack = LoadClient.now()
            #expect(rollback.status == 0, "\(rollback.stderr)")
            let toA = await traffic.secondsUntil(2640, since: rolledBack)
            #expect(toA != nil && toA! <= Self.poll + 2, "rolled back to A after \(toA ?? -1) s")
            await traffic.waitForMore(100)

            let (amounts, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(amounts.first == 2640 && amounts.contains(3520) && amounts.last == 2640)
            let health = try server.health()
            #expect(health["reloads"] as? Int == 2 && health["failed_reloads"] as? Int == 0, "\(health)")
            #expect(try server.get("/metrics").body.contains(
                #"voucher_table_published_info{location="s3://rollout-switch/tables",sha256="\#(try Self.sha(a))""#))
            // diff reads the prefix's current version.
            let diff = try VoucherBinary.run(["diff", location, b], environment: s3.environment())
            #expect(diff.status == 0 && diff.stdout.contains("2640") && diff.stdout.contains("3520"),
                    "\(diff.stdout)\(diff.stderr)")
            print("S3 published prefix: switched to B \(toB ?? -1) s after publish returned (it took \(publishTook) s), "
                  + "back to A \(toA ?? -1) s after rollback returned (it took \(rollbackTook) s), "
                  + "\(amounts.count) requests, poll \(Self.poll) s")
        }

        @Test("A corrupt version, a pointer to a missing version and S3 unreachable keep the old table answering")
        func failuresKeepTheOldTable() async throws {
            let s3 = try S3TestServer.shared.get()
            let (a, b, folder) = try Self.tables.get()
            try s3.createBucket("rollout-faults")
            let location = "s3://rollout-faults/tables"
            let client = S3Client(configuration: s3.configuration())
            func point(_ line: String) throws {
                try client.put(S3Location(bucket: "rollout-faults", key: "tables/current"), body: Array(line.utf8))
            }
            let published = try Self.publish(a, location, s3)
            try #require(published.status == 0, "\(published.stderr)")
            let shaA = try Self.sha(a), shaB = try Self.sha(b)
            let server = try Server(location: location, s3: s3, cache: folder.appendingPathComponent("cache-faults").path)
            defer { server.stop() }
            let traffic = Self.traffic(port: server.port)
            await traffic.waitForMore(100)

            // A corrupt object stored as B's version, and current pointing at it.
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: b)))
            bytes[bytes.count / 2] ^= 0xFF
            try client.put(S3Location(bucket: "rollout-faults", key: "tables/versions/\(shaB).vtab"), body: bytes)
            try point("\(shaB) 2026-12-02T18:00:00Z publish\n")
            #expect(await eventually { (try? server.lastError())?.contains("version \(shaB)") == true }, "\(server.logText)")
            #expect(try server.failureCount() == 1)
            try await Task.sleep(for: .seconds(Self.poll * 2.5))  // retried at each poll, counted once
            #expect(try server.failureCount() == 1)
            #expect(try server.servedSHA() == shaA)

            // A pointer to a version that is not there.
            let missing = String(repeating: "0", count: 64)
            try point("\(missing) 2026-12-02T18:00:01Z publish\n")
            #expect(await eventually { (try? server.lastError())?.contains("version \(missing) is not in versions/") == true },
                    "\((try? server.lastError()) ?? "")")
            #expect(try server.failureCount() == 2)

            // S3 unreachable: the proxy drops every request for 20 s (twenty polls, each failing after its two attempts).
            try s3.fault("drop", count: 1_000_000)
            #expect(await eventually { (try? server.lastError()).map { !$0.isEmpty && !$0.contains(missing) } == true },
                    "\((try? server.lastError()) ?? "")")
            try await Task.sleep(for: .seconds(20))
            #expect(try server.failureCount() == 3)
            #expect(try server.servedSHA() == shaA)
            #expect(try server.get("/health").status == 200)
            let unreachable = try server.lastError()
            try s3.fault("drop", count: 0)

            // Back, and fixed: B published properly is picked up at the next poll.
            try client.delete(S3Location(bucket: "rollout-faults", key: "tables/versions/\(shaB).vtab"))
            try point("\(shaA) 2026-12-02T18:00:02Z rollback\n")
            let again = try Self.publish(b, location, s3)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(await eventually { traffic.snapshot.latest == 3520 })

            let (amounts, failures) = await traffic.finish()
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(amounts.first == 2640 && amounts.last == 3520)
            #expect(try server.failureCount() == 3)
            print("S3 faults: \(amounts.count) requests, none failed; unreachable shown as: \(unreachable)")
        }

        @Test("The S3 location's operations, and errors naming the object, S3's code and the request id")
        func operations() throws {
            let s3 = try S3TestServer.shared.get()
            let (a, _, _) = try Self.tables.get()
            try s3.createBucket("rollout-ops")
            let client = S3Client(configuration: s3.configuration())
            let location = S3PublishedLocation(client: client, bucket: "rollout-ops", prefix: "p")
            #expect(location.description == "s3://rollout-ops/p")
            #expect(try location.readObject("current") == nil)
            #expect(try location.versions().isEmpty)
            let sha = try Self.sha(a)
            #expect(try location.putVersionIfAbsent(sha256: sha, fromFile: a))
            #expect(try !location.putVersionIfAbsent(sha256: sha, fromFile: a))
            #expect(try location.versions() == [sha])
            try location.writeObject("current", Array("x\n".utf8))
            #expect(try location.readObject("current") == Array("x\n".utf8))
            let folder = try SharedData.temporaryDirectory("voucher-s3-ops")
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("v.vtab").path
            try location.fetchVersion(sha256: sha, to: copy)
            #expect(try Self.sha(copy) == sha)
            try location.deleteVersion(sha256: sha)
            try location.deleteVersion(sha256: sha)  // already gone: no error
            #expect(try location.versions().isEmpty)
            #expect(throws: PublishError.self) { try location.fetchVersion(sha256: sha, to: copy) }
            do {
                try location.fetchVersion(sha256: sha, to: copy)
            } catch let error as PublishError {
                #expect(error.code == .missing && error.message.contains("version \(sha) is not in versions/"), "\(error)")
            }
            var wrong = s3.configuration()
            wrong.credentials?.secretAccessKey = "wrong"
            let refused = S3PublishedLocation(client: S3Client(configuration: wrong), bucket: "rollout-ops", prefix: "p/")
            do {
                _ = try refused.readObject("current")
                Issue.record("a wrong secret was accepted")
            } catch let error as PublishError {
                #expect(error.code == .io, "\(error)")
                #expect(error.message.contains("s3://rollout-ops/p/current") && error.message.contains("SignatureDoesNotMatch")
                        && error.message.contains("request id "), "\(error)")
            }
            let badURL = S3PublishedLocation(url: "s3:///p", environment: [:])
            #expect(throws: PublishError.self) { try badURL.versions() }
        }

        @Test("A server on an empty or unreachable S3 prefix starts and answers 503 until a version is published")
        func emptyPrefixAnswers503() throws {
            let s3 = try S3TestServer.shared.get()
            let (a, _, folder) = try Self.tables.get()
            try s3.createBucket("rollout-empty")
            let location = "s3://rollout-empty/tables/"
            let server = try Server(location: location, s3: s3, cache: folder.appendingPathComponent("cache-empty").path)
            defer { server.stop() }
            let health = try server.get("/health")
            #expect(health.status == 503 && health.body.contains("nothing is published yet"), "\(health.body)")
            let unreachable = try Server(location: "s3://no-such-bucket/tables/", s3: s3,
                                         cache: folder.appendingPathComponent("cache-missing").path)
            defer { unreachable.stop() }
            let refused = try unreachable.get("/health")
            #expect(refused.status == 503 && refused.body.contains("NoSuchBucket"), "\(refused.body)")
            // The same S3 error at every poll (its request id aside) is counted once.
            Thread.sleep(forTimeInterval: Self.poll * 2.5)
            #expect(try unreachable.failureCount() == 1)
            // Nothing listens on port 1: every connection is refused.
            let closed = try Server(location: location, s3: s3, cache: folder.appendingPathComponent("cache-closed").path,
                                    environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"])
            defer { closed.stop() }
            let noConnection = try closed.get("/health")
            #expect(noConnection.status == 503 && noConnection.body.contains("Couldn't connect"), "\(noConnection.body)")
            #expect(try Self.publish(a, location, s3).status == 0)
            let loaded = Self.seconds { (try? server.get("/health").status) == 200 }
            #expect(loaded != nil && loaded! <= Self.poll + 2)
        }
    }
}
