/// Byte-level pieces of the head parser: comparisons that ignore ASCII
/// case, token lists, decimal numbers, RFC 9110 `tchar`. Each works on
/// `start..<end` of the head's bytes, allocation-free.
extension HTTPRequestParser {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// Calls `body` with each comma-separated token's bounds, trimmed.
    static func forEachToken(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int,
                                     _ body: (Int, Int) -> Void) {
        var s = start
        while s < end {
            var e = s
            while e < end && bytes[e] != UInt8(ascii: ",") { e += 1 }
            var a = s, b = e
            while a < b && (bytes[a] == space || bytes[a] == tab) { a += 1 }
            while b > a && (bytes[b - 1] == space || bytes[b - 1] == tab) { b -= 1 }
            if b > a { body(a, b) }
            s = e + 1
        }
    }

    /// A non-empty run of decimal digits; values past `Int32.max` saturate.
    static func decimal(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        guard end > start else { return nil }
        var value = 0
        for i in start ..< end {
            guard isDigit(bytes[i]) else { return nil }
            value = min(value * 10 + Int(bytes[i] - UInt8(ascii: "0")), Int(Int32.max))
        }
        return value
    }

    /// Bytes `start..<end` equal `literal`, ignoring ASCII case (`literal` is lower-case).
    @inline(__always)
    static func matches(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for i in 0 ..< (end - start) {
            var byte = bytes[start + i]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != expected[i] { return false }
        }
        return true
    }

    /// Bytes `start..<end` equal `literal` exactly (paths and methods are case-sensitive).
    @inline(__always)
    static func exactly(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        guard end - start == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for i in 0 ..< (end - start) where bytes[start + i] != expected[i] { return false }
        return true
    }

    /// The length of `literal` when the bytes start with it (ignoring case), else `nil`.
    static func prefixLength(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int,
                                     _ literal: StaticString) -> Int? {
        let n = literal.utf8CodeUnitCount
        return end - start >= n && matches(bytes, start, start + n, literal) ? n : nil
    }

    /// The index of the first LF at or after `start`, or `end` when there is
    /// none before it: eight bytes at a time, then one by one.
    @inline(__always)
    static func lineFeed(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var i = start
        while end - i >= 8 && !hasByte(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), lf) { i += 8 }
        while i < end && bytes[i] != lf { i += 1 }
        return i
    }

    /// Whether bytes `start..<end` hold no control character but tab (and no DEL).
    @inline(__always)
    static func isFieldValue(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while end - i >= 8 {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let del = word ^ (ones &* 0x7F)
            // Some byte below 0x20 (a tab, perhaps: checked one by one below), or DEL.
            if (word &- ones &* 0x20) & ~word & highs != 0 || (del &- ones) & ~del & highs != 0 { break }
            i += 8
        }
        for j in i ..< end where (bytes[j] < space && bytes[j] != tab) || bytes[j] == 0x7F { return false }
        return true
    }

    /// Whether some byte of `word` is `byte` (the exact "has a zero byte" bit trick).
    @inline(__always)
    static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & (ones &* 0x80) != 0
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// RFC 9110 `tchar` (letters, digits and ``!#$%&'*+-.^_`|~``): a bit
    /// test in two 64-bit masks, bytes 0–63 and 64–127 (a test checks every byte).
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_6CFA_0000_0000, high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        return byte < 128 && (byte < 64 ? low >> byte : high >> (byte &- 64)) & 1 == 1
    }
}
