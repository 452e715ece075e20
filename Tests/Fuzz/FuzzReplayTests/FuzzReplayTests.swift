import Foundation
import FuzzHarness
import Testing

/// Every committed corpus input and every past crasher, run through its
/// fuzz target's property: a regression test for what the fuzzers found.
/// A violated property traps, which fails the run.
@Suite struct FuzzReplayTests {
    /// `Tests/Fuzz`, from this file's path.
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The regular files in `Tests/Fuzz/<kind>/<corpus>/`, sorted; none when the folder is missing.
    static func inputs(_ kind: String, _ corpus: String) throws -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(corpus)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: FuzzTarget.allCases)
    func replaysCorpusAndCrashers(_ target: FuzzTarget) throws {
        let corpus = try Self.inputs("Corpus", target.corpus)
        let crashers = try Self.inputs("Crashers", target.corpus)
        #expect(corpus.count >= 5, "the \(target.corpus) corpus has \(corpus.count) inputs")
        for file in corpus + crashers {
            let data = try Data(contentsOf: file)
            data.withUnsafeBytes { target.run($0) }
        }
    }
}

/// The table target's repair keeps a valid table as it is (so the seed
/// corpus's valid tables reach the lookups under both table targets), and
/// makes any input a file with the magic, 8-byte aligned, of the length it declares.
@Suite struct TableRepairTests {
    @Test func keepsAValidTable() throws {
        let golden = FuzzReplayTests.fuzzFolder.appendingPathComponent("Corpus/table/golden.vtab")
        let bytes = [UInt8](try Data(contentsOf: golden))
        #expect(TableFuzz.repaired(bytes) == bytes)
    }

    @Test(arguments: [0, 1, 100, 240, 1000])
    func makesAnyInputALaidOutFile(length: Int) {
        let input = (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let file = TableFuzz.repaired(input)
        #expect(file.count % 8 == 0)
        #expect(Array(file.prefix(8)) == [0x89, 0x56, 0x54, 0x41, 0x42, 0x0D, 0x0A, 0x1A])
        let declared = file[16 ..< 24].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(declared == file.count)
    }
}
