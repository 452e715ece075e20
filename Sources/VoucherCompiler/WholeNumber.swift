import VoucherHistory

/// behaviour §1's whole numbers: `total_orders` and `voucher_amount` given as
/// integer, float or text (`"3"`, `"3.0"`, `3`, `3.0`).
///
/// A value is accepted when it is a finite whole number ≥ 0 that fits in
/// `Int64`. Text may have surrounding ASCII white space, a leading `+`, a
/// fraction of zeros (`"3.000"`) and an exponent (`"3e2"`); anything else
/// (`"3.5"`, `"-1"`, `"nan"`, `"0x10"`, `""`) is not a whole number.
enum WholeNumber {
    /// The value, or `nil` when it is not a whole number ≥ 0.
    static func parse(_ value: HistoryValue) -> Int64? {
        switch value {
        case .integer(let i): return i >= 0 ? i : nil
        case .double(let d): return parse(d)
        case .text(let s):
            var copy = s
            return copy.withUTF8 { parse(text: $0) }
        case .null, .time, .boolean: return nil
        }
    }

    /// A double that is finite, whole, ≥ 0 and below 2^63.
    @inline(__always)
    static func parse(_ d: Double) -> Int64? {
        guard d.isFinite, d >= 0, d < 9_223_372_036_854_775_808.0, d.rounded(.towardZero) == d else { return nil }
        return Int64(d)
    }

    /// Text bytes (UTF-8) holding a whole number ≥ 0.
    static func parse(text bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        // Fast path: digits, then optionally '.' and zeros only.
        var value: Int64 = 0
        var digits = 0
        while i < end, let d = digit(bytes[i]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return slowParse(bytes, start, end) }
            value = a
            digits += 1
            i += 1
        }
        var fractionDigits = 0
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] == UInt8(ascii: "0") { i += 1; fractionDigits += 1 }
            if i < end, digit(bytes[i]) != nil {
                // A non-zero fraction digit: not whole, unless an exponent follows ("0.3e1").
                let rest = UnsafeBufferPointer(rebasing: bytes[i ..< end])
                return rest.contains(UInt8(ascii: "e")) || rest.contains(UInt8(ascii: "E")) ? slowParse(bytes, start, end) : nil
            }
        }
        if i == end {
            guard digits + fractionDigits > 0 else { return nil }  // "", "+", "."
            return negative && value != 0 ? nil : value
        }
        return slowParse(bytes, start, end)
    }

    /// Exponents and huge digit strings: only `[0-9+-.eE]`, through `Double`.
    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        for i in start ..< end {
            switch bytes[i] {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                 UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self)
        guard let d = Double(text) else { return nil }
        if d == 0 { return 0 }  // "-0e5" is zero, not negative
        return parse(d)
    }

    @inline(__always)
    private static func digit(_ b: UInt8) -> UInt8? {
        b &- UInt8(ascii: "0") < 10 ? b &- UInt8(ascii: "0") : nil
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }
}
