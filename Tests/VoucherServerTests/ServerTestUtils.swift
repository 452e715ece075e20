import Foundation
import Testing
@testable import VoucherServer
import VoucherTable
import VoucherTestSupport

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Tables

/// Small tables built in code, whose every amount says which generation
/// of the table answered: `generation * 1_000_000 + country * 10_000 + segment * 100 + bucket`.
enum TestTables {
    /// Country keys, in table order, and their display names.
    static let countries = [("china", "China"), ("latvia", "Latvia"), ("peru", "Peru")]

    /// The contents of generation `generation`.
    static func contents(generation: Int64) -> TableContents {
        let segments = SegmentConfiguration.standard
        let all = countries.enumerated().map { index, country in
            let entries = segments.segments.enumerated().map { s, segment in
                segment.buckets.indices.map { b in
                    let amount = amount(generation: generation, country: country.0, segment: s, bucket: b)
                    return TableEntry(amount: amount, samples: 3, isFallback: false,
                                      histogram: AmountHistogram(amounts: [amount], counts: [3]))
                }
            }
            let overall = amount(generation: generation, country: country.0, segment: 0, bucket: 0)
            return CountryContents(key: country.0, displayName: country.1, keptRows: 30 + index,
                                   amounts: AmountHistogram(amounts: [overall], counts: [30]), entries: entries)
        }
        let summary = CleaningSummary(rowsRead: 100, kept: 90, dropped: [
            ("voucher_amount", 10), ("total_orders", 0), ("country_code", 0), ("unparseable_time", 0),
            ("first_after_last", 0), ("voucher_before_last_order", 0), ("duplicate", 0),
        ])
        let sources = [SourceIdentity(name: "test.csv", size: 1, sha256: SHA256.hash(Array("g\(generation)".utf8)))]
        return TableContents(segments: segments, countries: all, summary: summary, sources: sources)
    }

    /// The amount a generation's table answers for a country key, segment and bucket.
    static func amount(generation: Int64, country: String, segment: Int, bucket: Int) -> Int64 {
        let index = Int64(countries.firstIndex { $0.0 == country } ?? 99)
        return generation * 1_000_000 + index * 10_000 + Int64(segment) * 100 + Int64(bucket)
    }

    /// Writes generation `generation` atomically (temporary file, rename) to `path`.
    static func write(generation: Int64, to path: String) throws {
        try TableWriter.write(contents(generation: generation), to: path)
    }

    /// Writes bytes that are not a valid table atomically to `path`: a
    /// valid table with one byte of its hot section flipped (a checksum error).
    static func writeCorrupt(to path: String) throws {
        var bytes = try TableEncoder.encode(contents(generation: 9))
        bytes[bytes.count / 2] ^= 0xFF
        try TableWriter.write(bytes: bytes, to: path)
    }

    /// The committed default table (behaviour §5's example answers 2640 from it).
    static let defaultTablePath = SharedData.path("artifacts/vouchers.vtab")

    /// Whether the default table is there (else tests that need it are skipped, or fail when required).
    static var hasDefaultTable: Bool {
        FileManager.default.fileExists(atPath: defaultTablePath) || SharedData.isRequired
    }
}

// MARK: - Server

/// A server started in process on an ephemeral loopback port, with short
/// timeouts, serving a table in a fresh temporary folder.
struct TestServer {
    let server: VoucherServer
    let folder: URL
    let tablePath: String

    var port: Int { server.port }

    /// Runs `body` with a server serving generation 1 (or `tablePath` when
    /// given, or no file when `writeTable` is false), shutting it down after.
    static func with<T>(tablePath: String? = nil, writeTable: Bool = true,
                        configure: (inout ServerConfiguration) -> Void = { _ in },
                        _ body: (TestServer) async throws -> T) async throws -> T {
        let folder = try SharedData.temporaryDirectory("voucher-server-tests")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = tablePath ?? folder.appendingPathComponent("vouchers.vtab").path
        if tablePath == nil && writeTable { try TestTables.write(generation: 1, to: path) }
        var configuration = ServerConfiguration(tablePath: path, host: "127.0.0.1", port: 0)
        configuration.idleTimeout = .seconds(10)
        configuration.readTimeout = .seconds(10)
        configuration.shutdownGracePeriod = .seconds(2)
        configuration.reloadPollInterval = .milliseconds(100)
        configure(&configuration)
        let server = try VoucherServer.start(configuration: configuration)
        let test = TestServer(server: server, folder: folder, tablePath: path)
        do {
            let result = try await body(test)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// A new connection to the server.
    func connect() throws -> RawHTTPClient { try RawHTTPClient(port: port) }

    /// One request on a fresh connection.
    func send(_ request: [UInt8]) throws -> HTTPTestResponse {
        let client = try connect()
        defer { client.close() }
        try client.write(request)
        return try client.readResponse()
    }
}

// MARK: - Requests

/// Request bytes for tests.
enum Requests {
    /// behaviour §5's example body.
    static let specBody = """
        {"customer_id": 123, "country_code": "Peru", "last_order_ts": "2018-05-03 00:00:00",
         "first_order_ts": "2017-05-03 00:00:00", "total_orders": 3, "segment_name": "frequent_segment"}
        """

    /// A frequent-segment body for a country and an order count.
    static func frequent(_ country: String, orders: Int) -> String {
        #"{"country_code": "\#(country)", "segment_name": "frequent_segment", "total_orders": \#(orders)}"#
    }

    /// `POST path` with a `Content-Length` body and the given extra header lines.
    static func post(_ path: String = "/voucher", body: String, contentType: String? = "application/json",
                     headers: [String] = []) -> [UInt8] {
        var head = "POST \(path) HTTP/1.1\r\nHost: test\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        for line in headers { head += line + "\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        return Array((head + body).utf8)
    }

    /// A request without a body.
    static func bare(_ method: String, _ path: String, headers: [String] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
        for line in headers { head += line + "\r\n" }
        return Array((head + "\r\n").utf8)
    }

    /// `POST /voucher` with the body sent in chunks of `chunkSize` bytes.
    static func chunked(body: String, chunkSize: Int) -> [UInt8] {
        var text = "POST /voucher HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        let bytes = Array(body.utf8)
        var start = 0
        while start < bytes.count {
            let piece = bytes[start ..< min(start + chunkSize, bytes.count)]
            text += String(piece.count, radix: 16) + "\r\n" + String(decoding: piece, as: UTF8.self) + "\r\n"
            start += chunkSize
        }
        return Array((text + "0\r\n\r\n").utf8)
    }
}

/// The value of the sample `name` (with its labels, if any, spelled out) on a `/metrics` page.
func metricValue(_ page: String, _ name: String) -> Double? {
    for line in page.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Double(line.dropFirst(name.count + 1))
    }
    return nil
}
