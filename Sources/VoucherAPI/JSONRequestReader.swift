/// A strict, purpose-built reader for one request body: exactly one JSON
/// object (RFC 8259) and nothing else but white space around it.
///
/// It checks the whole body — strings with every escape (`\uXXXX` surrogate
/// pairs included, lone surrogates refused), well-formed UTF-8, numbers,
/// literals, nested objects and arrays up to ``maxDepth`` — and keeps only the
/// top-level members named in ``RequestFields/Field``, without copying them
/// (see ``RequestValue``; a string with escapes is decoded when it is read,
/// by ``unescape(_:)``). Unknown members are validated and skipped. A known
/// member that appears twice is an error naming it; unknown duplicates are
/// ignored. A byte-order mark is refused (RFC 8259 §8.1).
///
/// Allocation-free, and every value it returns is a plain range: copying the
/// fields copies no reference.
package struct JSONRequestReader {
    /// The deepest nesting accepted; the request object itself is level 1.
    package static let maxDepth = 32

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var fields = RequestFields()

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Reads a request body.
    ///
    /// - Parameter bytes: the whole body.
    /// - Returns: the known members; ranges in them point into `bytes`.
    /// - Throws: ``APIError`` with status 400: `body is not a JSON object: <reason> at byte <offset>`
    ///   (offsets count from 0), or `field '<name>' appears more than once`.
    package static func read(_ bytes: UnsafeRawBufferPointer) throws(APIError) -> RequestFields {
        var reader = JSONRequestReader(bytes: bytes)
        reader.skipWhitespace()
        guard reader.peek() == UInt8(ascii: "{") else {
            throw reader.failure(bytes.isEmpty ? "the body is empty" : "expected '{', found \(reader.found())")
        }
        try reader.readObject(depth: 1)
        reader.skipWhitespace()
        guard reader.position == bytes.count else {
            throw reader.failure("unexpected \(reader.found()) after the object")
        }
        return reader.fields
    }

    // MARK: - Structure

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Reads an object whose `{` is at `position`; at depth 1 it records known members.
    private mutating func readObject(depth: Int) throws(APIError) {
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
        position += 1  // {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw failure("expected a string key, found \(found())")
            }
            let keyStart = position
            let (keyRange, keyHasEscapes) = try scanString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after the key, found \(found())") }
            position += 1
            skipWhitespace()
            if depth == 1, let field = knownField(keyRange, hasEscapes: keyHasEscapes) {
                guard fields[field] == nil else {
                    throw APIError(status: 400, message: "field '\(field.name)' appears more than once (at byte \(keyStart))")
                }
                fields[field] = try readValue(depth: depth)
            } else {
                _ = try readValue(depth: depth)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return
            default: throw failure("expected ',' or '}' after a member, found \(found())")
            }
        }
    }

    /// Reads an array whose `[` is at `position`.
    private mutating func readArray(depth: Int) throws(APIError) {
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
        position += 1  // [
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            _ = try readValue(depth: depth)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return
            default: throw failure("expected ',' or ']' in an array, found \(found())")
            }
        }
    }

    /// Reads any value at `position` (white space already skipped).
    ///
    /// - Parameter depth: the depth of the container holding the value.
    private mutating func readValue(depth: Int) throws(APIError) -> RequestValue {
        guard let byte = peek() else { throw failure("expected a value, found the end of the body") }
        switch byte {
        case UInt8(ascii: "\""):
            let (range, hasEscapes) = try scanString()
            return hasEscapes ? .escapedString(range) : .string(range)
        case UInt8(ascii: "{"):
            try readObject(depth: depth + 1)
            return .object
        case UInt8(ascii: "["):
            try readArray(depth: depth + 1)
            return .array
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .boolean(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .boolean(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"):
            return .number(try scanNumber())
        default:
            throw failure("expected a value, found \(found())")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(APIError) {
        let matches = literal.withUTF8Buffer { word in
            bytes.count - position >= word.count && word.indices.allSatisfy { bytes[position + $0] == word[$0] }
        }
        guard matches else { throw failure("invalid literal, expected '\(literal)'") }
        position += literal.utf8CodeUnitCount
    }

    private func knownField(_ range: Range<Int>, hasEscapes: Bool) -> RequestFields.Field? {
        if !hasEscapes {
            return RequestFields.Field(key: UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
        return Self.unescape(UnsafeRawBufferPointer(rebasing: bytes[range])).withUnsafeBytes {
            RequestFields.Field(key: $0)
        }
    }

    // MARK: - Numbers

    /// Checks `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` and returns its range.
    private mutating func scanNumber() throws(APIError) -> Range<Int> {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        switch peek() {
        case UInt8(ascii: "0"):
            position += 1
            if let next = peek(), isDigit(next) { throw failure("a number has a leading zero") }
        case let byte? where isDigit(byte):
            skipDigits()
        default:
            throw failure("a number needs a digit, found \(found())")
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let byte = peek(), isDigit(byte) else { throw failure("a number needs a digit after '.', found \(found())") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek(), isDigit(byte) else { throw failure("a number needs a digit in its exponent, found \(found())") }
            skipDigits()
        }
        return start ..< position
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { position += 1 }
    }

    // MARK: - Strings

    /// Checks the string whose `"` is at `position` and moves past its closing quote.
    ///
    /// - Returns: the contents' range (between the quotes) and whether it has escapes.
    private mutating func scanString() throws(APIError) -> (Range<Int>, Bool) {
        position += 1  // "
        let start = position
        var hasEscapes = false
        let count = bytes.count
        while true {
            // Printable ASCII but for `"` and `\` (most bytes of a request), in a
            // tight loop: eight at a time, then straight to the first other byte
            // of the word that has one (its lowest flag bit).
            var i = position
            while count - i >= 8 {
                let special = Self.specialBytes(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if special != 0 {
                    i += special.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            if count - i < 8 {
                while i < count {
                    let byte = bytes[i]
                    guard byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") else { break }
                    i += 1
                }
            }
            position = i
            guard position < count else { throw failure("a string is not terminated") }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return (start ..< position - 1, hasEscapes)
            case UInt8(ascii: "\\"):
                hasEscapes = true
                try scanEscape()
            case 0x00 ..< 0x20:
                throw failure("a control character (byte 0x\(hex(byte))) must be escaped in a string")
            default:
                try scanUTF8Sequence()
            }
        }
    }

    /// The high bit of each byte of `word` (little-endian: byte 0 lowest)
    /// that is not printable ASCII other than `"` and `\` (0x20…0x7F but
    /// 0x22 and 0x5C); 0 when all eight are. Each test is the "some byte is
    /// zero / below n" bit trick, whose lowest flag is always exact (a
    /// borrow only runs upwards), so the lowest set bit marks the first such byte.
    @inline(__always)
    package static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let below20 = (word &- ones &* 0x20) & ~word & highs
        let quotes = (quote &- ones) & ~quote & highs
        let backslashes = (backslash &- ones) & ~backslash & highs
        return below20 | quotes | backslashes | (word & highs)
    }

    /// Checks the escape whose `\` is at `position`.
    private mutating func scanEscape() throws(APIError) {
        position += 1  // \
        switch peek() {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 1
        case UInt8(ascii: "u"):
            let escapeStart = position - 1
            let unit = try scanHex4()
            switch unit {
            case 0xD800 ..< 0xDC00:
                guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else {
                    position = escapeStart
                    throw failure("a high surrogate \\u\(hex4(unit)) is not followed by a low surrogate")
                }
                position += 1
                let low = try scanHex4()
                guard (0xDC00 ..< 0xE000).contains(low) else {
                    position = escapeStart
                    throw failure("a high surrogate \\u\(hex4(unit)) is not followed by a low surrogate")
                }
            case 0xDC00 ..< 0xE000:
                position = escapeStart
                throw failure("a lone low surrogate \\u\(hex4(unit))")
            default:
                break
            }
        default:
            throw failure("invalid escape: found \(found()) after '\\'")
        }
    }

    /// Reads `uXXXX` at `position` (the `u` included) and returns the code unit.
    private mutating func scanHex4() throws(APIError) -> UInt16 {
        position += 1  // u
        guard bytes.count - position >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0 ..< 4 {
            guard let digit = Self.hexValue(bytes[position]) else { throw failure("a \\u escape needs four hex digits") }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Checks one multi-byte UTF-8 sequence at `position` (Unicode Table 3-7:
    /// no overlong forms, no surrogates, nothing above U+10FFFF).
    private mutating func scanUTF8Sequence() throws(APIError) {
        let lead = bytes[position]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2 ... 0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1 ... 0xEC, 0xEE ... 0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1 ... 0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw failure("invalid UTF-8 (byte 0x\(hex(lead)))")
        }
        guard bytes.count - position >= length else { throw failure("truncated UTF-8 sequence") }
        let second = bytes[position + 1]
        guard second >= secondLow, second <= secondHigh else { throw failure("invalid UTF-8 (byte 0x\(hex(lead)) 0x\(hex(second)))") }
        for offset in 2 ..< length where bytes[position + offset] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8 continuation byte 0x\(hex(bytes[position + offset]))")
        }
        position += length
    }

    /// The UTF-8 bytes a string's contents (between its quotes, already
    /// checked by this reader) stand for, its escapes decoded.
    package static func unescape(_ contents: UnsafeRawBufferPointer) -> [UInt8] {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(contents.count)
        func hex4(at index: Int) -> UInt32 {
            (0 ..< 4).reduce(0) { $0 << 4 | UInt32(hexValue(contents[index + $1]) ?? 0) }
        }
        var index = 0
        while index < contents.count {
            let byte = contents[index]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                index += 1
                continue
            }
            let kind = contents[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: index)
                index += 4
                if (0xD800 ..< 0xDC00).contains(scalar) {  // a pair, checked by scanEscape
                    let low = hex4(at: index + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                if let value = Unicode.Scalar(scalar) {
                    utf8.append(contentsOf: UTF8.encode(value) ?? UTF8.EncodedScalar())
                }
            default: utf8.append(kind)  // " \ /
            }
        }
        return utf8
    }

    // MARK: - Errors

    /// The standard 400 for a body that is not one JSON object, at the current offset.
    private func failure(_ reason: String) -> APIError {
        APIError(status: 400, message: "body is not a JSON object: \(reason) at byte \(position)")
    }

    /// What is at `position`, for a message: `'x'`, `byte 0xNN` or `the end of the body`.
    private func found() -> String {
        guard let byte = peek() else { return "the end of the body" }
        if (0x21 ..< 0x7F).contains(byte) { return "'\(String(UnicodeScalar(byte)))'" }
        return "byte 0x\(hex(byte))"
    }

    private func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + text : text
    }

    private func hex4(_ unit: UInt16) -> String {
        let text = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
