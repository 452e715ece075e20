import Testing
import VoucherTestSupport
@testable import VoucherAPI

@Suite struct JSONRequestReaderTests {
    @Test func readsTheSpecExample() throws {
        let json = SpecExample.body
        let fields = try readDescribed(json).get()
        #expect(fields == [
            .customerID: "number 123", .countryCode: "string Peru", .lastOrderTS: "string 2018-05-03 00:00:00",
            .firstOrderTS: "string 2017-05-03 00:00:00", .totalOrders: "number 3", .segmentName: "string frequent_segment",
        ])
    }

    /// Every known member name, and only those, is recognised: same length or
    /// same first byte is not enough.
    @Test func recognisesExactlyTheKnownNames() {
        for field in RequestFields.Field.allCases {
            let name = Array(field.name.utf8)
            #expect(name.withUnsafeBytes { RequestFields.Field(key: $0) } == field)
            var changed = name
            changed[changed.count - 1] ^= 0x01
            #expect(changed.withUnsafeBytes { RequestFields.Field(key: $0) } == nil, "\(field.name) changed")
            #expect(Array(name.dropLast()).withUnsafeBytes { RequestFields.Field(key: $0) } == nil)
        }
        for other in ["", "t", "timestamps", "country_codes", "segment_nam", "customer_ix", "COUNTRY_CODE"] {
            #expect(Array(other.utf8).withUnsafeBytes { RequestFields.Field(key: $0) } == nil, "\(other)")
        }
    }

    /// A byte that ends or breaks a string's plain run (the reader scans eight
    /// bytes at a time) is seen at every offset of a long string.
    @Test func specialBytesAtEveryOffsetOfALongString() {
        for offset in 0 ..< 24 {
            let before = String(repeating: "a", count: offset), after = String(repeating: "b", count: 24 - offset)
            #expect(describe("\(before)\\\"\(after)") == "string \(before)\"\(after)", "escaped quote at \(offset)")
            #expect(describe("\(before)\u{7F}é\(after)") == "string \(before)\u{7F}é\(after)", "DEL and é at \(offset)")
            #expect(describe("\(before)\u{1F}\(after)") == nil, "control character at \(offset)")
            #expect(describe("\(before)\u{0}\(after)") == nil, "NUL at \(offset)")
            let invalidUTF8 = Array(#"{"country_code": ""#.utf8) + Array(before.utf8) + [0xFF] + Array(after.utf8) + Array(#""}"#.utf8)
            #expect(invalidUTF8.withUnsafeBytes { try? JSONRequestReader.read($0) } == nil, "byte 0xFF at \(offset)")
        }
    }

    /// Byte equality eight bytes at a time, at every length and position of a difference.
    @Test func sameBytesAtEveryLengthAndPosition() {
        for length in 0 ... 24 {
            let a = (0 ..< length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(a.withUnsafeBytes { x in a.withUnsafeBytes { x.sameBytes(as: $0) } })
            for position in 0 ..< length {
                var b = a
                b[position] ^= 0x40
                #expect(!a.withUnsafeBytes { x in b.withUnsafeBytes { x.sameBytes(as: $0) } }, "\(position) of \(length)")
            }
            let longer = a + [0]
            #expect(!a.withUnsafeBytes { x in longer.withUnsafeBytes { x.sameBytes(as: $0) } })
        }
    }

    /// The word test's lowest flag is the first byte a string cannot hold
    /// as is, for every byte value at every position, after plain bytes and
    /// before any bytes at all (flags above the first may be spurious, and
    /// are never used).
    @Test func specialBytesFlagsTheFirstOneExactly() {
        func isSpecial(_ byte: UInt8) -> Bool { byte < 0x20 || byte >= 0x80 || byte == 0x22 || byte == 0x5C }
        var random = SplitMix(seed: 7)
        for position in 0 ..< 8 {
            for value in 0 ... 255 {
                for _ in 0 ..< 4 {
                    var bytes = (0 ..< 8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                    for i in 0 ..< position { bytes[i] = UInt8(0x20 + random.next() % 0x5F) }
                    for i in 0 ..< position where isSpecial(bytes[i]) { bytes[i] = UInt8(ascii: "a") }
                    bytes[position] = UInt8(value)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let flags = JSONRequestReader.specialBytes(UInt64(littleEndian: word))
                    let expected = bytes.firstIndex(where: isSpecial)
                    #expect((flags == 0 ? nil : flags.trailingZeroBitCount >> 3) == expected, "\(bytes)")
                }
            }
        }
    }

    /// The country code of `{"country_code": "<content>"}` as read, or nil when refused.
    private func describe(_ content: String) -> String? {
        try? readDescribed(#"{"country_code": ""# + content + #""}"#).get()[.countryCode]
    }

    static let values: [(json: String, expected: String)] = [
        // Literals and numbers.
        (#"{"total_orders": null}"#, "null"),
        (#"{"total_orders": true}"#, "boolean true"),
        (#"{"total_orders": false}"#, "boolean false"),
        (#"{"total_orders": 0}"#, "number 0"),
        (#"{"total_orders": -0}"#, "number -0"),
        (#"{"total_orders": 3.0}"#, "number 3.0"),
        (#"{"total_orders": -12.5e+3}"#, "number -12.5e+3"),
        (#"{"total_orders": 1E-7}"#, "number 1E-7"),
        (#"{"total_orders": 123456789012345678901234567890}"#, "number 123456789012345678901234567890"),
        // Strings and escapes.
        (#"{"country_code": ""}"#, "string "),
        (#"{"country_code": " peru "}"#, "string  peru "),
        (#"{"country_code": "a\"b\\c\/d"}"#, #"string a"b\c/d"#),
        (#"{"country_code": "\b\f\n\r\t"}"#, "string \u{8}\u{C}\n\r\t"),
        (#"{"country_code": "Espa\u00f1a"}"#, "string España"),
        (#"{"country_code": "\u00E9\u0000x"}"#, "string é\u{0}x"),
        (#"{"country_code": "\ud83d\ude00!"}"#, "string 😀!"),
        (#"{"country_code": "España 😀"}"#, "string España 😀"),
        // Containers are validated and kept only as their kind.
        (#"{"country_code": {"a": [1, {"b": null}], "c": "\u0041"}}"#, "object"),
        (#"{"country_code": []}"#, "array"),
        (#"{"country_code": [[[]], {}, "x", 1e5, true]}"#, "array"),
        // White space everywhere allowed, and keys with escapes.
        (" \t\r\n{ \"country_code\" \n:\t\"x\" \r\n} \n", "string x"),
        (#"{"country\u005fcode": "x"}"#, "string x"),
    ]

    @Test(arguments: values)
    func readsValues(_ json: String, _ expected: String) throws {
        let fields = try readDescribed(json).get()
        let value = fields[.totalOrders] ?? fields[.countryCode]
        #expect(value == expected)
    }

    @Test func ignoresUnknownMembersAndNestedKnownNames() throws {
        let json = #"{"extra": {"total_orders": 5, "segment_name": "x"}, "Total_Orders": 1, "total_orders ": 2, "a": 1, "a": 2}"#
        #expect(try readDescribed(json).get() == [:])
        #expect(try readDescribed("{}").get() == [:])
    }

    static let invalid: [(json: String, message: String)] = [
        // Not an object at the root.
        ("", "body is not a JSON object: the body is empty at byte 0"),
        ("   ", "body is not a JSON object: expected '{', found the end of the body at byte 3"),
        ("[]", "body is not a JSON object: expected '{', found '[' at byte 0"),
        (#""text""#, "body is not a JSON object: expected '{', found '\"' at byte 0"),
        ("3", "body is not a JSON object: expected '{', found '3' at byte 0"),
        ("null", "body is not a JSON object: expected '{', found 'n' at byte 0"),
        ("\u{FEFF}{}", "body is not a JSON object: expected '{', found byte 0xEF at byte 0"),
        // Trailing garbage and unterminated objects.
        ("{} x", "body is not a JSON object: unexpected 'x' after the object at byte 3"),
        ("{}{}", "body is not a JSON object: unexpected '{' after the object at byte 2"),
        ("{}\0", "body is not a JSON object: unexpected byte 0x00 after the object at byte 2"),
        ("{", "body is not a JSON object: expected a string key, found the end of the body at byte 1"),
        (#"{"a": 1"#, "body is not a JSON object: expected ',' or '}' after a member, found the end of the body at byte 7"),
        (#"{"a": 1,}"#, "body is not a JSON object: expected a string key, found '}' at byte 8"),
        (#"{"a" 1}"#, "body is not a JSON object: expected ':' after the key, found '1' at byte 5"),
        (#"{a: 1}"#, "body is not a JSON object: expected a string key, found 'a' at byte 1"),
        (#"{"a": }"#, "body is not a JSON object: expected a value, found '}' at byte 6"),
        (#"{"a": [1,]}"#, "body is not a JSON object: expected a value, found ']' at byte 9"),
        (#"{"a": [1 2]}"#, "body is not a JSON object: expected ',' or ']' in an array, found '2' at byte 9"),
        (#"{'a': 1}"#, "body is not a JSON object: expected a string key, found ''' at byte 1"),
        // Literals and numbers.
        (#"{"a": tru}"#, "body is not a JSON object: invalid literal, expected 'true' at byte 6"),
        (#"{"a": nul"#, "body is not a JSON object: invalid literal, expected 'null' at byte 6"),
        (#"{"a": True}"#, "body is not a JSON object: expected a value, found 'T' at byte 6"),
        (#"{"a": 01}"#, "body is not a JSON object: a number has a leading zero at byte 7"),
        (#"{"a": +1}"#, "body is not a JSON object: expected a value, found '+' at byte 6"),
        (#"{"a": -}"#, "body is not a JSON object: a number needs a digit, found '}' at byte 7"),
        (#"{"a": 1.}"#, "body is not a JSON object: a number needs a digit after '.', found '}' at byte 8"),
        (#"{"a": .5}"#, "body is not a JSON object: expected a value, found '.' at byte 6"),
        (#"{"a": 1e}"#, "body is not a JSON object: a number needs a digit in its exponent, found '}' at byte 8"),
        (#"{"a": NaN}"#, "body is not a JSON object: expected a value, found 'N' at byte 6"),
        // Strings.
        (#"{"a": "x}"#, "body is not a JSON object: a string is not terminated at byte 9"),
        ("{\"a\": \"x\ny\"}", "body is not a JSON object: a control character (byte 0x0A) must be escaped in a string at byte 8"),
        (#"{"a": "\x"}"#, #"body is not a JSON object: invalid escape: found 'x' after '\' at byte 8"#),
        (#"{"a": "\u12"}"#, #"body is not a JSON object: a \u escape needs four hex digits at byte 11"#),
        (#"{"a": "\u12G4"}"#, #"body is not a JSON object: a \u escape needs four hex digits at byte 11"#),
        (#"{"a": "\ud83d"}"#, #"body is not a JSON object: a high surrogate \uD83D is not followed by a low surrogate at byte 7"#),
        (#"{"a": "\ud83d\u0041"}"#, #"body is not a JSON object: a high surrogate \uD83D is not followed by a low surrogate at byte 7"#),
        (#"{"a": "\ude00"}"#, #"body is not a JSON object: a lone low surrogate \uDE00 at byte 7"#),
    ]

    @Test(arguments: invalid)
    func refusesInvalidBodies(_ json: String, _ message: String) {
        #expect(readError(json) == message)
    }

    static let invalidUTF8: [(bytes: [UInt8], message: String)] = [
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], "invalid UTF-8 (byte 0xFF) at byte 6"),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D], "invalid UTF-8 (byte 0xC0) at byte 6"),  // overlong '/'
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], "invalid UTF-8 (byte 0xED 0xA0) at byte 6"),  // surrogate
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE2, 0x82, 0x22, 0x7D], "invalid UTF-8 continuation byte 0x22 at byte 6"),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xF0, 0x9F], "truncated UTF-8 sequence at byte 6"),
    ]

    @Test(arguments: invalidUTF8)
    func refusesInvalidUTF8(_ bytes: [UInt8], _ message: String) {
        let error = bytes.withUnsafeBytes { body -> APIError? in
            do throws(APIError) { _ = try JSONRequestReader.read(body); return nil } catch { return error }
        }
        #expect(error?.status == 400)
        #expect(error?.message == "body is not a JSON object: " + message)
    }

    @Test func limitsNesting() {
        let deepest = String(repeating: "[", count: 31) + String(repeating: "]", count: 31)
        #expect(readError(#"{"a": "# + deepest + "}") == nil)  // 1 object + 31 arrays = 32 levels
        let tooDeep = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(readError(#"{"a": "# + tooDeep + "}") == "body is not a JSON object: nesting deeper than 32 levels at byte 37")
        let objects = String(repeating: #"{"a": "#, count: 100_000)
        #expect(readError(objects)?.hasPrefix("body is not a JSON object: nesting deeper than 32 levels") == true)
    }

    @Test func refusesDuplicateKnownMembers() {
        #expect(readError(#"{"total_orders": 1, "total_orders": 1}"#) == "field 'total_orders' appears more than once (at byte 20)")
        #expect(readError(#"{"segment_name": null, "segment\u005fname": "x"}"#)
            == "field 'segment_name' appears more than once (at byte 23)")
    }

    @Test func everyFailureIsA400() {
        for (json, _) in Self.invalid {
            if case .failure(let error) = readDescribed(json) { #expect(error.status == 400) }
        }
    }
}
