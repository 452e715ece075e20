/// The exact value of a JSON number's text, as a whole number when it is one.
///
/// Decided on the decimal text, never through `Double`: `3`, `3.0`, `30e-1`
/// and `0.3e1` are all 3; `3.5` and `1e-400` are fractional; `-0` and
/// `-0.0` are 0; `1e30` is out of range (positive).
package enum JSONWholeNumber: Sendable, Hashable {
    /// An integral value that fits `Int64`.
    case integer(Int64)
    /// A value with a non-zero fractional part.
    case fractional
    /// An integral value outside `Int64`; `negative` tells which side.
    case outOfRange(negative: Bool)

    /// Interprets a number's text, already checked against RFC 8259's grammar.
    ///
    /// - Parameter text: `-? int frac? exp?`, ASCII.
    package init(text: UnsafeRawBufferPointer) {
        var index = 0
        let count = text.count
        // Plain digits (most numbers of a request): at most 18 always fit.
        if count <= 18 {
            var value: Int64 = 0
            while index < count, text[index] &- 0x30 < 10 {
                value = value &* 10 &+ Int64(text[index] &- 0x30)
                index += 1
            }
            if index == count && count > 0 {
                self = .integer(value)
                return
            }
            index = 0
        }
        let negative = count > 0 && text[0] == UInt8(ascii: "-")
        if negative { index += 1 }

        // The significant digits are the integer digits then the fraction digits.
        let integerStart = index
        while index < count, text[index] &- 0x30 < 10 { index += 1 }
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < count, text[index] &- 0x30 < 10 { index += 1 }
            fractionEnd = index
        }
        // The exponent, saturated far beyond anything that could fit Int64.
        var exponent = 0
        if index < count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            while index < count, text[index] &- 0x30 < 10 {
                exponent = min(exponent * 10 + Int(text[index] &- 0x30), 1_000_000_000)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        // Digit positions 0 ..< total over both parts; find the first and last non-zero.
        let integerCount = integerEnd - integerStart
        let total = integerCount + (fractionEnd - fractionStart)
        func digit(_ position: Int) -> UInt8 {
            position < integerCount
                ? text[integerStart + position] &- 0x30
                : text[fractionStart + position - integerCount] &- 0x30
        }
        var first = 0
        while first < total, digit(first) == 0 { first += 1 }
        guard first < total else {
            self = .integer(0)
            return
        }
        var last = total - 1
        while digit(last) == 0 { last -= 1 }
        // value = digits[first ... last] × 10^scale
        let scale = exponent - (fractionEnd - fractionStart) + (total - 1 - last)
        guard scale >= 0 else {
            self = .fractional
            return
        }
        // Accumulate the magnitude in UInt64, then apply the scale; |Int64.min| fits.
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        var magnitude: UInt64 = 0
        for position in first ... last {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit(position)))
            guard !overflow1, !overflow2, sum <= limit else {
                self = .outOfRange(negative: negative)
                return
            }
            magnitude = sum
        }
        for _ in 0 ..< min(scale, 20) {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow, times10 <= limit else {
                self = .outOfRange(negative: negative)
                return
            }
            magnitude = times10
        }
        guard scale < 20 else {  // ≥ 10^20 × a non-zero digit
            self = .outOfRange(negative: negative)
            return
        }
        self = .integer(negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude))
    }
}
