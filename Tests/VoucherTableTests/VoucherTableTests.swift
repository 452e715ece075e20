import Foundation
import Testing
import VoucherTable
import VoucherTestSupport

/// Round trip, determinism and every lookup of the fixture table.
@Suite struct VoucherTableTests {
    let contents = TableFixtures.contents
    let table = TableFixtures.table

    @Test func roundTripFromMemory() throws {
        #expect(try table.contents() == contents)
    }

    @Test func roundTripThroughAFile() throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.vtab").path
        try TableWriter.write(contents, to: path)
        let opened = try VoucherTable(path: path)
        #expect(try opened.contents() == contents)
        #expect(opened.path == path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(TableFixtures.bytes))
    }

    @Test func encodingIsDeterministic() throws {
        #expect(try TableEncoder.encode(contents) == TableEncoder.encode(contents))
        let rebuilt = TableFixtures.make(countries: [
            ("china", "China", 11), ("latvia", "Latvia", 23), ("peru", "Peru", 37), ("österreich", "Österreich", 5),
        ])
        #expect(try TableEncoder.encode(rebuilt) == TableFixtures.bytes)
    }

    @Test func segmentsAndBuckets() {
        #expect(table.segmentNames == ["frequent_segment", "recency_segment"])
        #expect(table.segmentIndex(named: "frequent_segment") == 0)
        #expect(table.segmentIndex(named: "recency_segment"[...]) == 1)
        #expect(table.segmentIndex(named: "Frequent_segment") == nil)
        #expect(table.segmentIndex(named: "") == nil)
        #expect(Array("recency_segment".utf8).withUnsafeBufferPointer { table.segmentIndex(utf8: $0) } == 1)
        #expect(Array("recency_segmenT".utf8).withUnsafeBufferPointer { table.segmentIndex(utf8: $0) } == nil)
        #expect(Array("recency_segment ".utf8).withUnsafeBufferPointer { table.segmentIndex(utf8: $0) } == nil)
        #expect(table.metric(ofSegment: 0) == .totalOrders)
        #expect(table.metric(ofSegment: 1) == .daysSinceLastOrder)
        #expect(table.bucketCount(ofSegment: 1) == 6)
        #expect(table.bucketName(segment: 0, bucket: 3) == "38+")
        #expect(table.bucketName(segment: 1, bucket: 4) == "121-180")
        #expect(table.countryCount == 4)
        #expect(table.countryKeys == ["china", "latvia", "peru", "österreich"])
    }

    /// Every (country, segment, bucket) at both edges of the bucket, under
    /// several spellings of the country.
    @Test func everyEntryAtBucketEdges() throws {
        for (c, country) in contents.countries.enumerated() {
            let spellings = [country.key, country.displayName, country.displayName.uppercased(), "  \(country.displayName)\t",
                             "\n\(country.key.uppercased()) "]
            for (s, segment) in contents.segments.segments.enumerated() {
                for (b, bucket) in segment.buckets.enumerated() {
                    let entry = country.entries[s][b]
                    let perCountry = contents.segments.segments.reduce(0) { $0 + $1.buckets.count }
                    let earlier = contents.segments.segments[..<s].reduce(0) { $0 + $1.buckets.count }
                    let expected = VoucherLookup(amount: entry.amount, segment: s, bucket: b, samples: entry.samples,
                                                 isFallback: entry.isFallback, entry: c * perCountry + earlier + b)
                    let values = [bucket.lower, bucket.upper ?? Int64.max, bucket.upper.map { ($0 + bucket.lower) / 2 } ?? bucket.lower + 1_000_000]
                    for spelling in spellings {
                        for value in values {
                            #expect(try table.lookup(country: spelling, segment: s, metricValue: value) == expected,
                                    "\(spelling) \(segment.name) \(value) (country \(c))")
                        }
                    }
                }
            }
        }
    }

    @Test func unicodeCountryKeys() throws {
        let expected = contents.countries[3].entries[0][0].amount
        for spelling in ["ÖSTERREICH", "Österreich", " österreich\u{00A0}", "\u{2003}ÖsterReich"] {
            #expect(try table.lookup(country: spelling, segment: 0, metricValue: 0).amount == expected, "\(spelling)")
        }
        #expect(throws: VoucherLookupError.unknownCountry) { try table.lookup(country: "osterreich", segment: 0, metricValue: 0) }
    }

    @Test func substringsAndNonContiguousText() throws {
        let line = "xx Peru yy"
        let country = line.dropFirst(2).dropLast(3)
        #expect(try table.lookup(country: country, segment: 0, metricValue: 5).amount == contents.countries[2].entries[0][1].amount)
    }

    @Test func errorsInTheirOrder() {
        #expect(throws: VoucherLookupError.unknownCountry) { try table.lookup(country: "Atlantis", segment: 0, metricValue: 1) }
        #expect(throws: VoucherLookupError.unknownCountry) { try table.lookup(country: "   ", segment: 0, metricValue: 1) }
        #expect(throws: VoucherLookupError.unknownCountry) { try table.lookup(country: "peru peru", segment: 0, metricValue: 1) }
        #expect(throws: VoucherLookupError.unknownSegment) { try table.lookup(country: "Peru", segment: 2, metricValue: 1) }
        #expect(throws: VoucherLookupError.unknownSegment) { try table.lookup(country: "Atlantis", segment: -1, metricValue: -1) }
        #expect(throws: VoucherLookupError.negativeMetric) { try table.lookup(country: "Peru", segment: 0, metricValue: -1) }
        #expect(throws: VoucherLookupError.negativeMetric) { try table.lookup(country: "Atlantis", segment: 1, metricValue: Int64.min) }
        #expect(throws: VoucherLookupError.unknownSegment) { try table.lookup(country: "Peru", segment: "nope", totalOrders: 1) }
        #expect(throws: VoucherLookupError.metricMismatch) { try table.lookup(country: "Peru", segment: "recency_segment", totalOrders: 1) }
        #expect(throws: VoucherLookupError.metricMismatch) {
            try table.lookup(country: "Peru", segment: "frequent_segment", lastOrder: 0, reference: 0)
        }
        #expect(throws: VoucherLookupError.lastOrderAfterReference) {
            try table.lookup(country: "Peru", segment: "recency_segment", lastOrder: 1, reference: 0)
        }
        #expect(VoucherLookupError.unknownCountry.description == "unknown country")
    }

    static let day: Int64 = 86_400_000_000_000
    /// (nanoseconds from last order to reference, expected bucket of recency_segment)
    static let recencyCases: [(Int64, Int)] = [
        (0, 0), (30 * day + day - 1, 0), (31 * day, 1), (60 * day, 1), (61 * day - 1, 1), (180 * day, 4),
        (181 * day, 5), (Int64.max, 5),
    ]

    @Test(arguments: recencyCases)
    func recencyFromTimes(elapsed: Int64, bucket: Int) throws {
        let lastOrder: Int64 = elapsed == Int64.max ? Int64.min : 1_525_305_600_000_000_000
        let reference = elapsed == Int64.max ? Int64.max : lastOrder + elapsed
        let answer = try table.lookup(country: "peru", segment: "recency_segment", lastOrder: lastOrder, reference: reference)
        #expect(answer.bucket == bucket)
        #expect(answer.amount == contents.countries[2].entries[1][bucket].amount)
    }

    @Test func daysSinceLastOrder() throws {
        #expect(try VoucherTable.daysSinceLastOrder(lastOrder: Int64.min, reference: Int64.max) == 213_503)
        #expect(try VoucherTable.daysSinceLastOrder(lastOrder: -1, reference: 86_400_000_000_000 - 1) == 1)
        #expect(throws: VoucherLookupError.lastOrderAfterReference) { try VoucherTable.daysSinceLastOrder(lastOrder: 1, reference: 0) }
    }

    @Test func totalOrdersConvenience() throws {
        let answer = try table.lookup(country: "PERU", segment: "frequent_segment", totalOrders: 13)
        #expect(answer.bucket == 1)
        #expect(answer.amount == contents.countries[2].entries[0][1].amount)
    }

    /// One table shared by many tasks: every answer equals the serial one.
    @Test func concurrentLookups() async throws {
        let table = try VoucherTable(bytes: TableFixtures.bytes)
        let keys = contents.countries.map(\.displayName)
        let serial = try (0 ..< 2_000).map { i in try table.lookup(country: keys[i % keys.count], segment: i % 2, metricValue: Int64(i % 250)) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0 ..< 8 {
                group.addTask {
                    (0 ..< 2_000).filter { i in
                        (try? table.lookup(country: keys[i % keys.count], segment: i % 2, metricValue: Int64(i % 250))) != serial[i]
                    }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func anEmptyTableAnswersUnknownCountry() throws {
        let empty = TableFixtures.make(countries: [])
        let table = try VoucherTable(bytes: try TableEncoder.encode(empty))
        #expect(try table.contents() == empty)
        #expect(throws: VoucherLookupError.unknownCountry) { try table.lookup(country: "peru", segment: 0, metricValue: 1) }
    }

    @Test func writerRefusesContentsTheFormatCannotHold() {
        var notLowerCased = TableFixtures.contents
        notLowerCased.countries[0].key = "China"
        var duplicate = TableFixtures.contents
        duplicate.countries[1].key = "china"
        var badDigest = TableFixtures.contents
        badDigest.sources[0].sha256 = [1, 2, 3]
        var badShape = TableFixtures.contents
        badShape.countries[0].entries[1].removeLast()
        for (bad, words) in [(notLowerCased, "not trimmed and lower-cased"), (duplicate, "appears twice"),
                             (badDigest, "SHA-256 is 3 bytes"), (badShape, "one entry per bucket")] {
            #expect {
                _ = try TableEncoder.encode(bad)
            } throws: { error in
                (error as? VoucherTableError).map { $0.code == .contents && $0.description.contains(words) } ?? false
            }
        }
    }
}
