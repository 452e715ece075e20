import Foundation
import Testing
import VoucherTable

/// The writer replaces a table atomically: a failure leaves the old file
/// intact and no temporary file behind.
@Suite struct TableWriterTests {
    /// A second, different table to write over the fixture.
    static let other = TableFixtures.make(countries: [("peru", "Peru", 2)])

    func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test(arguments: [TableWriter.Fault.afterWriting(bytes: 0), .afterWriting(bytes: 100), .beforeRename])
    func aFailedWriteLeavesTheOldTable(fault: TableWriter.Fault) throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.vtab").path
        try TableWriter.write(TableFixtures.contents, to: path)
        #expect(throws: VoucherTableError.self) { try TableWriter.write(Self.other, to: path, fault: fault) }
        #expect(try files(in: folder) == ["table.vtab"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(TableFixtures.bytes))
        #expect(try VoucherTable(path: path).contents() == TableFixtures.contents)
    }

    @Test func aSuccessfulWriteReplacesTheTable() throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.vtab").path
        try TableWriter.write(TableFixtures.contents, to: path)
        let old = try VoucherTable(path: path)
        try TableWriter.write(Self.other, to: path)
        #expect(try files(in: folder) == ["table.vtab"])
        #expect(try VoucherTable(path: path).contents() == Self.other)
        // A table opened before the replacement keeps answering from the old file.
        #expect(try old.contents() == TableFixtures.contents)
        #expect(old.countryCount == 4)
    }

    @Test func aMissingFolderIsAnIOError() {
        #expect {
            try TableWriter.write(TableFixtures.contents, to: "/nonexistent-voucher-folder/table.vtab")
        } throws: { error in
            (error as? VoucherTableError)?.code == .io && (error as? VoucherTableError)?.errno == ENOENT
        }
    }

    @Test func contentsErrorsWriteNothing() throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bad = TableFixtures.contents
        bad.countries[0].key = "  China"
        #expect(throws: VoucherTableError.self) {
            try TableWriter.write(bad, to: folder.appendingPathComponent("t.vtab").path)
        }
        #expect(try files(in: folder).isEmpty)
    }
}
