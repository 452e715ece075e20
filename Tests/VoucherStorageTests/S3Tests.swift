import Foundation
import Testing
import VoucherHistory
import VoucherTable
import VoucherTestSupport
@testable import VoucherS3
@testable import VoucherStorage

/// The S3 client, the object source and the `voucher` binary against a
/// real S3 server (moto, signatures checked) on loopback, with faults
/// injected by the tests' proxy. Serialized: the proxy's faults are shared.
@Suite(.serialized)
struct S3Tests {
    /// The server, with its buckets and small fixtures, made once.
    static let prepared: Result<(server: S3TestServer, folder: URL, csv: String), any Error> = Result {
        let server = try S3TestServer.shared.get()
        let folder = try SharedData.temporaryDirectory("voucher-s3-fixtures")
        for bucket in ["history", "tables", "faults"] { try server.createBucket(bucket) }
        // A CSV history of 40,000 rows (about 2.6 MB: read in several 1 MiB ranges).
        var csv = "timestamp,country_code,last_order_ts,first_order_ts,total_orders,voucher_amount\n"
        var random = SplitMix(seed: 13)
        let countries = ["Peru", "China", "Latvia", "Australia"]
        for row in 0 ..< 40_000 {
            let day = 1 + Int(random.next() % 28), month = 1 + Int(random.next() % 12)
            csv += "2018-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day) 10:00:00.\(row % 1000),"
            csv += "\(countries[Int(random.next() % 4)]),2018-0\(1 + random.next() % 5)-01,2017-05-03 00:00:00,"
            csv += "\(random.next() % 40),\([0, 2640, 3520, 5280][Int(random.next() % 4)])\n"
        }
        let csvPath = folder.appendingPathComponent("history.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: csvPath))
        try server.put("history", "csv/history.csv", file: csvPath)
        for name in ["e", "a", "_SUCCESS", "d", "c/x", "b"] {
            try server.put("history", "pages/\(name).csv", file: csvPath)
        }
        try server.put("faults", "history.csv", file: csvPath)
        return (server, folder, csvPath)
    }

    static func setup() throws -> (server: S3TestServer, folder: URL, csv: String) { try prepared.get() }

    static let csvObject = S3Location(bucket: "faults", key: "history.csv")

    // MARK: Listing, reading, writing

    @Test("ListObjectsV2 follows continuation tokens; a prefix keeps history files in byte order")
    func listing() throws {
        let (server, _, _) = try Self.setup()
        let client = S3Client(configuration: server.configuration())
        let all = try client.list(bucket: "history", prefix: "pages/", pageSize: 2)
        #expect(all.map(\.location.key) == ["pages/_SUCCESS.csv", "pages/a.csv", "pages/b.csv", "pages/c/x.csv", "pages/d.csv", "pages/e.csv"])
        #expect(client.statistics.requests == 3)
        let parts = try HistoryLocations.resolve(["s3://history/pages/", "s3://history/pages/a.csv", "s3://history/csv"],
                                                 client: { client })
        #expect(parts.map(\.location) == ["s3://history/pages/a.csv", "s3://history/pages/b.csv", "s3://history/pages/c/x.csv",
                                          "s3://history/pages/d.csv", "s3://history/pages/e.csv", "s3://history/pages/a.csv",
                                          "s3://history/csv/history.csv"])
        #expect(parts.allSatisfy { if case .object(let o) = $0.storage { o.etag.hasPrefix("\"") && o.size > 2_000_000 } else { false } })
    }

    @Test("A CSV object is read in ranges, in order, and compiles like the local file")
    func csvObject() throws {
        let (server, folder, csv) = try Self.setup()
        let local = folder.appendingPathComponent("csv-local.vtab").path, remote = folder.appendingPathComponent("csv-s3.vtab").path
        #expect(try VoucherBinary.run(["compile", csv, "-o", local]).status == 0)
        let outcome = try VoucherBinary.run(["compile", "s3://history/csv/history.csv", "-o", remote], environment: server.environment())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // Its first byte (size and ETag), the 3 bytes of a byte order mark, then one GET per 1 MiB chunk of the 2.6 MB object.
        #expect(outcome.stdout.contains("S3: 5 requests, 2756031 bytes"), "\(outcome.stdout)")
        try Self.expectSameTable(local, remote)
        let sources = try VoucherTable(path: remote).contents().sources
        #expect(sources.count == 1 && sources[0].name.hasPrefix("s3://history/csv/history.csv (ETag \""))
    }

    /// Acceptance 2.
    @Test("Compiling s3://history/vouchers/ gives the local compile's table but its sources; -o s3:// uploads it",
          .enabled(if: SharedData.isAvailable, SharedData.skipReason))
    func referenceFromS3() throws {
        let (server, folder, _) = try Self.setup()
        let split = folder.appendingPathComponent("split")
        if !FileManager.default.fileExists(atPath: split.path) {
            _ = try PythonScript.run("write_history.py", ["split", SharedData.referenceHistoryPath, split.path])
            for day in 0 ..< 4 {
                let key = "dt=2018-07-\(21 + day)/part-0000\(day).parquet"
                try server.put("history", "vouchers/\(key)", file: "\(split.path)/\(key)")
            }
            try server.put("history", "vouchers/_SUCCESS", file: "\(split.path)/_SUCCESS")
            try server.put("history", "single/voucher_history.parquet.gzip", file: SharedData.referenceHistoryPath)
        }
        // The parts compile to the single file's entries (acceptance 1), so the local single file is the reference.
        let single = folder.appendingPathComponent("single-local.vtab").path, remote = folder.appendingPathComponent("ref-s3.vtab").path
        #expect(try VoucherBinary.run(["compile", SharedData.referenceHistoryPath, "-o", single]).status == 0)
        let outcome = try VoucherBinary.run(["compile", "s3://history/vouchers/", "-o", remote], environment: server.environment())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("compiled 4 files"))
        try Self.expectSameTable(single, remote)
        #expect(try VoucherTable(path: remote).contents().sources.map { String($0.name.prefix { $0 != " " }) }
            == (0 ..< 4).map { "s3://history/vouchers/dt=2018-07-\(21 + $0)/part-0000\($0).parquet" })

        // The single file, uploaded as a table to S3, downloaded, and inspected.
        let upload = try VoucherBinary.run(["compile", "s3://history/single/voucher_history.parquet.gzip", "-o", "s3://tables/vouchers.vtab"],
                                           environment: server.environment())
        #expect(upload.status == 0, "\(upload.stderr)")
        // The first byte (size and ETag), head magic, tail, one GET of the six chunks, the PUT.
        #expect(upload.stdout.contains("S3: 5 requests"), "\(upload.stdout)")
        let downloaded = folder.appendingPathComponent("downloaded.vtab").path
        try server.get("tables", "vouchers.vtab", to: downloaded)
        let inspect = try VoucherBinary.run(["inspect", downloaded])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        try Self.expectSameTable(single, downloaded)
    }

    @Test("report and profile read objects too; the report names an object by its URL and ETag")
    func reportAndProfile() throws {
        let (server, folder, _) = try Self.setup()
        let html = folder.appendingPathComponent("report.html").path, json = folder.appendingPathComponent("report.json").path
        let report = try VoucherBinary.run(["report", "s3://faults/history.csv", "-o", html, "--json", json], environment: server.environment())
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("S3: "))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect((files.first?["name"] as? String)?.hasPrefix("s3://faults/history.csv (ETag \"") == true)
        #expect(files.first?["path"] as? String == "s3://faults/history.csv")
        #expect(files.first?["sha256"] is NSNull)
        let profile = try VoucherBinary.run(["profile", "s3://faults/history.csv", "--json"], environment: server.environment())
        #expect(profile.status == 0 && profile.stdout.contains("\"s3://faults/history.csv\""), "\(profile.stderr)")
    }

    /// Every section but `sources` byte for byte.
    static func expectSameTable(_ a: String, _ b: String) throws {
        let left = try VoucherTable(path: a), right = try VoucherTable(path: b)
        for kind in SectionKind.allCases where kind != .sources {
            #expect(try left.sectionBytes(kind) == right.sectionBytes(kind), "section \(kind)")
        }
    }

    // MARK: Faults

    @Test("Retried faults: dropped connections, 503 SlowDown, truncated bodies, a stall", arguments: [
        ("drop", 2), ("503", 3), ("truncate", 2), ("stall", 1),
    ])
    func retried(_ kind: String, _ count: Int) throws {
        let (server, _, csv) = try Self.setup()
        let client = S3Client(configuration: server.configuration(throughProxy: true, stallTimeout: 1))
        let expected = Array(try Data(contentsOf: URL(fileURLWithPath: csv)))[1000 ..< 301_000]
        try server.fault(kind, count: count)
        let bytes = try client.get(Self.csvObject, range: 1000 ..< 301_000)
        #expect(bytes[...] == expected)
        #expect(client.statistics.requests == count + 1)
    }

    @Test("An exhausted retry budget names the object, S3's code and message, the request id and the attempts")
    func exhausted() throws {
        let (server, _, _) = try Self.setup()
        let client = S3Client(configuration: server.configuration(throughProxy: true, maxAttempts: 3))
        try server.fault("503", count: 3)
        #expect { try client.get(Self.csvObject, range: 0 ..< 10) } throws: { error in
            let text = "\(error)"
            return (error as? StorageError)?.s3Code == "SlowDown" && client.statistics.requests == 3
                && text == "s3://faults/history.csv: S3 error SlowDown (HTTP 503): Please reduce your request rate. (request id FAULT503; after 3 attempts)"
        }
        try server.fault("truncate", count: 2)
        let cut = S3Client(configuration: server.configuration(throughProxy: true, maxAttempts: 2))
        #expect { try cut.get(Self.csvObject, range: 0 ..< 100_000) } throws: { error in
            (error as? StorageError)?.kind == .transport && "\(error)".hasPrefix("s3://faults/history.csv: GET failed: ")
        }
    }

    @Test("An object replaced while it is read is an error (If-Match)")
    func changedWhileRead() throws {
        let (server, folder, csv) = try Self.setup()
        try server.put("faults", "changing.csv", file: csv)
        let client = S3Client(configuration: server.configuration())
        let object = try client.head(S3Location(bucket: "faults", key: "changing.csv"))
        let source = S3ObjectSource(object, client: client)
        let reader = try HistoryFile.open(source: source)
        #expect(try reader.nextBatch(columns: [0])?.rowCount == 40_000)
        let other = folder.appendingPathComponent("other.csv")
        try Data("timestamp,country_code\n".utf8).write(to: other)
        try server.put("faults", "changing.csv", file: other.path)
        var buffer = [UInt8](repeating: 0, count: 10)
        #expect { try buffer.withUnsafeMutableBytes { try source.read(at: 0, count: 10, to: $0.baseAddress!) } } throws: { error in
            guard let error = error as? StorageError else { return false }
            return error.kind == .changed && error.s3Code == "PreconditionFailed" && error.httpStatus == 412
                && error.location == "s3://faults/changing.csv"
        }
    }

    /// Acceptance 4: one clear line, a non-zero exit, the existing output untouched.
    @Test("Wrong credentials, a missing key or bucket, an exhausted budget: one line, exit 1, output untouched", arguments: [
        "wrong secret", "unknown key", "missing key", "missing bucket", "exhausted",
    ])
    func commandFailures(_ fault: String) throws {
        let (server, folder, _) = try Self.setup()
        let output = folder.appendingPathComponent("existing-\(fault.replacingOccurrences(of: " ", with: "-")).vtab").path
        let existing = Data("an existing table".utf8)
        try existing.write(to: URL(fileURLWithPath: output))
        var environment = server.environment(throughProxy: fault == "exhausted")
        var location = "s3://faults/history.csv"
        var expected: String
        switch fault {
        case "wrong secret":
            environment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
            expected = "S3 error SignatureDoesNotMatch (HTTP 403)"
        case "unknown key":
            environment["AWS_ACCESS_KEY_ID"] = "AKIAUNKNOWNKEY000000"
            expected = "S3 error InvalidAccessKeyId (HTTP 403)"
        case "missing key":
            location = "s3://faults/no-such-history.parquet"
            expected = "S3 error NoSuchKey (HTTP 404)"
        case "missing bucket":
            location = "s3://no-such-bucket/history.parquet"
            expected = "S3 error NoSuchBucket (HTTP 404)"
        default:
            environment["AWS_MAX_ATTEMPTS"] = "2"
            try server.fault("503", count: 2)
            expected = "S3 error SlowDown (HTTP 503): Please reduce your request rate. (request id FAULT503; after 2 attempts)"
        }
        let outcome = try VoucherBinary.run(["compile", location, "-o", output], environment: environment)
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("Error: \(location): "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("request id "), "\(outcome.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == existing)
    }

    @Test("Uploading the table happens only after a whole compile: a failed one sends no PUT")
    func noUploadAfterFailure() throws {
        let (server, folder, _) = try Self.setup()
        let broken = folder.appendingPathComponent("broken.csv")
        try Data("timestamp,country_code\n2018-01-01,Peru\n".utf8).write(to: broken)
        let outcome = try VoucherBinary.run(["compile", broken.path, "-o", "s3://tables/never.vtab"], environment: server.environment())
        #expect(outcome.status == 1)
        let client = S3Client(configuration: server.configuration())
        #expect(try client.list(bucket: "tables", prefix: "never").isEmpty)
    }

    // MARK: TLS

    @Test("HTTPS with the test's CA: trusted through AWS_CA_BUNDLE, refused with a certificate error without it")
    func tls() throws {
        let (server, _, _) = try Self.setup()
        var configuration = server.configuration()
        configuration.endpoint = server.tls
        configuration.caBundle = server.caBundle
        let trusted = S3Client(configuration: configuration)
        #expect(try trusted.get(Self.csvObject, range: 0 ..< 9) == Array("timestamp".utf8))
        configuration.caBundle = nil
        let untrusted = S3Client(configuration: configuration)
        #expect { try untrusted.get(Self.csvObject, range: 0 ..< 9) } throws: { error in
            (error as? StorageError)?.kind == .certificate && "\(error)".contains("AWS_CA_BUNDLE")
        }
        // The same through the binary's environment.
        var environment = server.environment()
        environment["AWS_ENDPOINT_URL"] = server.tls
        let refused = try VoucherBinary.run(["scan", "s3://faults/history.csv"], environment: environment)
        #expect(refused.status == 1 && refused.stderr.contains("TLS certificate refused"), "\(refused.stderr)")
        environment["AWS_CA_BUNDLE"] = server.caBundle
        let accepted = try VoucherBinary.run(["scan", "s3://faults/history.csv"], environment: environment)
        #expect(accepted.status == 0 && accepted.stdout.contains("40000 rows"), "\(accepted.stderr)")
    }
}
