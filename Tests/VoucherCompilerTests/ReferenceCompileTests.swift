import Testing
import VoucherCompiler
import VoucherTable
import VoucherTestSupport

/// Issue 3's acceptance figures, on the reference history.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
struct ReferenceCompileTests {
    static let result: Result<CompileResult, any Error> = Result {
        let compiler = HistoryCompiler()
        try compiler.add(path: SharedData.referenceHistoryPath)
        return try compiler.finish()
    }

    @Test func cleaningSummary() throws {
        let result = try Self.result.get()
        #expect(result.rowsRead == 285_570)
        #expect(result.kept == 240_257)
        #expect(result.dropCounts == [1_731, 22_711, 0, 0, 0, 20_861, 10])
        #expect(result.contents.countries.map(\.displayName) == ["Australia", "China", "Latvia", "Peru"])
        #expect(result.contents.sources.map(\.name) == ["voucher_history.parquet.gzip"])
        #expect(result.contents.sources.first?.size == 2_854_969)
    }

    static let entries: [(String, String, String, Int64, Int, Bool)] = [
        ("peru", "frequent_segment", "0-4", 2640, 16_288, false),
        ("latvia", "frequent_segment", "0-4", 13200, -1, false),
        ("latvia", "frequent_segment", "5-13", 4400, -1, false),
        ("latvia", "recency_segment", "91-120", 13200, -1, false),
        ("australia", "recency_segment", "0-30", 5720, 380, false),
        ("peru", "recency_segment", "61-90", 2640, 0, true),
    ]

    @Test(arguments: entries)
    func entry(_ country: String, _ segment: String, _ bucket: String, _ amount: Int64, _ samples: Int, _ fallback: Bool) throws {
        let entry = try #require(try Self.result.get().entry(country, segment, bucket))
        #expect(entry.amount == amount)
        if samples >= 0 { #expect(entry.samples == samples) }
        #expect(entry.isFallback == fallback)
    }
}
