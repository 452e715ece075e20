import Foundation
import Testing
import VoucherHistory
import VoucherTable
import VoucherTestSupport
@testable import VoucherCompiler

/// The duplicate check past its memory budget (``SpilledPart``), and the
/// pass on N threads: the table is byte for byte the one of the check in
/// memory on one thread, whatever the budget and the thread count, and the
/// spill files are gone afterwards.
@Suite struct SpillTests {
    /// Compiles `files` (in-memory histories, re-made for each compile) with
    /// a duplicate check of at most `keys` keys in memory (nil: no bound), and
    /// returns the table's bytes and whether the check spilled.
    static func table(_ files: () -> [any HistoryReader], keys: Int?, threads: Int = 1,
                      directory: URL) throws -> (bytes: [UInt8], spilled: Bool) {
        let compiler = HistoryCompiler(segments: .standard, examplesPerReason: 5,
                                       budget: keys.map { DuplicateCheckBudget(keys: $0, directory: directory.path) },
                                       parallelism: Parallelism(threads: threads))
        for file in files() { try compiler.add(file) }
        let result = try compiler.finish()
        return (try TableEncoder.encode(result.contents), result.spilled)
    }

    /// Three files in batches of 7,000 rows: duplicates within batches,
    /// across batches and across files, spelled in several ways; a row in
    /// 40 fails another check.
    static func generatedHistory() -> [any HistoryReader] {
        var generator = SplitMix(seed: 7)
        let spellings = ["Peru", " peru ", "PERU", "Latvia", "latvia", "China"]
        return (0 ..< 3).map { file in
            let rows = (0 ..< 40_000).map { _ -> [String?] in
                let second = generator.next() % 50_000
                let time = "2018-05-13 \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
                let orders = generator.next() % 4
                let amount = generator.next() % 40 == 0 ? "-1" : ["2640", "4400", "1800"][Int(generator.next() % 3)]
                return goodRow(timestamp: time, country: spellings[Int(generator.next() % 6)], totalOrders: "\(orders)", amount: amount)
            }
            return MemoryHistory("file\(file).csv", rows: rows, batchRows: 7000)
        }
    }

    @Test(arguments: [
        (200, 1), (200, 3),  // spills in the first batch; files larger than a set: split
        (20_000, 2), (20_000, 8),  // spills after a few batches; no file split
        (1_000_000, 8),  // never spills
    ])
    func generatedHistoryGivesTheSameTable(keys: Int, threads: Int) throws {
        let folder = try SharedData.temporaryDirectory("voucher-spill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inMemory = try Self.table(Self.generatedHistory, keys: nil, directory: folder)
        let bounded = try Self.table(Self.generatedHistory, keys: keys, threads: threads, directory: folder)
        #expect(!inMemory.spilled)
        #expect(bounded.spilled == (keys < 100_000))
        #expect(bounded.bytes == inMemory.bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test func aTinyBudgetSplitsEveryFileThreeTimes() throws {
        // Two keys: every spill file with two rows is split, to the last level.
        let folder = try SharedData.temporaryDirectory("voucher-spill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = { () -> [any HistoryReader] in
            let rows = (0 ..< 3000).map { i in goodRow(timestamp: "2018-05-13 10:\(10 + i % 40):\(10 + i % 37)", totalOrders: "\(i % 5)") }
            return [MemoryHistory("a.csv", rows: rows, batchRows: 500), MemoryHistory("b.csv", rows: rows.reversed())]
        }
        let inMemory = try Self.table(files, keys: nil, directory: folder)
        let bounded = try Self.table(files, keys: 2, directory: folder)
        #expect(bounded.spilled)
        #expect(bounded.bytes == inMemory.bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    static let referenceInMemory = Result {
        let compiler = HistoryCompiler(memoryLimit: nil, threads: 1)
        try compiler.add(path: SharedData.referenceHistoryPath)
        return try TableEncoder.encode(try compiler.finish().contents)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipReason),
          arguments: [(1, true), (2, false), (3, true), (8, true), (8, false)])
    func referenceHistoryGivesTheSameTable(threads: Int, bounded: Bool) throws {
        let folder = try SharedData.temporaryDirectory("voucher-spill")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The smallest budget a memory limit gives: 13,107 keys of the 240,257 kept rows.
        let compiler = HistoryCompiler(memoryLimit: bounded ? 1 : nil, temporaryDirectory: folder.path, threads: threads)
        try compiler.add(path: SharedData.referenceHistoryPath)
        let result = try compiler.finish()
        let table = try TableEncoder.encode(result.contents)
        #expect(result.spilled == bounded)
        #expect(table == (try Self.referenceInMemory.get()))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    private static func two(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    @Test func anUnwritableFolderIsAnErrorNamingTheSpillFile() throws {
        let folder = try SharedData.temporaryDirectory("voucher-spill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("not-there").path
        let compiler = HistoryCompiler(memoryLimit: 1, temporaryDirectory: missing)
        let error = try #require(throws: HistoryError.self) {
            for file in Self.generatedHistory() { try compiler.add(file) }
            _ = try compiler.finish()
        }
        #expect(error.code == .io)
        #expect(error.file.hasPrefix(missing + "/part") && error.file.hasSuffix(".spill"))
        #expect(error.description.contains("cannot create the spill file: No such file or directory"))
    }
}
