import Testing
import VoucherPublish

/// The pointer line of `current` and `history`.
@Suite struct PublishedPointerTests {
    static let sha = String(repeating: "ab", count: 32)

    @Test func aLineRoundTrips() throws {
        let pointer = PublishedPointer(sha256: Self.sha, publishedAt: "2026-12-02T17:40:05Z", action: "publish")
        #expect(pointer.line == "\(Self.sha) 2026-12-02T17:40:05Z publish\n")
        #expect(try PublishedPointer(text: pointer.line, object: "current") == pointer)
        #expect(try PublishedPointer.lines(pointer.line + "\n" + pointer.line, object: "history") == [pointer, pointer])
    }

    @Test(arguments: [
        ("", "expected '<sha256> <published-at> <action>'"),
        ("abc 2026-12-02T17:40:05Z publish", "'abc' is not a SHA-256"),
        ("\(String(repeating: "AB", count: 32)) 2026-12-02T17:40:05Z publish", "is not a SHA-256"),
        ("\(String(repeating: "ab", count: 32)) 2026-12-02T17:40:05Z", "expected '<sha256>"),
    ])
    func malformedLinesAreRefused(text: String, message: String) {
        #expect {
            try PublishedPointer(text: text, object: "loc/current")
        } throws: { error in
            let error = error as? PublishError
            return error?.code == .format && error!.message.hasPrefix("loc/current: ") && error!.message.contains(message)
        }
    }

    @Test func aBadHistoryLineIsNamed() {
        let good = "\(Self.sha) 2026-12-02T17:40:05Z publish\n"
        #expect {
            try PublishedPointer.lines(good + "oops\n", object: "loc/history")
        } throws: { error in
            (error as? PublishError)?.message.hasPrefix("loc/history: line 2: ") == true
        }
    }
}
