/// Small text renderers of the server's non-hot paths: UTC
/// times (ISO 8601 and the HTTP `Date` format), Prometheus label values.
///
/// Stateless; safe from any thread.
enum ServerText {
    /// Appends `text` as a Prometheus label value, quotes included
    /// (`\\`, `\"` and `\n` escaped, as the text exposition format asks).
    static func appendLabelValue(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `2024-05-03T12:34:56.789Z`: an instant in UTC, to the millisecond.
    static func iso8601(nanosecondsSinceEpoch: Int64) -> String {
        let seconds = nanosecondsSinceEpoch.dividedRoundingDown(by: 1_000_000_000)
        let millis = Int((nanosecondsSinceEpoch - seconds * 1_000_000_000) / 1_000_000)
        let f = ServerSyscall.utcFields(secondsSinceEpoch: seconds)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):"
            + "\(pad(f.second, 2)).\(pad(millis, 3))Z"
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`: RFC 9110's IMF-fixdate, for the
    /// `Date` header; always 29 bytes.
    static func httpDate(secondsSinceEpoch: Int64) -> [UInt8] {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let f = ServerSyscall.utcFields(secondsSinceEpoch: secondsSinceEpoch)
        let text = "\(days[f.weekday % 7]), \(pad(f.day, 2)) \(months[(f.month - 1) % 12]) \(pad(f.year, 4)) "
            + "\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2)) GMT"
        return Array(text.utf8)
    }

    /// `value` in decimal with at least `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    /// Floor division (toward negative infinity) by a positive divisor.
    fileprivate func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
