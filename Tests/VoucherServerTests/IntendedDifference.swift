/// A documented way in which the server's parser reads a stream otherwise
/// than llhttp (SwiftNIO's `HTTPRequestDecoder`), where llhttp refuses or
/// stops and ours reads a request on (the README's "The HTTP API" lists
/// them).
///
/// A difference is explained only by showing it: the rule rewrites the
/// request ours read and llhttp did not so that the feature is gone, ours
/// must still read that request, and the rewritten stream is compared again
/// from the start (with every rule available again). So a rule cannot hide
/// any other difference in the same request or after it.
struct IntendedDifference: Sendable {
    let name: String
    /// The rewritten stream, when the rule explains why llhttp (ending as
    /// `reference` says) read request `index` otherwise than ours, or not
    /// at all (then `index` is `reference.requests.count`).
    let rewrite: @Sendable (_ ours: OurParserRun, _ reference: ParsedStream, _ index: Int) -> [UInt8]?

    /// Every intended difference.
    static let all: [IntendedDifference] = [anyMethod, minorVersion, upgrade, contentLengthSpace, absoluteForm, connectionTab]

    /// Any token is a method (RFC 9110 §9.1: methods are extensible), read
    /// like any other and answered 404 or 405; llhttp knows a fixed list.
    static let anyMethod = IntendedDifference(name: "method outside llhttp's list") { ours, reference, index in
        guard index == reference.requests.count, reference.ending.refusal(contains: "invalid HTTP method") else { return nil }
        return replacing(ours.requests[index].method, with: "POST", in: ours.bytes)
    }

    /// `HTTP/1.2` to `HTTP/1.9` are read as HTTP/1.1 (RFC 9110 §2.5: a
    /// recipient should process a higher minor version as the highest it
    /// implements); llhttp refuses them.
    static let minorVersion = IntendedDifference(name: "HTTP/1.x above 1.1") { ours, reference, index in
        let request = ours.requests[index]
        guard index == reference.requests.count, reference.ending.refusal(contains: "invalid HTTP version"),
              request.parsed.version != "1.0", request.parsed.version != "1.1" else { return nil }
        return replacing(request.version, with: "HTTP/1.1", in: ours.bytes)
    }

    /// The server switches to no other protocol: a request with `Upgrade`
    /// (and `Connection: upgrade`) or `CONNECT` is answered like any other
    /// and the connection goes on; llhttp stops reading after it (after its
    /// head for `CONNECT`, leaving any body unread).
    static let upgrade = IntendedDifference(name: "protocol upgrade ignored") { ours, reference, index in
        // The request llhttp stopped after (reading no body if it was a `CONNECT`).
        let upgraded = reference.requests.count - 1
        guard case .stopped = reference.ending, upgraded >= 0, index == upgraded || index == upgraded + 1 else { return nil }
        let request = ours.requests[upgraded]
        guard ReferenceDecoder.isUpgrade(request.parsed) else { return nil }
        if request.parsed.method == "CONNECT" { return replacing(request.method, with: "POST", in: ours.bytes) }
        var bytes = ours.bytes
        for (field, name) in zip(request.fields, request.parsed.headers) where name.name.lowercased() == "upgrade" {
            bytes[field.name.lowerBound] = UInt8(ascii: "X")  // `Xpgrade`: same length, no upgrade
        }
        return bytes
    }

    /// White space around a `Content-Length` value is optional white space
    /// like any field's (RFC 9110 §5.5); llhttp refuses some of it.
    static let contentLengthSpace = IntendedDifference(name: "white space around Content-Length") { ours, reference, index in
        guard index == reference.requests.count, reference.ending.refusal(contains: "content-length") else { return nil }
        let request = ours.requests[index]
        for field in request.fields where String(decoding: ours.bytes[field.name], as: UTF8.self).lowercased() == "content-length" {
            let value = ours.bytes[field.value]
            let plain = [UInt8(ascii: " ")] + ParsedStream.trimmed(value)
            if Array(value) != plain { return replacing(field.value, with: plain, in: ours.bytes) }
        }
        return nil
    }

    /// An absolute-form target (`http://host/path`) is routed by its path;
    /// the authority is not checked (the server serves one host). llhttp
    /// checks it and refuses some.
    static let absoluteForm = IntendedDifference(name: "absolute-form authority") { ours, reference, index in
        guard index == reference.requests.count, reference.ending.refusal(contains: "invalid URL") else { return nil }
        let request = ours.requests[index]
        let target = Array(ours.bytes[request.target])
        let lower = String(decoding: target, as: UTF8.self).lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else { return nil }
        let rest = target.dropFirst(scheme.utf8.count)
        let path = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }.map { Array(rest[$0...]) } ?? []
        let origin = path.first == UInt8(ascii: "/") ? path : [UInt8(ascii: "/")] + path
        return replacing(request.target, with: origin, in: ours.bytes)
    }

    /// `Connection` tokens may be followed by a tab (optional white space,
    /// RFC 9110 §5.6.1); llhttp does not see `close` or `keep-alive` then.
    static let connectionTab = IntendedDifference(name: "tab after a Connection token") { ours, reference, index in
        guard index < ours.requests.count else { return nil }
        let request = ours.requests[index]
        var bytes = ours.bytes, changed = false
        for (field, parsed) in zip(request.fields, request.parsed.headers) where parsed.name.lowercased() == "connection" {
            for i in field.value where bytes[i] == 0x09 {
                bytes[i] = 0x20
                changed = true
            }
        }
        return changed ? bytes : nil
    }

    /// Our request closes the connection where llhttp's stays open: when
    /// `Connection` lists both `close` and `keep-alive` (close wins), and
    /// when an HTTP/1.0 request asks for keep-alive with `Proxy-Connection`
    /// only (not a standard field; llhttp reads it as `Connection`). Ours
    /// reads less, never more.
    static func closesEarlier(_ request: ParsedStream.Request) -> Bool {
        let tokens = request.headers.filter { $0.name.lowercased() == "connection" }
            .flatMap { $0.value.lowercased().split(separator: ",").map(\.trimmingSpaces) }
        if tokens.contains("close") && tokens.contains("keep-alive") { return true }
        return request.version == "1.0" && !tokens.contains("keep-alive")
            && request.headers.contains { $0.name.lowercased() == "proxy-connection" }
    }

    static func replacing(_ range: Range<Int>, with text: String, in bytes: [UInt8]) -> [UInt8] {
        replacing(range, with: Array(text.utf8), in: bytes)
    }

    static func replacing(_ range: Range<Int>, with new: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes.replaceSubrange(range, with: new)
        return bytes
    }
}

extension ParsedStream.Ending {
    /// Whether this is a refusal whose text contains `text`.
    func refusal(contains text: String) -> Bool {
        if case .refused(let why) = self { return why.contains(text) }
        return false
    }
}
