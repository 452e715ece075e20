import Foundation
import Testing
import VoucherTestSupport

/// `voucher compile --memory-limit --temp-dir`: the table of a compile that
/// spills is the table of one that does not, and the spill folder is gone
/// after success, failure and SIGTERM.
@Suite struct MemoryLimitTests {
    /// A CSV history of `rows` rows, 60,000 distinct ones among them (more
    /// than the 13,107 keys the smallest budget holds: a 1M limit spills).
    static func history(rows: Int, in folder: URL) throws -> String {
        var text = "timestamp,country_code,last_order_ts,first_order_ts,total_orders,voucher_amount\n"
        for i in 0 ..< rows {
            let second = i % 60_000
            text += "2018-05-13 \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)),\(["Peru", " peru", "Latvia"][i % 3]),"
                + "2018-05-0\(1 + i % 9),2017-05-03,\(i % 7),\(["2640", "4400"][i % 2])\n"
        }
        let path = folder.appendingPathComponent("history-\(rows).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Calls `body` with a fresh folder, a history of `rows` rows in it and an empty spill folder.
    static func withHistory(rows: Int, _ body: (_ folder: URL, _ history: String, _ spill: URL) throws -> Void) throws {
        let folder = try SharedData.temporaryDirectory("voucher-memory")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spill = folder.appendingPathComponent("spill")
        try FileManager.default.createDirectory(at: spill, withIntermediateDirectories: true)
        try body(folder, try history(rows: rows, in: folder), spill)
    }

    @Test func aSpillingCompileWritesTheSameTable() throws { try Self.withHistory(rows: 100_000) { folder, history, spill in
        let plain = folder.appendingPathComponent("plain.vtab").path, bounded = folder.appendingPathComponent("bounded.vtab").path
        let first = try CLI.run(["compile", history, "-o", plain])
        let second = try CLI.run(["compile", history, "-o", bounded, "--memory-limit", "1M", "--temp-dir", spill.path])
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(second.stdout.contains("duplicate check spilled to disk (memory limit 1.0 MiB)"))
        #expect(!first.stdout.contains("spilled"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: bounded)) == Data(contentsOf: URL(fileURLWithPath: plain)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill.path) == [])
    } }

    @Test func badSizesAndFoldersAreNamed() throws {
        let folder = try SharedData.temporaryDirectory("voucher-memory")
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try Self.history(rows: 10, in: folder)
        let table = folder.appendingPathComponent("t.vtab").path
        for size in ["5X", "0", "-1M", "M", "1.5G"] {
            let out = try CLI.run(["compile", history, "-o", table, "--memory-limit", size])
            #expect(out.status == 64)
            #expect(out.stderr.contains("'--memory-limit' needs a size in bytes such as 512M, 2G or 1048576, not '\(size)'"))
        }
        for size in ["512M", "512MiB", "2g", "1048576", "64KB"] {
            #expect(try CLI.run(["compile", history, "-o", table, "--memory-limit", size]).status == 0, "\(size)")
        }
        let missing = folder.appendingPathComponent("none").path
        let out = try CLI.run(["compile", history, "-o", table, "--temp-dir", missing])
        #expect(out.status == 1)
        #expect(out.stderr.contains("\(missing): cannot make a temporary folder for the compile (--temp-dir): No such file or directory"))
    }

    @Test func sigtermRemovesTheSpillFolder() throws { try Self.withHistory(rows: 200_000) { folder, history, spill in
        let process = Process()
        process.executableURL = CLI.executable
        // The same file many times: the compile spills early and runs for seconds.
        process.arguments = ["compile"] + Array(repeating: history, count: 30)
            + ["-o", folder.appendingPathComponent("t.vtab").path, "--memory-limit", "1M", "--temp-dir", spill.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func spillFiles() -> [String] {
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: spill.path)) ?? []
            return folders.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: spill.appendingPathComponent($0).path)) ?? [] }
        }
        let deadline = Date().addingTimeInterval(60)
        while spillFiles().isEmpty && process.isRunning && Date() < deadline { usleep(2000) }
        #expect(!spillFiles().isEmpty, "spill files appear while the compile runs")
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 128 + SIGTERM)
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill.path) == [])
    } }
}
