/// One JSON value as the request reader saw it, without copying the body.
///
/// Ranges are byte offsets into the body the reader was given; they are
/// valid only as long as that body is. A plain value (no reference in it):
/// the request path copies it for nothing.
package enum RequestValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case boolean(Bool)
    /// A number; the range holds its text, already checked against RFC 8259's grammar.
    case number(Range<Int>)
    /// A string without escapes; the range holds its contents (between the
    /// quotes), already checked to be well-formed UTF-8.
    case string(Range<Int>)
    /// A string with escapes; the range holds its contents as written
    /// (between the quotes), already checked; decoded when it is read.
    case escapedString(Range<Int>)
    /// An object (validated, not kept).
    case object
    /// An array (validated, not kept).
    case array

    /// The JSON type's name, for error messages: `"a string"`, `"null"`, ….
    package var kind: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .number: "a number"
        case .string, .escapedString: "a string"
        case .object: "an object"
        case .array: "an array"
        }
    }

    /// True for both kinds of string.
    package var isString: Bool {
        switch self {
        case .string, .escapedString: true
        default: false
        }
    }

    /// Calls `body` with the UTF-8 bytes of a string value (`nil` for any other value).
    ///
    /// Allocation-free for strings without escapes (one with escapes is
    /// decoded into a temporary array).
    ///
    /// - Parameter source: the body the value was read from.
    package func withStringBytes<R>(in source: UnsafeRawBufferPointer,
                                    _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        switch self {
        case .string(let range):
            UnsafeRawBufferPointer(rebasing: source[range]).withMemoryRebound(to: UInt8.self) { body($0) }
        case .escapedString(let range):
            JSONRequestReader.unescape(UnsafeRawBufferPointer(rebasing: source[range])).withUnsafeBufferPointer { body($0) }
        default:
            nil
        }
    }

    /// A string value as a `String` (`nil` for any other value).
    ///
    /// - Parameter source: the body the value was read from.
    package func string(in source: UnsafeRawBufferPointer) -> String? {
        switch self {
        case .string(let range): String(decoding: UnsafeRawBufferPointer(rebasing: source[range]), as: UTF8.self)
        case .escapedString(let range):
            String(decoding: JSONRequestReader.unescape(UnsafeRawBufferPointer(rebasing: source[range])), as: UTF8.self)
        default: nil
        }
    }
}
