import Testing
@testable import VoucherReport

struct ReportHistogramTests {
    static func counts(_ values: [(Int64, Int)], dropped: [Int64] = []) -> IntegerCounts {
        var counts = IntegerCounts()
        for (value, times) in values { for _ in 0 ..< times { counts.add(value, 0) } }
        for value in dropped { counts.add(value, 1) }
        return counts
    }

    @Test func fewValuesGetOneBarEach() {
        let histogram = ReportHistogram(metric: "m", unit: "u", counts: Self.counts([(0, 3), (2, 1), (5, 2)], dropped: [2]))
        #expect(histogram.binning == .exact)
        #expect(histogram.bins.map(\.label) == ["0", "1", "2", "3", "4", "5"])
        #expect(histogram.bins.map(\.kept) == [3, 0, 1, 0, 0, 2])
        #expect(histogram.bins.map(\.dropped) == [0, 0, 1, 0, 0, 0])
    }

    @Test func anEvenSpreadGetsRoundWidths() {
        let values = (0 ..< 200).map { (Int64($0), 10) }
        let histogram = ReportHistogram(metric: "m", unit: "u", counts: Self.counts(values))
        #expect(histogram.binning == .linear)
        #expect(histogram.bins.first.map { $0.upper - $0.lower + 1 } == 5)
        #expect(histogram.bins.count == 40)
        #expect(histogram.binnedRows == 2000)
        #expect(!histogram.logCounts)
    }

    @Test func aLongTailGetsDoublingWidthsAndLogCounts() {
        var values: [(Int64, Int)] = (0 ..< 10).map { (Int64($0), 1000) }
        values += [(100, 1), (1000, 1), (50_000, 1), (3_000_000, 1)]
        let histogram = ReportHistogram(metric: "m", unit: "u", counts: Self.counts(values))
        #expect(histogram.binning == .log2)
        #expect(Array(histogram.bins.prefix(4).map(\.label)) == ["0", "1", "2-3", "4-7"])
        #expect(histogram.bins.last.map { $0.lower <= 3_000_000 && 3_000_000 <= $0.upper } == true)
        #expect(histogram.binnedRows == 10_004)
        #expect(histogram.logCounts)
        // Contiguous and ascending.
        for (a, b) in zip(histogram.bins, histogram.bins.dropFirst()) { #expect(b.lower == a.upper + 1) }
    }

    @Test func negativeAndMissingAreApart() {
        var counts = IntegerCounts()
        counts.negative[1] = 4
        counts.missing[0] = 2
        let histogram = ReportHistogram(metric: "m", unit: "u", counts: counts)
        #expect(histogram.bins.isEmpty)
        #expect(histogram.belowZero == ReportBin.Split(kept: 0, dropped: 4))
        #expect(histogram.missing == ReportBin.Split(kept: 2, dropped: 0))
    }

    @Test(arguments: [(1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 100), (101, 200)] as [(Int64, Int64)])
    func roundWidth(_ width: Int64, _ expected: Int64) {
        #expect(ReportHistogram.roundWidth(atLeast: width) == expected)
    }
}
