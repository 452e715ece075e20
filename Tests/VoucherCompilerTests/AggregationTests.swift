import Foundation
import Testing
import VoucherCompiler
import VoucherTable
import VoucherTestSupport

/// behaviour §3–§4: buckets, ties, fallbacks, countries.
@Suite struct AggregationTests {
    @Test func tiesGoToTheSmallerAmount() throws {
        let result = try compile([
            goodRow(timestamp: "2018-05-13 10:00:01", amount: "4400"),
            goodRow(timestamp: "2018-05-13 10:00:02", amount: "4400"),
            goodRow(timestamp: "2018-05-13 10:00:03", amount: "2200"),
            goodRow(timestamp: "2018-05-13 10:00:04", amount: "2200"),
            goodRow(timestamp: "2018-05-13 10:00:05", totalOrders: "20", amount: "8800"),
        ])
        let entry = try #require(result.entry("peru", "frequent_segment", "0-4"))
        #expect(entry.amount == 2200)
        #expect(entry.samples == 4)
        #expect(!entry.isFallback)
    }

    @Test func emptyBucketFallsBackToTheCountrysMostUsedAmount() throws {
        let result = try compile([
            goodRow(timestamp: "2018-05-13 10:00:01", amount: "100"),
            goodRow(timestamp: "2018-05-13 10:00:02", totalOrders: "40", amount: "300"),
            goodRow(timestamp: "2018-05-13 10:00:03", totalOrders: "41", amount: "300"),
        ])
        let entry = try #require(result.entry("peru", "frequent_segment", "5-13"))
        #expect(entry == TableEntry(amount: 300, samples: 0, isFallback: true, histogram: AmountHistogram()))
        #expect(result.entry("peru", "frequent_segment", "38+")?.samples == 2)
    }

    static let orderEdges: [(String, String)] = [
        ("0", "0-4"), ("4", "0-4"), ("5", "5-13"), ("13", "5-13"), ("14", "14-37"), ("37", "14-37"),
        ("38", "38+"), ("100000", "38+"),
    ]

    @Test(arguments: orderEdges)
    func totalOrdersBucketEdges(_ orders: String, _ bucket: String) throws {
        let result = try compile([goodRow(totalOrders: orders)])
        #expect(result.entry("peru", "frequent_segment", bucket)?.samples == 1)
    }

    /// Buckets are found through a dense map per segment (one byte per
    /// value below the open bucket); bounds too large for one are searched
    /// instead. Both give behaviour §3's buckets, on either side of each edge.
    @Test(arguments: [("0", "0-4"), ("4", "0-4"), ("5", "5-99999"), ("99999", "5-99999"),
                      ("100000", "100000-9999999"), ("9999999", "100000-9999999"), ("10000000", "10000000+")])
    func bucketsBeyondADenseMap(_ orders: String, _ bucket: String) throws {
        let segments = try SegmentConfiguration(segments: [
            Segment(name: "small", metric: .totalOrders, bucketNames: ["0-4", "5-99999", "100000-9999999", "10000000+"]),
            Segment(name: "mapped", metric: .totalOrders, bucketNames: ["0-4", "5+"]),
        ])
        let result = try compile([goodRow(totalOrders: orders)], segments: segments)
        #expect(result.entry("peru", "small", bucket)?.samples == 1)
        #expect(result.entry("peru", "mapped", orders.count == 1 && orders < "5" ? "0-4" : "5+")?.samples == 1)
    }

    static let dayEdges: [(String, String, String)] = [
        // last order, voucher time, bucket: whole days rounded down, times of day count.
        ("2018-01-01 12:00:00", "2018-01-01 12:00:00", "0-30"),
        ("2018-01-01 12:00:00", "2018-01-31 11:59:59", "0-30"),  // 29.99 days
        ("2018-01-01 12:00:00", "2018-02-01 11:59:59", "0-30"),  // 30.99 days
        ("2018-01-01 12:00:00", "2018-02-01 12:00:00", "31-60"),  // 31 days
        ("2018-01-01 12:00:00", "2018-03-03 11:59:59", "31-60"),  // 60.99 days
        ("2018-01-01 12:00:00", "2018-03-03 12:00:00", "61-90"),
        ("2018-01-01", "2018-07-01", "181+"),
        ("2018-01-01T00:00:00+05:00", "2018-01-31T19:00:00Z", "31-60"),  // 2017-12-31 19:00Z → 31 days
    ]

    @Test(arguments: dayEdges)
    func recencyBucketEdges(_ lastOrder: String, _ timestamp: String, _ bucket: String) throws {
        let result = try compile([goodRow(timestamp: timestamp, lastOrder: lastOrder, firstOrder: "2017-01-01")])
        #expect(result.kept == 1)
        #expect(result.entry("peru", "recency_segment", bucket)?.samples == 1)
    }

    @Test func countrySpellingsAreOneCountry() throws {
        let result = try compile([
            goodRow(timestamp: "2018-05-13 10:00:01", country: "Peru"),
            goodRow(timestamp: "2018-05-13 10:00:02", country: " peru "),
            goodRow(timestamp: "2018-05-13 10:00:03", country: "PERU"),
            goodRow(timestamp: "2018-05-13 10:00:04", country: "PERU\t"),
            goodRow(timestamp: "2018-05-13 10:00:05", country: "Latvia"),
        ])
        #expect(result.contents.countries.map(\.key) == ["latvia", "peru"])
        #expect(result.contents.countries.map(\.displayName) == ["Latvia", "PERU"])
        #expect(result.contents.countries.map(\.keptRows) == [1, 4])
    }

    @Test func displayNameTiesGoToTheSmallestInByteOrder() throws {
        let result = try compile([
            goodRow(timestamp: "2018-05-13 10:00:01", country: "peru"),
            goodRow(timestamp: "2018-05-13 10:00:02", country: "Peru"),
        ])
        #expect(result.contents.countries.first?.displayName == "Peru")  // "P" (0x50) < "p" (0x70)
    }

    @Test func severalFilesMakeOneTable() throws {
        let result = try compile(
            [goodRow(timestamp: "2018-05-13 10:00:01"), goodRow(timestamp: "2018-05-13 10:00:02", country: "China")],
            [goodRow(timestamp: "2018-05-13 10:00:01"), goodRow(timestamp: "2018-05-13 10:00:03")])
        #expect(result.rowsRead == 4)
        #expect(result.dropped(.duplicate) == 1)  // duplicates are found across files
        #expect(result.contents.countries.map(\.keptRows) == [1, 2])
    }

    @Test func invalidSegmentConfigurationNamesTheBucket() throws {
        let dir = try SharedData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String)] = [
            (#"["0-4", "6-13", "14+"]"#, "bucket '6-13' leaves a gap"),
            (#"["0-4", "4-13", "14+"]"#, "bucket '4-13' overlaps"),
            (#"["1-4", "5+"]"#, "bucket '1-4' must start at 0"),
            (#"["0-4", "5-13"]"#, "the last bucket '5-13' must be open"),
            (#"["0-4", "5+", "9+"]"#, "bucket '5+' is open but is not the last one"),
            (#"["0-4", "five+"]"#, "bucket 'five+' is not of the form"),
            // The table file's limits, refused on reading, not after a whole compile.
            (#"["0-4", "5-16777216", "16777217+"]"#, "the open bucket '16777217+' starts over the limit of 16777216"),
            ("[" + ((0 ..< 256).map { #""\#($0)-\#($0)""# } + [#""256+""#]).joined(separator: ", ") + "]",
             "has 257 buckets, over the limit of 256"),
        ]
        for (buckets, message) in cases {
            let path = dir.appendingPathComponent("segments.json").path
            try #"{"segments": [{"name": "frequent_segment", "metric": "total_orders", "buckets": \#(buckets)}]}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            #expect { try SegmentConfiguration.load(path: path) } throws: { error in
                "\(error)".contains(message) && "\(error)".contains("segments.json")
            }
        }
    }

    @Test func defaultConfigurationFileIsTheStandardOne() throws {
        let loaded = try SegmentConfiguration.load(path: SharedData.path("artifacts/segments.json"))
        #expect(loaded == SegmentConfiguration.standard)
    }
}
