import Testing
@testable import VoucherTable

/// behaviour §1 text times. Expected values were computed independently with
/// Python's `datetime` (UTC epoch arithmetic), not with the code under test.
@Suite struct TimeTextTests {
    static let valid: [(text: String, nanoseconds: Int64)] = [
        // The three forms.
        ("2018-05-03", 1_525_305_600_000_000_000),
        ("2018-05-03 00:00:00", 1_525_305_600_000_000_000),
        ("2018-05-03T00:00:00", 1_525_305_600_000_000_000),
        ("2017-05-03 00:00:00", 1_493_769_600_000_000_000),
        ("2018-05-03 12:34:56", 1_525_350_896_000_000_000),
        ("2018-05-03T12:34:56", 1_525_350_896_000_000_000),
        // Fractions: 1 to 9 digits.
        ("2018-05-03 12:34:56.5", 1_525_350_896_500_000_000),
        ("2018-05-03 12:34:56.123456", 1_525_350_896_123_456_000),
        ("2018-05-03T12:34:56.000000001", 1_525_350_896_000_000_001),
        ("2018-05-03T12:34:56.999999999", 1_525_350_896_999_999_999),
        // Zones.
        ("2018-05-03 00:00:00Z", 1_525_305_600_000_000_000),
        ("2018-05-03T00:00:00+00:00", 1_525_305_600_000_000_000),
        ("2018-05-03T00:00:00-00:00", 1_525_305_600_000_000_000),
        ("2018-05-03T00:00:00+05:30", 1_525_285_800_000_000_000),
        ("2018-05-03T00:00:00-03:00", 1_525_316_400_000_000_000),
        ("2018-05-03T12:00:00+23:59", 1_525_262_460_000_000_000),
        ("2018-05-03T12:34:56.123456Z", 1_525_350_896_123_456_000),
        ("2018-05-03+05:30", 1_525_285_800_000_000_000),
        ("2018-05-03Z", 1_525_305_600_000_000_000),
        // Calendar edges.
        ("2020-02-29 23:59:59", 1_583_020_799_000_000_000),
        ("2000-02-29", 951_782_400_000_000_000),
        ("1970-01-01", 0),
        ("1970-01-01 00:00:00.000000001", 1),
        ("1969-12-31 23:59:59", -1_000_000_000),
        ("1969-12-31 23:59:59.999999999", -1),
        ("1900-01-01", -2_208_988_800_000_000_000),
        // Int64 range edges.
        ("2262-04-11 23:47:16.854775807", Int64.max),
        ("2262-04-11 23:47:16", 9_223_372_036_000_000_000),
        ("1677-09-21 00:12:43.145224192", Int64.min),
        ("1677-09-21 00:12:44", -9_223_372_036_000_000_000),
        // Surrounding spaces and tabs are trimmed.
        ("  2018-05-03 00:00:00\t", 1_525_305_600_000_000_000),
        ("\t2018-05-03", 1_525_305_600_000_000_000),
    ]

    static let invalid: [String] = [
        "", " ", "\t \t",
        // Impossible dates.
        "2018-02-30", "2019-02-29", "1900-02-29", "2018-04-31", "2018-13-01", "2018-00-10", "2018-01-00",
        "2018-01-32", "0000-01-01",
        // Impossible times.
        "2018-05-03 24:00:00", "2018-05-03 23:60:00", "2018-05-03 23:59:60", "2018-05-03 99:00:00",
        // Missing or extra digits.
        "2018-05-03 12:34", "2018-05-03 12:34:5", "2018-5-03", "2018-05-3", "18-05-03", "20180-05-03",
        "2018-05-03 1:02:03", "2018-05-03T", "2018-05-03  00:00:00",
        // Fractions.
        "2018-05-03 12:34:56.", "2018-05-03 12:34:56.1234567890", "2018-05-03.5", "2018-05-03 12:34:56,5",
        // Zones.
        "2018-05-03 00:00:00+24:00", "2018-05-03 00:00:00+05:60", "2018-05-03 00:00:00+0530",
        "2018-05-03 00:00:00+05", "2018-05-03 00:00:00 Z", "2018-05-03 00:00:00z", "2018-05-03 00:00:00UTC",
        "2018-05-03 00:00:00+5:30", "2018-05-03 00:00:00ZZ",
        // Lower-case separators, signs, garbage.
        "2018-05-03t00:00:00", "+2018-05-03", "-2018-05-03", "2018/05/03", "2018-05-03 00:00:00x",
        "2018-05-03x", "x2018-05-03", "2018-05-03\n", "2018-05-03 00:00:00\0", "２０１８-05-03",
        "2018-05-03 +0:00:00", "2018-05-03 00:-1:00",
        // Outside the Int64 nanosecond range.
        "2262-04-11 23:47:16.854775808", "2262-04-12", "1677-09-21 00:12:43.145224191", "1677-09-20",
        "9999-12-31", "0001-01-01",
    ]

    @Test(arguments: valid)
    func parsesValidForms(_ text: String, _ expected: Int64) {
        #expect(TimeText.nanoseconds(text) == expected)
        #expect(TimeText.nanoseconds(text[...]) == expected, "Substring form")
        let viaBytes = Array(text.utf8).withUnsafeBufferPointer { TimeText.nanoseconds($0) }
        #expect(viaBytes == expected, "byte form")
    }

    @Test(arguments: invalid)
    func refusesInvalidForms(_ text: String) {
        #expect(TimeText.nanoseconds(text) == nil)
        let viaBytes = Array(text.utf8).withUnsafeBufferPointer { TimeText.nanoseconds($0) }
        #expect(viaBytes == nil, "byte form")
    }

    @Test func parsesBytesInsideALargerBuffer() {
        let row = Array("x,2018-05-03 00:00:00,y".utf8)
        let parsed = row.withUnsafeBufferPointer { TimeText.nanoseconds(UnsafeBufferPointer(rebasing: $0[2 ..< 21])) }
        #expect(parsed == 1_525_305_600_000_000_000)
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        #expect(TimeText.nanoseconds(empty) == nil)
    }

    /// The common `YYYY-MM-DD HH:MM:SS` shape is checked eight bytes at a
    /// time, a fraction that ends the text likewise; every other text goes byte by byte. Both must agree on every
    /// text that differs from a valid one in one byte (each of the 256
    /// values at each position), so the word checks reject exactly what the
    /// byte checks reject: digits' neighbours (`/`, `:`), carries, high bytes.
    @Test(arguments: ["2018-07-21 18:59:21.102761", "2020-02-29T23:59:59Z", "1999-12-31 00:00:00+05:30",
                      "2018-05-03 12:34:56", "1970-01-01T00:00:00.000000001", "1969-12-31 23:59:59.5",
                      "2018-05-03T12:34:56.12345678", "2018-05-03 12:34:56.1Z", "2018-05-03 12:34:56.99999999"])
    func wordAtATimeAgreesWithByteByByte(_ template: String) {
        var bytes = Array(template.utf8)
        var mismatches: [String] = []
        for position in bytes.indices {
            let original = bytes[position]
            for value in 0 ... 255 {
                bytes[position] = UInt8(value)
                let (fast, slow) = bytes.withUnsafeBufferPointer { buffer in
                    (TimeText.parse(buffer.baseAddress!, 0, buffer.count),
                     TimeText.parse(buffer.baseAddress!, 0, buffer.count, wordAtATime: false))
                }
                if fast != slow { mismatches.append("byte \(position) = \(value): \(String(describing: fast)) vs \(String(describing: slow))") }
            }
            bytes[position] = original
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(TimeText.nanoseconds(template) != nil)
    }

    static let day = TimeText.nanosecondsPerDay
    static let hour: Int64 = 3_600_000_000_000

    static let spans: [(from: String, to: String, days: Int64)] = [
        ("2018-05-03 00:00:00", "2018-05-03 00:00:00", 0),
        ("2018-05-03 00:00:00", "2018-05-03 23:59:59.999999999", 0),
        ("2018-05-03 00:00:00", "2018-05-04 00:00:00", 1),
        ("2018-04-02 10:00:00", "2018-05-03 09:59:59", 30),   // 30 days 23:59:59
        ("2018-04-02 10:00:00", "2018-05-03 10:00:00", 31),
        ("2018-02-28", "2018-03-01", 1),
        ("2020-02-28", "2020-03-01", 2),
        ("2018-05-03 00:00:00", "2018-05-02 23:00:00", -1),   // an hour back is already day −1
        ("2018-05-03 00:00:00", "2018-05-02 00:00:00", -1),
        ("2018-05-03 00:00:00", "2018-05-01 23:59:59", -2),
        ("1969-12-31 12:00:00", "1970-01-01 11:59:59", 0),    // across the epoch
        ("1969-12-31 12:00:00", "1970-01-01 12:00:00", 1),
    ]

    @Test(arguments: spans)
    func daysRoundDown(_ from: String, _ to: String, _ expected: Int64) throws {
        let start = try #require(TimeText.nanoseconds(from))
        let end = try #require(TimeText.nanoseconds(to))
        #expect(TimeText.days(from: start, to: end) == expected)
    }

    @Test func daysAtTheExtremes() {
        #expect(TimeText.nanosecondsPerDay == 86_400_000_000_000)
        #expect(TimeText.days(from: 0, to: Self.day - 1) == 0)
        #expect(TimeText.days(from: 0, to: -1) == -1)
        #expect(TimeText.days(from: 1, to: 0) == -1)
        #expect(TimeText.days(from: -Self.day, to: 0) == 1)
        #expect(TimeText.days(from: 0, to: 30 * Self.day + 23 * Self.hour) == 30)
        #expect(TimeText.days(from: 0, to: -30 * Self.day - Self.hour) == -31)
        // No intermediate overflow: the full Int64 span is 213,503.98 days.
        #expect(TimeText.days(from: .min, to: .max) == 213_503)
        #expect(TimeText.days(from: .max, to: .min) == -213_504)
    }

    /// The table of years 1900 … 2199 gives every date's day number as the
    /// general rule does, and refuses the same impossible dates, at and
    /// around both ends of the table.
    @Test func yearTableAgreesWithTheGeneralRule() {
        for year: Int64 in Array(1897 ... 1903) + Array(1968 ... 1972) + Array(1999 ... 2001) + Array(2096 ... 2103) + Array(2196 ... 2203) {
            for month: Int64 in 0 ... 13 {
                for day: Int64 in 0 ... 32 {
                    let valid = month >= 1 && month <= 12 && day >= 1 && day <= TimeText.daysInMonth(month, year: year)
                    let expected = valid ? TimeText.daysSinceEpoch(year: year, month: month, day: day) : nil
                    #expect(TimeText.dayNumber(year: year, month: month, day: day) == expected, "\(year)-\(month)-\(day)")
                }
            }
        }
        #expect(TimeText.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(TimeText.dayNumber(year: 2000, month: 2, day: 29) == 11_016)
        #expect(TimeText.dayNumber(year: 1900, month: 2, day: 29) == nil)
        #expect(TimeText.dayNumber(year: 0, month: 1, day: 1) == nil)
    }
}
