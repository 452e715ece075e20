import VoucherAPI

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
        UnsafeRawBufferPointer(rebasing: bytes[start ..< end]).sameBytes(as: literal.utf8Bytes, folding: lowercased)
    }

    /// `word` with each of its bytes `A`…`Z` made lower-case, every other
    /// byte as it is (each byte's sums stay within the byte: no carries).
    @inline(__always)
    static func lowercased(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let ascii = word & ~highs
        let atLeastA = ascii &+ ones &* (0x80 - 0x41), aboveZ = ascii &+ ones &* (0x80 - 0x5B)
        let upper = atLeastA & ~aboveZ & ~word & highs
        return word | upper >> 2
    }

    /// Bytes `start..<end` equal `literal` exactly (paths and methods are case-sensitive).
    @inline(__always)
    static func exactly(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        UnsafeRawBufferPointer(rebasing: bytes[start ..< end]).sameBytes(as: literal.utf8Bytes)
    }

    /// The length of `literal` when the bytes start with it (ignoring case), else `nil`.
    static func prefixLength(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int,
                                     _ literal: StaticString) -> Int? {
        let n = literal.utf8CodeUnitCount
        return end - start >= n && matches(bytes, start, start + n, literal) ? n : nil
    }

    /// The index of the first LF at or after `start`, or `end` when there is
    /// none before it.
    @inline(__always)
    static func lineFeed(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        first(lf, in: bytes, from: start, to: end)
    }

    /// The index of the first `byte` at or after `start`, or `end` when there
    /// is none before it: eight bytes at a time, straight to the match in the
    /// word that has one, then one by one for the last few bytes.
    @inline(__always)
    static func first(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
        var i = start
        let pattern = 0x0101_0101_0101_0101 &* UInt64(byte)
        while end - i >= 8 {
            let flags = zeroBytes(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ pattern)
            if flags != 0 { return i + flags.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end && bytes[i] != byte { i += 1 }
        return i
    }

    /// Whether bytes `start..<end` hold no control character but tab (and no DEL).
    @inline(__always)
    static func isFieldValue(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        @inline(__always) func plain(_ at: Int) -> Bool {
            let word = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let del = word ^ (ones &* 0x7F)
            // No byte below 0x20 (a tab, perhaps: then checked one by one), and no DEL.
            return (word &- ones &* 0x20) & ~word & highs == 0 && zeroBytes(del) == 0
        }
        var i = start
        while end - i >= 8 && plain(i) { i += 8 }
        // The last few bytes: as the word that ends with them, when there is one.
        if end - i < 8 && end - start >= 8 && plain(end - 8) { return true }
        for j in i ..< end where (bytes[j] < space && bytes[j] != tab) || bytes[j] == 0x7F { return false }
        return true
    }

    /// The high bit of every zero byte of `word`, and perhaps of some above
    /// the first: the "some byte is zero" bit trick, whose lowest flag is
    /// always exact (a borrow only runs upwards).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (word &- ones) & ~word & (ones &* 0x80)
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
