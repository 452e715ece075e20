import Testing
import VoucherTestSupport
import VoucherCompiler
import VoucherHistory
import VoucherTable

/// behaviour §2: each row fails exactly the check named, and is counted under it.
@Suite struct CleaningTests {
    /// The times a Parquet reader parsed are used as they are: its mark for
    /// text that is not a time must be the compiler's for a missing time.
    @Test func readerAndCompilerMarkNoTimeAlike() {
        #expect(ParsedBatch.noTime == TimeTextParser.notATime)
    }

    static let cases: [(String, [String?], DropReason?)] = [
        ("kept", goodRow(), nil),
        ("amount null", goodRow(amount: nil), .voucherAmount),
        ("amount NaN", goodRow(amount: "NaN"), .voucherAmount),
        ("amount negative", goodRow(amount: "-5"), .voucherAmount),
        ("amount fraction", goodRow(amount: "2640.5"), .voucherAmount),
        ("amount text", goodRow(amount: "lots"), .voucherAmount),
        ("amount empty", goodRow(amount: ""), .voucherAmount),
        ("orders null", goodRow(totalOrders: nil), .totalOrders),
        ("orders empty", goodRow(totalOrders: ""), .totalOrders),
        ("orders not a number", goodRow(totalOrders: "three"), .totalOrders),
        ("orders negative", goodRow(totalOrders: "-1"), .totalOrders),
        ("orders fraction", goodRow(totalOrders: "3.5"), .totalOrders),
        ("orders hex", goodRow(totalOrders: "0x10"), .totalOrders),
        ("country null", goodRow(country: nil), .countryCode),
        ("country blank", goodRow(country: " \t "), .countryCode),
        ("timestamp bad", goodRow(timestamp: "yesterday"), .unparseableTime),
        ("last order null", goodRow(lastOrder: nil), .unparseableTime),
        ("first order impossible date", goodRow(firstOrder: "2017-02-30"), .unparseableTime),
        ("first after last", goodRow(firstOrder: "2018-05-04"), .firstAfterLast),
        ("last order after voucher", goodRow(timestamp: "2018-05-02 23:59:59"), .voucherBeforeLastOrder),
        // Order between checks: the first failing one wins.
        ("amount before orders", goodRow(totalOrders: "", amount: nil), .voucherAmount),
        ("orders before country", goodRow(country: "", totalOrders: "x"), .totalOrders),
        ("country before time", goodRow(timestamp: "bad", country: " "), .countryCode),
        ("time before order of times", goodRow(timestamp: "bad", firstOrder: "2019-01-01"), .unparseableTime),
        ("first-after-last before voucher-before-last", goodRow(timestamp: "2018-05-01", firstOrder: "2018-05-04"), .firstAfterLast),
    ]

    @Test(arguments: cases)
    func eachReason(_ name: String, _ row: [String?], _ reason: DropReason?) throws {
        let result = try compile([row])
        var expected = [Int](repeating: 0, count: DropReason.allCases.count)
        if let reason { expected[reason.rawValue] = 1 }
        #expect(result.dropCounts == expected, "\(name)")
        #expect(result.kept == (reason == nil ? 1 : 0))
        #expect(result.rowsRead == 1)
    }

    @Test func wholeNumbersInEverySpelling() throws {
        for spelling in ["3", "3.0", " 3 ", "+3", "3.000", "3e0", "0.3e1"] {
            let result = try compile([goodRow(totalOrders: spelling)])
            #expect(result.kept == 1, "'\(spelling)' is a whole number: \(result.dropCounts)")
            #expect(result.entry("peru", "frequent_segment", "0-4")?.samples == 1)
        }
    }

    @Test func duplicatesCompareParsedValues() throws {
        let result = try compile([
            goodRow(totalOrders: "3", amount: "2640"),
            goodRow(totalOrders: "3.0", amount: "2640.0"),  // same numbers
            goodRow(country: " PERU "),  // same country key
            goodRow(timestamp: "2018-05-13T12:00:00+02:00"),  // same instant
            goodRow(timestamp: "2018-05-13 10:00:00.000001"),  // a different instant
        ])
        #expect(result.dropped(.duplicate) == 3)
        #expect(result.kept == 2)
    }

    /// The duplicate check keeps the current batch's keys as rows of that
    /// batch and copies them out when the next begins; the slot table grows
    /// for each file while the keys of the file before are still rows. Equal
    /// rows in other files, in other spellings, are duplicates all the same.
    @Test func duplicatesAcrossFilesAndBatches() throws {
        func row(_ n: Int, spelling: Bool = false) -> [String?] {
            let seconds = String(n % 60), minutes = String(n / 60 % 60), hours = String(n / 3600)
            func two(_ s: String) -> String { s.count == 1 ? "0" + s : s }
            return goodRow(timestamp: "2018-05-13 \(two(hours)):\(two(minutes)):\(two(seconds))",
                           country: spelling ? " peru" : "Peru", totalOrders: spelling ? "\(n % 9).0" : "\(n % 9)")
        }
        let first = (0 ..< 6_000).map { row($0) }
        let second = (3_000 ..< 9_000).map { row($0, spelling: true) }  // 3,000 repeat the first file
        let third = (0 ..< 12_000).filter { $0 % 2 == 0 }.map { row($0) } + [row(11_999), row(11_999)]
        let result = try compile(first, second, third)
        // Distinct: 0 ..< 9,000 from the first two files, then the even 9,000 ..< 12,000 and 11,999.
        #expect(result.kept == 9_000 + 1_500 + 1)
        #expect(result.dropped(.duplicate) == 3_000 + 4_500 + 1)
        #expect(result.rowsRead == 6_000 + 6_000 + 6_002)
    }

    @Test func examplesKeepTheRowAsRead() throws {
        let rows = (0 ..< 8).map { _ in goodRow(amount: "-1") }
        let result = try compile(rows)
        let examples = result.examples[DropReason.voucherAmount.rawValue]
        #expect(examples.count == 5)
        #expect(examples.first?.values == ["2018-05-13 10:00:00", "Peru", "2018-05-03 00:00:00", "2017-05-03 00:00:00", "3", "-1"])
        #expect(examples.map(\.row) == [0, 1, 2, 3, 4])
        #expect(examples.first?.file == "file0.csv")
    }

    @Test func missingColumnIsNamed() throws {
        let compiler = HistoryCompiler()
        let reader = MemoryHistory(rows: [], names: ["timestamp", "country_code", "last_order_ts", "first_order_ts", "voucher_amount"])
        #expect { try compiler.add(reader) } throws: { "\($0)".contains("missing column 'total_orders'") }
    }
}
