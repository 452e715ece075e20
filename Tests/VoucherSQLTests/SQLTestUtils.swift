import Foundation
import Testing
@testable import VoucherCompiler
import VoucherHistory
import VoucherSQL
import VoucherTable
import VoucherTestSupport

/// DuckDB in `.venv` (build/setup.sh installs it) and what the SQL tests share.
enum SQLTestUtils {
    /// This folder (the scripts beside the tests).
    static let folder = SharedData.repositoryRoot.appendingPathComponent("Tests/VoucherSQLTests")

    /// Whether the tests that run DuckDB should run: `.venv` has the
    /// `duckdb` module, or `VOUCHER_REQUIRE_SHARED=1` makes its absence a failure.
    static let duckdbAvailable: Bool = {
        let python = VenvTools.tool("python")
        let present = FileManager.default.isExecutableFile(atPath: python)
            && ((try? VenvTools.run(python, ["-c", "import duckdb, pyarrow"]))?.status == 0)
        if !present && !SharedData.isRequired {
            print("note: .venv lacks duckdb or pyarrow; the SQL tests that run DuckDB are skipped (run bash build/setup.sh; set VOUCHER_REQUIRE_SHARED=1 to make this a failure)")
        }
        return present || SharedData.isRequired
    }()

    static let skipReason: Comment = ".venv lacks duckdb (bash build/setup.sh installs it)"

    /// Runs a Python script of this folder with `.venv`'s Python; throws with its output when it fails.
    static func python(_ script: String, _ arguments: [String]) throws {
        let output = try VenvTools.run(VenvTools.tool("python"), [folder.appendingPathComponent(script).path] + arguments)
        guard output.status == 0 else {
            throw ScriptFailure(description: "\(script) failed (status \(output.status)):\n\(output.text)")
        }
    }

    /// A script of this folder failed.
    struct ScriptFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// One DuckDB run of the query of `segments` over a history, into a counts file.
    struct Job {
        let history: [String]
        let counts: String
        let segments: SegmentConfiguration
    }

    /// Runs every job's query in one DuckDB process.
    static func runDuckDB(_ jobs: [Job], in folder: URL) throws {
        var queries: [SegmentConfiguration: String] = [:]
        var list: [[String: Any]] = []
        for job in jobs {
            if queries[job.segments] == nil {
                let path = folder.appendingPathComponent("query\(queries.count).sql").path
                try CountsQuery(segments: job.segments, dialect: .duckdb).text.write(toFile: path, atomically: true, encoding: .utf8)
                queries[job.segments] = path
            }
            list.append(["query": queries[job.segments]!, "history": job.history, "counts": job.counts])
        }
        let jobsPath = folder.appendingPathComponent("jobs.json")
        try JSONSerialization.data(withJSONObject: list).write(to: jobsPath)
        try python("duckdb_counts.py", [jobsPath.path])
    }

    /// `voucher compile`'s table of `history`; with `spillingTo`, its
    /// duplicate check holds two keys and spills the rest there; on `threads` threads.
    static func compiled(_ history: [String], segments: SegmentConfiguration, spillingTo folder: String? = nil,
                         threads: Int = 2) throws -> [UInt8] {
        let compiler = HistoryCompiler(segments: segments, examplesPerReason: 5,
                                       budget: folder.map { DuplicateCheckBudget(keys: 2, directory: $0) },
                                       parallelism: Parallelism(threads: threads))
        for path in history { try compiler.add(path: path) }
        return try TableEncoder.encode(try compiler.finish().contents)
    }

    /// `voucher pack`'s table of counts files.
    static func packed(_ counts: [String], segments: SegmentConfiguration) throws -> [UInt8] {
        let packer = CountsPacker(segments: segments)
        for path in counts { try packer.add(path: path) }
        return try TableEncoder.encode(try packer.finish().contents)
    }

    /// The sections of two tables that differ, by name, but the sources
    /// (which name the history files in one and the counts files in the other).
    static func differingSections(_ a: [UInt8], _ b: [UInt8], in folder: URL) throws -> [String] {
        let pathA = folder.appendingPathComponent("a-\(UUID().uuidString).vtab").path
        let pathB = folder.appendingPathComponent("b-\(UUID().uuidString).vtab").path
        try Data(a).write(to: URL(fileURLWithPath: pathA))
        try Data(b).write(to: URL(fileURLWithPath: pathB))
        let tableA = try VoucherTable(path: pathA), tableB = try VoucherTable(path: pathB)
        return try SectionKind.allCases.filter { $0 != .sources }.filter {
            try tableA.sectionBytes($0) != tableB.sectionBytes($0)
        }.map(\.description)
    }
}
