import Foundation
import Testing
import VoucherCompiler
import VoucherTable
import VoucherTestSupport

/// `voucher pack` on hand-written counts: what it makes of them, and the
/// counts it refuses (each error names the file, the row and the column).
@Suite struct CountsPackerTests {
    static let header = "kind,name,country,bucket,amount,row_count\n"

    /// Counts of 5 rows read: 3 kept of Peru (spellings Peru ×2, PERU ×1), 1 dropped per two reasons.
    static let valid = """
        read,,,,,5
        dropped,voucher_amount,,,,1
        dropped,duplicate,,,,1
        spelling,Peru,peru,,,2
        spelling,PERU,peru,,,1
        entry,frequent_segment,peru,0-4,2640,2
        entry,frequent_segment,peru,38+,1000,1
        entry,recency_segment,peru,31-60,1000,2
        entry,recency_segment,peru,31-60,2640,1

        """

    func pack(_ body: String) throws -> CompileResult {
        let folder = try SharedData.temporaryDirectory("voucher-pack")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counts.csv").path
        try (Self.header + body).write(toFile: path, atomically: true, encoding: .utf8)
        let packer = CountsPacker()
        try packer.add(path: path)
        return try packer.finish()
    }

    @Test func packsCountsIntoEntriesWithTiesAndFallbacks() throws {
        let result = try pack(Self.valid)
        #expect(result.rowsRead == 5 && result.kept == 3 && result.dropped(.voucherAmount) == 1 && result.dropped(.duplicate) == 1)
        let table = try VoucherTable(bytes: try TableEncoder.encode(result.contents))
        let contents = try table.contents()
        #expect(contents.countries.map(\.key) == ["peru"])
        let peru = contents.countries[0]
        #expect(peru.displayName == "Peru")
        // Overall (counted once, with the first segment): 2640 twice, 1000 once.
        #expect(peru.amounts == AmountHistogram(amounts: [1000, 2640], counts: [1, 2]))
        #expect(peru.entries[0].map(\.amount) == [2640, 2640, 2640, 1000])
        #expect(peru.entries[0].map(\.isFallback) == [false, true, true, false])
        #expect(peru.entries[1].map(\.amount) == [2640, 1000, 2640, 2640, 2640, 2640])
        #expect(peru.entries[1].map(\.samples) == [0, 3, 0, 0, 0, 0])
    }

    @Test(arguments: [
        ("bogus,,,,,1\n", "column 'kind'"),
        ("dropped,late,,,,1\n", "'late' is not a drop reason"),
        ("spelling,İstanbul,istanbul,,,1\n", "the engine lower-cases otherwise"),
        ("spelling, Peru,peru,,,1\n", "not trimmed"),
        ("entry,no_such_segment,peru,0-4,1,1\n", "'no_such_segment' is not a segment"),
        ("entry,frequent_segment,peru,0-5,1,1\n", "'0-5' is not a bucket of segment 'frequent_segment'"),
        ("read,,,,,x\n", "column 'row_count': expected a whole number"),
        ("read,,,,,-1\n", "a negative count"),
    ])
    func refusesARowThatIsNotACount(row: String, message: String) throws {
        let error = try #require(throws: CountsError.self) { try pack(row) }
        #expect(error.description.contains("counts.csv: row 0"))
        #expect(error.description.contains(message), "\(error)")
    }

    @Test(arguments: [
        ("read,,,,,1\nspelling,Peru,peru,,,1\nentry,frequent_segment,peru,0-4,1,1\n", "segment 'recency_segment' counts 0 rows, its spellings 1"),
        ("read,,,,,2\nspelling,Peru,peru,,,1\nentry,frequent_segment,peru,0-4,1,1\nentry,recency_segment,peru,0-30,1,1\n",
         "1 kept and 0 dropped rows do not make the 2 rows read"),
        ("read,,,,,1\nentry,frequent_segment,chile,0-4,1,1\n", "the country 'chile' has entries but no kept spellings"),
    ])
    func refusesCountsThatDoNotAddUp(body: String, message: String) throws {
        let error = try #require(throws: CountsError.self) { try pack(body) }
        #expect(error.description.contains(message), "\(error)")
    }
}
