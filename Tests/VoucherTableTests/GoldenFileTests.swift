import Foundation
import Testing
import VoucherTable

/// The checked-in table `Fixtures/golden.vtab`, written from
/// ``TableFixtures/contents``. Run with `VOUCHER_UPDATE_GOLDEN=1` to
/// rewrite it after a deliberate format change (which also bumps the
/// format version). A libzstd upgrade that changes its level-19 output
/// also shows here: the hot section and header would then still match.
@Suite(.serialized) struct GoldenFileTests {
    static let path = TableFixtures.goldenPath

    @Test func encodingStillGivesTheGoldenBytes() throws {
        if ProcessInfo.processInfo.environment["VOUCHER_UPDATE_GOLDEN"] == "1" {
            try TableWriter.write(TableFixtures.contents, to: Self.path)
        }
        let golden = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path)))
        #expect(golden == TableFixtures.bytes, "encoding changed: bump the format version or rerun with VOUCHER_UPDATE_GOLDEN=1")
    }

    /// Answers read by hand from the fixture's formula, not from the code under test.
    static let answers: [(country: String, segment: Int, value: Int64, amount: Int64, samples: Int, fallback: Bool)] = [
        ("Peru", 0, 3, 2500, 13, false),
        ("PERU ", 0, 20, 1000, 10, false),
        ("peru", 1, 200, 500, 3, false),
        ("peru", 1, 45, 4000, 15, false),
        ("China", 0, 0, 4500, 12, false),
        ("china", 0, 100, 500, 3, false),
        ("china", 1, 91, 4500, 0, true),
        ("Latvia", 0, 13, 4000, 15, false),
        ("latvia", 1, 120, 1500, 0, true),
        ("ÖSTERREICH", 0, 38, 2000, 14, false),
        ("österreich", 1, 30, 2000, 0, true),
        ("Österreich", 1, 1000, 2000, 0, true)
    ]

    @Test func theGoldenFileAnswers() throws {
        let table = try VoucherTable(path: Self.path)
        #expect(try table.contents() == TableFixtures.contents)
        for answer in Self.answers {
            let got = try table.lookup(country: answer.country, segment: answer.segment, metricValue: answer.value)
            #expect(got.amount == answer.amount && got.samples == answer.samples && got.isFallback == answer.fallback,
                    "\(answer)")
        }
    }
}
