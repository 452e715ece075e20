import Foundation
import Testing
import VoucherSQL
import VoucherTable
import VoucherTestSupport

/// `voucher sql --dialect duckdb` run in DuckDB, then `voucher pack`, against
/// `voucher compile`: every section but the sources byte-identical, on the
/// reference history and on small histories that exercise every rule
/// (Tests/VoucherSQLTests/make_sql_histories.py). A case whose manifest
/// leaves DuckDB out must differ: the test shows where agreement ends.
@Suite struct SQLCountsTests {
    /// Segments other than the default: a single open bucket, bounds beyond
    /// the compiler's bucket maps (2^16), and a segment of each metric twice.
    static let otherSegments = try! SegmentConfiguration(segments: [
        Segment(name: "all", metric: .totalOrders, bucketNames: ["0+"]),
        Segment(name: "days_wide", metric: .daysSinceLastOrder, bucketNames: ["0-0", "1-99999", "100000+"]),
        Segment(name: "orders_fine", metric: .totalOrders, bucketNames: ["0-0", "1-1", "2-3", "4-70000", "70001+"]),
        Segment(name: "it's \"quoted\" \\ ünïcödé", metric: .daysSinceLastOrder, bucketNames: ["0-30", "31+"]),
    ])

    struct Case {
        let name: String
        let history: [String]
        let duckdbAgrees: Bool
    }

    @Test(.enabled(if: SQLTestUtils.duckdbAvailable, SQLTestUtils.skipReason))
    func casesAgreeWithTheCompile() throws {
        let folder = try SharedData.temporaryDirectory("voucher-sql")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SQLTestUtils.python("make_sql_histories.py", [folder.path])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("cases.json"))) as! [[String: Any]]
        let cases = manifest.map { entry in
            Case(name: entry["name"] as! String,
                 history: (entry["history"] as! [String]).map { folder.appendingPathComponent($0).path },
                 duckdbAgrees: (entry["engines"] as! [String]).contains("duckdb"))
        }
        #expect(cases.count >= 6)
        var jobs: [(Case, SegmentConfiguration, SQLTestUtils.Job)] = []
        for (i, c) in cases.enumerated() {
            for (j, segments) in [SegmentConfiguration.standard, Self.otherSegments].enumerated() {
                // Counts as Parquet and as CSV, by turns.
                let counts = folder.appendingPathComponent("\(c.name)-\(j).\((i + j) % 2 == 0 ? "parquet" : "csv")").path
                jobs.append((c, segments, SQLTestUtils.Job(history: c.history, counts: counts, segments: segments)))
            }
        }
        try SQLTestUtils.runDuckDB(jobs.map(\.2), in: folder)
        for (c, segments, job) in jobs {
            let compiled = try SQLTestUtils.compiled(c.history, segments: segments)
            // The same compile spilling from its first row, on 1 and 3 threads.
            for threads in [1, 3] {
                #expect(try SQLTestUtils.compiled(c.history, segments: segments, spillingTo: folder.path, threads: threads) == compiled,
                        "case \(c.name), \(threads) threads, spilling")
            }
            let packed = try SQLTestUtils.packed([job.counts], segments: segments)
            let differing = try SQLTestUtils.differingSections(compiled, packed, in: folder)
            if c.duckdbAgrees {
                #expect(differing == [], "case \(c.name), \(segments == .standard ? "default" : "other") segments")
            } else {
                #expect(differing != [], "case \(c.name) was expected to differ in DuckDB (README, Beyond one machine)")
            }
        }
    }

    @Test(.enabled(if: SQLTestUtils.duckdbAvailable && SharedData.isAvailable, SQLTestUtils.skipReason))
    func referenceHistoryAgreesWithTheCompile() throws {
        let folder = try SharedData.temporaryDirectory("voucher-sql")
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = [SharedData.referenceHistoryPath]
        let counts = folder.appendingPathComponent("counts.parquet").path
        try SQLTestUtils.runDuckDB([SQLTestUtils.Job(history: history, counts: counts, segments: .standard)], in: folder)
        let compiled = try SQLTestUtils.compiled(history, segments: .standard)
        let packed = try SQLTestUtils.packed([counts], segments: .standard)
        #expect(try SQLTestUtils.differingSections(compiled, packed, in: folder) == [])
    }
}
