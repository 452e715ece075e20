import Testing
@testable import VoucherAPI

/// Whole values decided on the decimal text, never through `Double`.
@Suite struct JSONWholeNumberTests {
    static let cases: [(text: String, expected: JSONWholeNumber)] = [
        ("0", .integer(0)), ("-0", .integer(0)), ("-0.0e-5", .integer(0)), ("3", .integer(3)), ("3.0", .integer(3)),
        ("30e-1", .integer(3)), ("0.3e1", .integer(3)), ("0.0003E+4", .integer(3)), ("100e-2", .integer(1)),
        ("1e18", .integer(1_000_000_000_000_000_000)), ("-7", .integer(-7)), ("-7.000", .integer(-7)),
        ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("922337203685477580.7e1", .integer(.max)),
        ("9223372036854775808", .outOfRange(negative: false)), ("-9223372036854775809", .outOfRange(negative: true)),
        ("1e19", .outOfRange(negative: false)), ("1e999999999999", .outOfRange(negative: false)),
        ("-1e30", .outOfRange(negative: true)), ("3.5", .fractional), ("1e-400", .fractional), ("-0.1", .fractional),
        ("12345678901234567890123.5", .fractional), ("0.5e1", .integer(5)), ("0.05e1", .fractional),
        // Either side of the plain-digits path (up to 18 digits).
        ("123", .integer(123)), ("999999999999999999", .integer(999_999_999_999_999_999)),
        ("1000000000000000000", .integer(1_000_000_000_000_000_000)), ("-999999999999999999", .integer(-999_999_999_999_999_999)),
    ]

    @Test(arguments: cases)
    func interpretsText(_ text: String, _ expected: JSONWholeNumber) {
        let value = Array(text.utf8).withUnsafeBytes { JSONWholeNumber(text: $0) }
        #expect(value == expected)
    }
}
