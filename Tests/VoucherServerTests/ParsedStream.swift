/// What a parser made of a byte stream: the requests it read, in order, and
/// how the stream ended. Both sides of the differential test
/// (``OurParserRun`` and ``ReferenceDecoder``) produce one.
struct ParsedStream: CustomStringConvertible {
    /// One request as read: its text fields, decoded as UTF-8 the way NIO
    /// decodes them (invalid sequences become U+FFFD on both sides).
    struct Request: Equatable, CustomStringConvertible {
        var method: String
        var target: String
        /// `"1.1"`.
        var version: String
        /// Names as sent; values without surrounding white space (RFC 9110
        /// §5.5: it is not part of the value; llhttp keeps what trails it).
        var headers: [Field]
        var body: [UInt8]
        var keepAlive: Bool

        var description: String {
            "\(method) \(target) HTTP/\(version) keepAlive=\(keepAlive) \(headers.map(\.description)) body=\(body.count)B"
        }
    }

    struct Field: Equatable, CustomStringConvertible {
        var name: String
        var value: String
        var description: String { "\(name): \(value)" }
    }

    /// How the stream ended.
    enum Ending: Equatable, CustomStringConvertible {
        /// Every byte read, nothing of a request pending.
        case complete
        /// The bytes end inside a request.
        case incomplete
        /// Refused (ours: the status and message; llhttp: its error).
        case refused(String)
        /// Reading stopped without an error: ours after a request that closes
        /// the connection, llhttp after a protocol upgrade.
        case stopped(String)

        var description: String {
            switch self {
            case .complete: "complete"
            case .incomplete: "incomplete"
            case .refused(let why): "refused (\(why))"
            case .stopped(let why): "stopped (\(why))"
            }
        }
    }

    var requests: [Request]
    var ending: Ending

    var description: String {
        requests.enumerated().map { "  [\($0.offset)] \($0.element)" }.joined(separator: "\n") + "\n  then \(ending)"
    }

    /// White space a field value may have around it.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }
}
