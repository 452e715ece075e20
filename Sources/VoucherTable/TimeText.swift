/// Text times of behaviour §1, as nanoseconds since 1970-01-01T00:00:00Z.
///
/// Accepted forms (exactly these; `T` and `Z` upper case only):
///
/// ```
/// YYYY-MM-DD[zone]
/// YYYY-MM-DD HH:MM:SS[.fraction][zone]
/// YYYY-MM-DDTHH:MM:SS[.fraction][zone]
/// fraction = 1 to 9 digits
/// zone     = Z | +HH:MM | -HH:MM        (no zone: UTC)
/// ```
///
/// Decisions beyond behaviour §1:
/// - Leading and trailing ASCII spaces and tabs are ignored; nothing else is
///   trimmed (no line breaks, no Unicode white space).
/// - A date alone means midnight in its zone; it may carry a zone but not a
///   fraction (there is no second for it to divide).
/// - Every number has exactly its digit count (`2018-5-3` is refused); years
///   run 0001…9999, months 1…12, days within the month (leap years by the
///   Gregorian rule), hours 0…23, minutes and seconds 0…59. A leap second
///   (`23:59:60`) is refused: neither Python, pandas nor Parquet produce one,
///   and accepting it would silently alias the next minute's `:00`.
/// - Zone offsets: hours 0…23, minutes 0…59; `-00:00` is UTC.
/// - The result must fit `Int64` nanoseconds (1677-09-21T00:12:43.145224192Z
///   … 2262-04-11T23:47:16.854775807Z); anything outside is refused.
///
/// All functions are pure and safe to call from any thread.
public enum TimeText {
    /// Nanoseconds in one day of 86,400 seconds. Inlinable: a constant in
    /// every module that uses it (a stored `static let` is reached through
    /// its one-time initialiser from another module).
    @inlinable public static var nanosecondsPerDay: Int64 { 86_400 * 1_000_000_000 }

    /// Parses a behaviour §1 text time held in UTF-8 bytes.
    ///
    /// Allocation-free; meant for raw file bytes (the compiler calls it for
    /// every history row).
    ///
    /// - Parameter bytes: the text, without quotes. May be empty.
    /// - Returns: nanoseconds since the Unix epoch (UTC), or `nil` when the
    ///   text is not one of the accepted forms, names an impossible date or
    ///   time, or lies outside the `Int64` nanosecond range.
    public static func nanoseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let base = bytes.baseAddress else { return nil }
        var start = 0
        var end = bytes.count
        while start < end, isBlank(base[start]) { start += 1 }
        while end > start, isBlank(base[end - 1]) { end -= 1 }
        return parse(base, start, end)
    }

    /// Parses a behaviour §1 text time.
    ///
    /// Same rules as the byte form; does
    /// not allocate when the text's UTF-8 is contiguous (native strings).
    ///
    /// - Parameter text: the text, e.g. `"2018-05-03 00:00:00"`.
    /// - Returns: nanoseconds since the Unix epoch (UTC), or `nil`.
    public static func nanoseconds(_ text: some StringProtocol) -> Int64? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ nanoseconds($0) }) {
            return result
        }
        var copy = String(text)
        return copy.withUTF8 { nanoseconds($0) }
    }

    /// Whole days from `start` to `end`, rounded down (towards negative infinity).
    ///
    /// 30 days and 23 hours is 30; minus one hour is −1. Exact for every pair
    /// of `Int64` values (no intermediate overflow).
    ///
    /// - Parameters:
    ///   - start: nanoseconds since the epoch, e.g. `last_order_ts`.
    ///   - end: nanoseconds since the epoch, e.g. the reference time.
    @inlinable
    public static func days(from start: Int64, to end: Int64) -> Int64 {
        // floor((end - start) / d) = floor(end / d) - floor(start / d) + floor((rEnd - rStart) / d),
        // with remainders in 0 ..< d, so the last term is 0 or -1 and nothing overflows.
        let (endDays, endRest) = floorDivide(end, nanosecondsPerDay)
        let (startDays, startRest) = floorDivide(start, nanosecondsPerDay)
        return endDays - startDays - (endRest < startRest ? 1 : 0)
    }

    // MARK: - Implementation

    private static let nanosecondsPerSecond: Int64 = 1_000_000_000

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The digit's value, or `nil` for a non-digit.
    @inline(__always)
    private static func digit(_ byte: UInt8) -> Int64? {
        let value = byte &- 0x30
        return value < 10 ? Int64(value) : nil
    }

    /// Exactly `count` digits at `index` (the caller has checked the bounds).
    @inline(__always)
    private static func number(_ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for offset in 0 ..< count {
            guard let d = digit(base[index + offset]) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    @inlinable
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a date, or nil when it is not one (year
    /// 1 … 9999, month 1 … 12, day within the month): from a table for the
    /// years 1900 … 2199, where history lives, else by the general rule.
    @inline(__always)
    static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard month >= 1, month <= 12, day >= 1 else { return nil }
        let offset = year &- firstTableYear
        guard offset >= 0, offset < Int64(yearTable.count) else {
            guard year >= 1, day <= daysInMonth(month, year: year) else { return nil }
            return daysSinceEpoch(year: year, month: month, day: day)
        }
        let entry = Int64(yearTable[Int(offset)])
        let leap = entry & 1, m = Int(month &- 1)
        guard day <= Int64(monthLengths[m]) &+ (month == 2 ? leap : 0) else { return nil }
        return entry >> 1 &+ Int64(monthStarts[m]) &+ (month > 2 ? leap : 0) &+ day &- 1
    }

    private static let firstTableYear: Int64 = 1900
    /// Per year from ``firstTableYear``: the day number of its January 1st,
    /// times two, plus one in a leap year.
    private static let yearTable: [Int32] = (firstTableYear ..< firstTableYear + 300).map { year in
        Int32(daysSinceEpoch(year: year, month: 1, day: 1) * 2 + (isLeapYear(year) ? 1 : 0))
    }
    private static let monthStarts: [Int16] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    private static let monthLengths: [Int8] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Days from 1970-01-01 to a valid proleptic Gregorian date (year ≥ 1),
    /// by Howard Hinnant's `days_from_civil`.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year           // ≥ 0 for year ≥ 1
        let era = y / 400
        let yearOfEra = y - era * 400                   // 0 ... 399
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // 0 ... 365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0 ... 146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 10⁰ … 10⁹.
    private static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    /// The numbers of `YYYY-MM-DD HH:MM:SS` (or with `T`) at `i`, when at
    /// least 19 bytes are there and have that shape; nil for any other shape
    /// (the byte-by-byte path decides). Ranges are left to the caller.
    ///
    /// Each 8-byte word is checked at once: in a digit's byte the high nibble
    /// must be 3 and adding 6 must keep it 3 (so 0x30…0x39); separators must
    /// match exactly. No byte of a word that passes can carry into the next.
    @inline(__always)
    private static func dateAndTime(_ base: UnsafePointer<UInt8>, _ i: Int, _ end: Int)
        -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64)? {
        guard end - i >= 19 else { return nil }
        let raw = UnsafeRawPointer(base + i)
        // Little-endian words: the first byte is the lowest.
        let date = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))                    // YYYY-MM-
        let middle = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))  // DD?HH:MM
        let time = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self))  // HH:MM:SS
        guard isDigits(date, digitLanes: 0x00FF_FF00_FFFF_FFFF, separators: 0x2D00_002D_0000_0000),
              isDigits(middle, digitLanes: 0xFFFF_00FF_FF00_FFFF, separators: 0x0000_3A00_0000_0000),
              isDigits(time, digitLanes: 0xFFFF_00FF_FF00_FFFF, separators: 0x0000_3A00_003A_0000)
        else { return nil }
        let separator = UInt8(truncatingIfNeeded: middle >> 16)
        guard separator == 0x20 || separator == 0x54 else { return nil }  // ' ' or 'T'
        let d = date & 0x0F0F_0F0F_0F0F_0F0F, m = middle & 0x0F0F_0F0F_0F0F_0F0F, t = time & 0x0F0F_0F0F_0F0F_0F0F
        @inline(__always) func lane(_ word: UInt64, _ n: UInt64) -> Int64 { Int64(truncatingIfNeeded: (word >> (n * 8)) & 0xFF) }
        return (year: lane(d, 0) * 1000 + lane(d, 1) * 100 + lane(d, 2) * 10 + lane(d, 3),
                month: lane(d, 5) * 10 + lane(d, 6), day: lane(m, 0) * 10 + lane(m, 1),
                hour: lane(t, 0) * 10 + lane(t, 1), minute: lane(t, 3) * 10 + lane(t, 4), second: lane(t, 6) * 10 + lane(t, 7))
    }

    /// The fraction's digits when they are the last 1 to 8 bytes of the text
    /// (`start` is past the `.`, at least 8 bytes after the text's first): its
    /// value and digit count; nil otherwise (a zone follows, 9 digits, not
    /// digits: the byte-by-byte loop decides).
    @inline(__always)
    private static func fractionToEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: Int64, count: Int)? {
        let count = end - start
        guard count >= 1, count <= 8 else { return nil }
        // The 8 bytes that end the text; the fraction is in its top `count` bytes.
        let word = UInt64(littleEndian: UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self))
        let lanes: UInt64 = ~0 << ((8 - count) * 8)
        guard isDigits(word, digitLanes: lanes, separators: 0) else { return nil }
        // Digits in bytes (the first the lowest), zeros before them: eight
        // decimal digits, combined in pairs, fours, then the whole.
        var v = word & lanes & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* 10 &+ (v >> 8)) & 0x00FF_00FF_00FF_00FF
        v = (v &* 100 &+ (v >> 16)) & 0x0000_FFFF_0000_FFFF
        v = (v &* 10_000 &+ (v >> 32)) & 0xFFFF_FFFF
        return (Int64(v), count)
    }

    /// Whether `word` has an ASCII digit in every byte of `digitLanes` (0xFF
    /// per byte) and, in the other bytes where `separators` is non-zero, exactly that byte.
    @inline(__always)
    private static func isDigits(_ word: UInt64, digitLanes: UInt64, separators: UInt64) -> Bool {
        let highNibbles = digitLanes & 0xF0F0_F0F0_F0F0_F0F0
        // 0xFF in every byte where `separators` has one (all below 0x80: no carry between bytes).
        let separatorLanes = ((separators &+ 0x7F7F_7F7F_7F7F_7F7F) & 0x8080_8080_8080_8080) >> 7 &* 0xFF
        let threes = digitLanes & 0x3030_3030_3030_3030
        return word & (highNibbles | separatorLanes) == threes | separators
            && (word &+ (digitLanes & 0x0606_0606_0606_0606)) & highNibbles == threes
    }

    /// Parses the trimmed bytes `base[start ..< end]`; `wordAtATime: false`
    /// reads every form byte by byte (tests hold the two paths to the same answers).
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, wordAtATime: Bool = true) -> Int64? {
        var i = start
        let year: Int64, month: Int64, day: Int64
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
        if wordAtATime, let fixed = dateAndTime(base, i, end) {
            // The common form, checked and read eight bytes at a time.
            (year, month, day, hour, minute, second) = fixed
            i += 19
        } else {
            // Date: YYYY-MM-DD
            guard end - i >= 10, base[i + 4] == 0x2D, base[i + 7] == 0x2D,  // '-'
                  let y = number(base, i, 4), let m = number(base, i + 5, 2), let d = number(base, i + 8, 2)
            else { return nil }
            (year, month, day) = (y, m, d)
            i += 10

            // Time: [ T]HH:MM:SS
            if i < end, base[i] == 0x20 || base[i] == 0x54 {  // ' ' or 'T'
                guard end - i >= 9, base[i + 3] == 0x3A, base[i + 6] == 0x3A,  // ':'
                      let h = number(base, i + 1, 2), let mi = number(base, i + 4, 2), let s = number(base, i + 7, 2)
                else { return nil }
                (hour, minute, second) = (h, mi, s)
                i += 9
            }
        }
        guard let dayNumber = dayNumber(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let secondOfDay = hour * 3600 + minute * 60 + second

        // [.fraction]: only after a time of day.
        var fraction: Int64 = 0
        if i < end, base[i] == 0x2E, i - start == 19 {  // '.'
            i += 1
            if wordAtATime, let digits = fractionToEnd(base, i, end) {
                // The common form: 1 to 8 digits that end the text, read at once.
                fraction = digits.value * powersOfTen[9 - digits.count]
                i = end
            } else {
                var count = 0
                while i < end, let d = digit(base[i]) {
                    count += 1
                    guard count <= 9 else { return nil }
                    fraction = fraction * 10 + d
                    i += 1
                }
                guard count >= 1 else { return nil }
                fraction *= powersOfTen[9 - count]  // to nanoseconds
            }
        }

        // Zone: Z | +HH:MM | -HH:MM
        var offsetSeconds: Int64 = 0
        if i < end {
            switch base[i] {
            case 0x5A:  // 'Z'
                i += 1
            case 0x2B, 0x2D:  // '+', '-'
                guard end - i >= 6, base[i + 3] == 0x3A,
                      let hours = number(base, i + 1, 2), let minutes = number(base, i + 4, 2),
                      hours <= 23, minutes <= 59
                else { return nil }
                offsetSeconds = (hours * 3600 + minutes * 60) * (base[i] == 0x2D ? -1 : 1)
                i += 6
            default:
                return nil
            }
        }
        guard i == end else { return nil }

        // Local time minus the offset is UTC. Seconds fit easily (|s| < 3.2e11);
        // only the scaling to nanoseconds can overflow. Before the epoch, borrow
        // one second so the last representable second before Int64.min's
        // (1677-09-21T00:12:43) does not overflow on the way.
        var seconds = dayNumber * 86_400 + secondOfDay - offsetSeconds
        if seconds < 0, fraction > 0 {
            seconds += 1
            fraction -= nanosecondsPerSecond
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: nanosecondsPerSecond)
        guard !overflow else { return nil }
        let (result, overflowAgain) = scaled.addingReportingOverflow(fraction)
        guard !overflowAgain else { return nil }
        return result
    }
}
