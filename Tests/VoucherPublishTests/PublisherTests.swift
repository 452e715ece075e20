import Foundation
import Testing
import VoucherPublish
import VoucherTable
import VoucherTestSupport

/// The local location's operations and the publisher's rules, on tables built in code.
@Suite struct PublisherTests {
    /// A table of one country whose every amount is `amount` (rows kept: `kept`).
    static func table(amount: Int64, kept: Int = 10, to path: String) throws {
        let segments = SegmentConfiguration.standard
        let entries = segments.segments.map { segment in
            segment.buckets.map { _ in
                TableEntry(amount: amount, samples: 1, isFallback: false, histogram: AmountHistogram(amounts: [amount], counts: [1]))
            }
        }
        let country = CountryContents(key: "peru", displayName: "Peru", keptRows: kept,
                                      amounts: AmountHistogram(amounts: [amount], counts: [kept]), entries: entries)
        let dropped = ["voucher_amount", "total_orders", "country_code", "unparseable_time", "first_after_last",
                       "voucher_before_last_order", "duplicate"].map { (reason: $0, count: 0) }
        let contents = TableContents(segments: segments, countries: [country],
                                     summary: CleaningSummary(rowsRead: kept, kept: kept, dropped: dropped),
                                     sources: [SourceIdentity(name: "t.csv", size: 1, sha256: SHA256.hash([UInt8(amount & 0xFF)]))])
        try TableWriter.write(contents, to: path)
    }

    func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = try SharedData.temporaryDirectory("voucher-publisher")
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    @Test func theLocalLocationsOperations() throws {
        try withFolder { folder in
            let location = LocalDirectoryLocation(path: folder.appendingPathComponent("loc").path)
            #expect(try location.readObject("current") == nil)
            #expect(try location.versions() == [])
            #expect(try location.currentPointer() == nil)
            #expect(try location.history() == [])
            try location.writeObject("current", Array("x\n".utf8))
            #expect(try location.readObject("current") == Array("x\n".utf8))
            try location.writeObject("current", Array("y\n".utf8))
            #expect(try location.readObject("current") == Array("y\n".utf8))

            let table = folder.appendingPathComponent("t.vtab").path
            try Self.table(amount: 100, to: table)
            let sha = SHA256.hex(try VoucherTable(path: table).fileSHA256)
            #expect(try location.putVersionIfAbsent(sha256: sha, fromFile: table))
            #expect(try !location.putVersionIfAbsent(sha256: sha, fromFile: table))
            #expect(try location.versions() == [sha])
            let copy = folder.appendingPathComponent("copy.vtab").path
            try location.fetchVersion(sha256: sha, to: copy)
            #expect(FileManager.default.contents(atPath: copy) == FileManager.default.contents(atPath: table))
            try location.deleteVersion(sha256: sha)
            try location.deleteVersion(sha256: sha)  // already gone: no error
            #expect {
                try location.fetchVersion(sha256: sha, to: copy)
            } throws: { ($0 as? PublishError)?.code == .missing }
            // No temporary file is left behind.
            let names = try FileManager.default.contentsOfDirectory(atPath: location.path)
                + FileManager.default.contentsOfDirectory(atPath: location.path + "/versions")
            #expect(!names.contains { $0.hasSuffix(".tmp") })
        }
    }

    @Test func guardsAndTheLiveVersion() throws {
        try withFolder { folder in
            let location = LocalDirectoryLocation(path: folder.appendingPathComponent("loc").path)
            let publisher = Publisher(location: location)
            let a = folder.appendingPathComponent("a.vtab").path, b = folder.appendingPathComponent("b.vtab").path
            try Self.table(amount: 100, kept: 10, to: a)
            try Self.table(amount: 200, kept: 8, to: b)
            let strict = Publisher.Guards(maxChanged: 0.5, minKeptRows: 9)
            guard case .published(let first, let diff, true, []) = try publisher.publish(table: a, guards: strict, force: false, keep: 10) else {
                Issue.record("the first publication was not made")
                return
            }
            #expect(diff.old == nil && diff.changedEntries == 10 && diff.totalEntries == 10)
            guard case .refused(let refused, let reasons) = try publisher.publish(table: b, guards: strict, force: false, keep: 10) else {
                Issue.record("B was not refused")
                return
            }
            #expect(refused.changedEntries == 10 && refused.changes.count == 10 && refused.changes.allSatisfy(\.amountChanged))
            #expect(reasons.count == 2)
            #expect(try location.currentPointer() == first)
            #expect(try location.versions().count == 1)
            guard case .published(let second, _, _, _) = try publisher.publish(table: b, guards: strict, force: true, keep: 10) else {
                Issue.record("--force did not publish")
                return
            }
            #expect(try location.currentPointer() == second)
            #expect(try location.history() == [first, second])
            guard case .unchanged = try publisher.publish(table: b, guards: strict, force: false, keep: 10) else {
                Issue.record("publishing the live table again changed something")
                return
            }
            #expect(try location.history().count == 2)
        }
    }

    @Test func aCorruptVersionIsNotRolledBackTo() throws {
        try withFolder { folder in
            let location = LocalDirectoryLocation(path: folder.appendingPathComponent("loc").path)
            let publisher = Publisher(location: location)
            for amount: Int64 in [100, 200] {
                let path = folder.appendingPathComponent("\(amount).vtab").path
                try Self.table(amount: amount, to: path)
                _ = try publisher.publish(table: path, guards: .init(), force: false, keep: nil)
            }
            let history = try location.history()
            let older = location.objectPath(LocalDirectoryLocation.versionObject(history[0].sha256))
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: older)))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: older))
            #expect {
                try publisher.rollback(to: nil)
            } throws: { error in
                let error = error as? PublishError
                return error?.code == .table && error!.message.contains("version \(history[0].sha256) is not a valid table")
            }
            #expect(try location.currentPointer() == history[1])
        }
    }
}

extension PublisherTests {
    @Test func aBrokenLiveVersionNeedsForce() throws {
        try withFolder { folder in
            let location = LocalDirectoryLocation(path: folder.appendingPathComponent("loc").path)
            let publisher = Publisher(location: location)
            let a = folder.appendingPathComponent("a.vtab").path, b = folder.appendingPathComponent("b.vtab").path
            try Self.table(amount: 100, to: a)
            try Self.table(amount: 200, to: b)
            _ = try publisher.publish(table: a, guards: .init(), force: false, keep: nil)
            let live = try #require(try location.currentPointer())
            try location.deleteVersion(sha256: live.sha256)
            #expect {
                try publisher.publish(table: b, guards: .init(), force: false, keep: nil)
            } throws: { error in
                (error as? PublishError)?.message.hasSuffix("is not in versions/; --force publishes without comparing") == true
            }
            #expect(try location.currentPointer() == live)
            guard case .published(_, let diff, _, _) = try publisher.publish(table: b, guards: .init(), force: true, keep: nil) else {
                Issue.record("--force did not publish over a missing live version")
                return
            }
            #expect(diff.old == nil)
        }
    }
}
