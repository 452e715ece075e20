import NIOCore
import NIOEmbedded
import NIOHTTP1

/// SwiftNIO's own request decoder (`HTTPRequestDecoder`, llhttp inside), as
/// the reference of the differential test: `ByteToMessageHandler` on an
/// `EmbeddedChannel`, fed a whole stream at once, then the end of input.
enum ReferenceDecoder {
    /// What llhttp reads from `bytes`.
    static func parse(_ bytes: [UInt8]) -> ParsedStream {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        } catch {
            return ParsedStream(requests: [], ending: .refused("pipeline: \(error)"))
        }
        var failure: (any Error)? = nil
        do {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        } catch {
            failure = error
        }
        var requests: [ParsedStream.Request] = []
        var current: ParsedStream.Request? = nil
        func collect() {
            while let part = try? channel.readInbound(as: HTTPServerRequestPart.self) {
                switch part {
                case .head(let head):
                    current = ParsedStream.Request(
                        method: head.method.rawValue, target: head.uri,
                        version: "\(head.version.major).\(head.version.minor)",
                        headers: head.headers.map { name, value in
                            ParsedStream.Field(name: name, value: String(decoding: ParsedStream.trimmed(Array(value.utf8)[...]),
                                                                          as: UTF8.self))
                        },
                        body: [], keepAlive: head.isKeepAlive)
                case .body(let buffer):
                    current?.body += Array(buffer.readableBytesView)
                case .end:
                    if let request = current { requests.append(request) }
                    current = nil
                }
            }
        }
        collect()
        if let failure { return ParsedStream(requests: requests, ending: .refused("\(failure)")) }
        // The end of input: llhttp says whether it came inside a message.
        var atEnd: (any Error)? = nil
        do {
            _ = try channel.finish()
        } catch {
            atEnd = error
        }
        collect()
        if current != nil || atEnd != nil { return ParsedStream(requests: requests, ending: .incomplete) }
        if let last = requests.last, isUpgrade(last) {
            return ParsedStream(requests: requests, ending: .stopped("protocol upgrade"))
        }
        return ParsedStream(requests: requests, ending: .complete)
    }

    /// llhttp hands the connection over after `CONNECT`, and after a request
    /// with an `Upgrade` field and `upgrade` among its `Connection` tokens;
    /// NIO's decoder then reads nothing more.
    static func isUpgrade(_ request: ParsedStream.Request) -> Bool {
        if request.method == "CONNECT" { return true }
        let hasUpgrade = request.headers.contains { $0.name.lowercased() == "upgrade" }
        let connectionUpgrade = request.headers.contains { field in
            field.name.lowercased() == "connection"
                && field.value.split(separator: ",").contains { $0.trimmingSpaces.lowercased() == "upgrade" }
        }
        return hasUpgrade && connectionUpgrade
    }
}

extension Substring {
    /// Without spaces and tabs around it.
    var trimmingSpaces: String {
        String(decoding: ParsedStream.trimmed(Array(utf8)[...]), as: UTF8.self)
    }
}
