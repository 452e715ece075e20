import Testing
import VoucherTable
@testable import VoucherReport

struct ReportTimelineTests {
    static func day(_ text: String) -> Int64 {
        RowTallies.day(TimeText.nanoseconds(text)!)
    }

    @Test func monthsRunWithoutGaps() {
        var days = DayCounts()
        days.add(Self.day("2017-11-30"), 0)
        days.add(Self.day("2018-02-01"), 1)
        days.add(Self.day("2018-02-28 23:59:59"), 0)
        let timeline = ReportTimeline(column: "timestamp", days: days)
        #expect(timeline.unit == "month")
        #expect(timeline.periods.map(\.period) == ["2017-11", "2017-12", "2018-01", "2018-02"])
        #expect(timeline.periods.map(\.kept) == [1, 0, 0, 1])
        #expect(timeline.periods.map(\.dropped) == [0, 0, 0, 1])
        #expect(timeline.firstDay == "2017-11-30")
        #expect(timeline.lastDay == "2018-02-28")
    }

    @Test func aLongSpanIsDrawnInYears() {
        var days = DayCounts()
        days.add(Self.day("1970-01-01"), 0)
        days.add(Self.day("1899-12-31"), 1)
        days.add(Self.day("2018-05-03"), 0)
        let timeline = ReportTimeline(column: "timestamp", days: days)
        #expect(timeline.unit == "year")
        #expect(timeline.periods.first?.period == "1899")
        #expect(timeline.periods.last?.period == "2018")
        #expect(timeline.periods.count == 2018 - 1899 + 1)
        #expect(timeline.periods.reduce(0) { $0 + $1.rows } == 3)
    }

    @Test func daysBeforeTheEpochRoundDown() {
        #expect(RowTallies.day(-1) == -1)
        #expect(ReportTimeline.dayText(-1) == "1969-12-31")
        #expect(ReportTimeline.dayText(0) == "1970-01-01")
    }
}
