import Foundation
import Testing
import VoucherTable
import VoucherTestSupport

/// `independent_reader.py`, written from the format article alone, must
/// accept the tables this library writes and give the same answers.
@Suite struct IndependentReaderTests {
    static let script = SharedData.path("Tests/VoucherTableTests/independent_reader.py")

    /// A larger table: many countries (ASCII and not) and a custom segment
    /// with a long bucket map.
    static let larger: TableContents = {
        let names = (0 ..< 300).map { i in i % 7 == 0 ? "Länd \(i) ÉÈ" : "Country \(i)" }
        let custom = try! SegmentConfiguration(segments: SegmentConfiguration.standard.segments + [
            Segment(name: "many_buckets", metric: .totalOrders,
                    bucketNames: (0 ..< 40).map { "\($0 * 25)-\($0 * 25 + 24)" } + ["1000+"]),
        ])
        return TableFixtures.make(countries: names.sorted().enumerated().map { (TableKey.key($1)!, $1, $0 * 13 + 1) },
                                  segments: custom)
    }()

    /// Queries: each country under several spellings, each segment, values around every bucket edge.
    static func queries(_ contents: TableContents) -> [(country: String, segment: Int, value: Int64)] {
        var queries: [(String, Int, Int64)] = []
        for country in contents.countries.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
            for (s, segment) in contents.segments.segments.enumerated() {
                for bucket in segment.buckets {
                    for value in [bucket.lower, bucket.lower + 1, bucket.upper ?? bucket.lower + 12_345] {
                        let spelling = [country.key, country.displayName.uppercased(), " \(country.displayName)\t"][Int(value) % 3]
                        queries.append((spelling, s, value))
                    }
                }
            }
        }
        queries += [("Atlantis", 0, 1), ("peru", 9, 1), ("peru", 0, -1), ("", 1, 0)]
        return queries
    }

    /// Runs the script on `table` with `queries`; its exit status and output lines.
    static func run(table path: String, queries: [(country: String, segment: Int, value: Int64)]) throws -> (Int32, [[String: Any]]) {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("queries.jsonl")
        let lines = try queries.map { query in
            String(decoding: try JSONSerialization.data(withJSONObject: ["country": query.country, "segment": query.segment,
                                                                          "value": query.value]), as: UTF8.self)
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, path]
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = Pipe()
        process.standardOutput = output
        try ProcessLaunch.run(process)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let answers = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        return (process.terminationStatus, answers)
    }

    func compare(_ contents: TableContents, bytes: [UInt8]) throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.vtab").path
        try TableWriter.write(bytes: bytes, to: path)
        let table = try VoucherTable(path: path)
        let queries = Self.queries(contents)
        let (status, answers) = try Self.run(table: path, queries: queries)
        try #require(status == 0 && answers.count == queries.count, "python3 exited \(status) with \(answers.count) lines")
        for (query, answer) in zip(queries, answers) {
            do {
                let swift = try table.lookup(country: query.country, segment: query.segment, metricValue: query.value)
                #expect(answer["amount"] as? Int64 == swift.amount && answer["samples"] as? Int == swift.samples
                        && answer["fallback"] as? Bool == swift.isFallback && answer["bucket"] as? Int == swift.bucket,
                        "\(query): python \(answer), swift \(swift)")
            } catch {
                let names: [VoucherLookupError: String] = [.unknownCountry: "unknown country", .unknownSegment: "unknown segment",
                                                           .negativeMetric: "negative metric"]
                #expect(answer["error"] as? String == names[error], "\(query): python \(answer), swift \(error)")
            }
        }
    }

    @Test func sameAnswersOnTheFixture() throws {
        try compare(TableFixtures.contents, bytes: TableFixtures.bytes)
    }

    @Test func sameAnswersOnALargerTable() throws {
        try compare(Self.larger, bytes: try TableEncoder.encode(Self.larger))
    }

    @Test func theScriptRefusesACorruptTable() throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bad.vtab").path
        var bad = TableFixtures.bytes
        bad[bad.count / 2] ^= 1
        try TableWriter.write(bytes: bad, to: path)
        #expect(try Self.run(table: path, queries: []).0 == 2)
    }
}
