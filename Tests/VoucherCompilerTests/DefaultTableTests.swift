import Foundation
import Testing
import VoucherCompiler
import VoucherTable
import VoucherTestSupport

/// The committed default table is what the reference history compiles to.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
struct DefaultTableTests {
    @Test func compilingTheReferenceHistoryReproducesTheDefaultTableByteForByte() throws {
        let compiler = HistoryCompiler(segments: try SegmentConfiguration.load(path: SharedData.path("artifacts/segments.json")))
        try compiler.add(path: SharedData.referenceHistoryPath)
        let encoded = try TableEncoder.encode(try compiler.finish().contents)
        let committed = try Data(contentsOf: URL(fileURLWithPath: SharedData.path("artifacts/vouchers.vtab")))
        #expect(encoded == [UInt8](committed), "artifacts/vouchers.vtab is stale: run build/compile-default.sh")
    }

    @Test func theDefaultTableAnswersTheSpecExample() throws {
        let table = try VoucherTable(path: SharedData.path("artifacts/vouchers.vtab"))
        let answer = try table.lookup(country: "Peru", segment: "frequent_segment", totalOrders: 3)
        #expect(answer.amount == 2640)
        #expect(try table.lookup(country: " peru ", segment: "frequent_segment", totalOrders: 3).amount == 2640)
    }
}
