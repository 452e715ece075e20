import Foundation
import Testing
import VoucherTable

/// The corruption matrix: every flipped byte, every truncation, and each
/// header and directory fault refused with its own message.
@Suite struct CorruptionTests {
    let bytes = TableFixtures.bytes

    @Test func theFixtureOpens() {
        #expect(TableFixtures.openError(bytes) == nil)
    }

    @Test func everyFlippedByteIsRefused() {
        var accepted: [Int] = []
        var copy = bytes
        for index in copy.indices {
            for mask: UInt8 in [0xFF, 0x01, 0x80] {
                copy[index] ^= mask
                if TableFixtures.openError(copy) == nil { accepted.append(index) }
                copy[index] ^= mask
            }
        }
        #expect(accepted.isEmpty, "flips accepted at bytes \(accepted.prefix(20))")
    }

    @Test func everyTruncationAndExtensionIsRefused() {
        var accepted: [Int] = []
        for length in 0 ..< bytes.count where TableFixtures.openError(Array(bytes[0 ..< length])) == nil {
            accepted.append(length)
        }
        #expect(accepted.isEmpty, "truncations accepted: \(accepted.prefix(20))")
        #expect(TableFixtures.openError(bytes + [0]) != nil)
        #expect(TableFixtures.openError(bytes + [UInt8](repeating: 0, count: 8)) != nil)
    }

    /// Each fault, the field it names and words of its message.
    @Test func headerAndDirectoryFaultsNameTheirField() {
        func edited(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = bytes
            edit(&copy)
            return copy
        }
        let sourcesEntry = 32 + 5 * 32
        let padding = TableFixtures.table.header.sections.first { $0.end % 8 != 0 }!.end
        let cases: [(String, [UInt8], String, Int, String)] = [
            ("short", Array(bytes[0 ..< 31]), "length", 0, "shorter than the 32-byte header"),
            ("magic", edited { $0[1] = UInt8(ascii: "X") }, "magic", 0, "not a voucher table"),
            ("major", edited { TableFixtures.writeU16(&$0, 8, 2) }, "majorVersion", 8, "major version 2 is not supported"),
            ("minor", edited { TableFixtures.writeU16(&$0, 10, 1) }, "minorVersion", 10, "version 1.1 is newer than this reader supports (1.0)"),
            ("header length", edited { TableFixtures.writeU32(&$0, 12, 40) }, "headerLength", 12, "header length 40"),
            ("declared length", edited { TableFixtures.writeU32(&$0, 16, UInt32(bytes.count + 8)) }, "fileLength", 16,
             "declares \(bytes.count + 8) bytes but the file has \(bytes.count)"),
            ("section count", edited { TableFixtures.writeU32(&$0, 24, 1000) }, "sectionCount", 24, "1000 sections"),
            ("kind", edited { TableFixtures.writeU32(&$0, 32 + 32, 9) }, "kind", 64, "entry 1 has kind 9"),
            ("encoding", edited { TableFixtures.writeU32(&$0, 32 + 4, 1) }, "encoding", 36, "section hot has encoding 1"),
            ("offset", edited { TableFixtures.writeU32(&$0, sourcesEntry + 8, TableFixtures.readU32(bytes, sourcesEntry + 8) + 8) },
             "offset", sourcesEntry + 8, "section sources starts at"),
            ("out of bounds", edited { TableFixtures.writeU32(&$0, sourcesEntry + 16, 1 << 20) }, "length", sourcesEntry + 16,
             "runs past the end"),
            ("padding", edited { $0[padding] = 1 }, "padding", padding, "is not zero"),
            ("entry length", edited { $0[29] ^= 1 }, "directoryEntryLength", 28, "directory entry length"),
            ("directory crc", edited { TableFixtures.writeU32(&$0, sourcesEntry + 24, 0) }, "crc32", 32 + 6 * 32,
             "does not match"),
        ]
        for (name, bad, field, offset, words) in cases {
            guard let error = TableFixtures.openError(bad) else {
                Issue.record("\(name): accepted")
                continue
            }
            #expect(error.field == field, "\(name): \(error)")
            #expect(error.offset == offset, "\(name): \(error)")
            #expect(error.description.contains(words), "\(name): \(error)")
            #expect(error.description.hasPrefix("<memory>: "), "\(name): \(error)")
        }
    }

    @Test func aNewerMinorWithinSupportIsAccepted() throws {
        var newer = bytes
        TableFixtures.writeU16(&newer, 10, 1)
        newer = TableFixtures.resealed(newer)
        #expect(TableFixtures.openError(newer, supportedMinorVersion: 1) == nil)
        #expect(TableFixtures.openError(newer)?.field == "minorVersion")
        var newest = bytes
        TableFixtures.writeU16(&newest, 10, 2)
        #expect(TableFixtures.openError(TableFixtures.resealed(newest), supportedMinorVersion: 1)?.field == "minorVersion")
    }

    @Test func aCorruptColdSectionFailsItsChecksum() throws {
        let table = TableFixtures.table
        let histograms = table.header.sections[3]
        var bad = bytes
        bad[Int(histograms.offset) + 3] ^= 0x10
        let error = try #require(TableFixtures.openError(bad))
        #expect(error.code == .checksum)
        #expect(error.section == "histograms")
        #expect(error.offset == Int(histograms.offset))
    }

    /// Faults that keep every CRC-32 right (a buggy writer, not a bad disk)
    /// are caught by the hot section's structural checks.
    @Test func structuralFaultsWithValidChecksums() throws {
        let hot = TableFixtures.table.header.sections[0]
        let base = Int(hot.offset)
        func field(_ at: Int) -> Int { Int(TableFixtures.readU32(bytes, base + at)) }
        let entries = field(52), map = field(56), amounts = field(16), countries = field(36)
        let cases: [(String, (inout [UInt8]) -> Void, String)] = [
            ("amount index", { TableFixtures.writeU32(&$0, base + entries, UInt32(amounts)) }, "outside the"),
            ("entry flags", { TableFixtures.writeU32(&$0, base + entries + 4, 6) }, "unknown flags"),
            ("bucket map", { $0[base + map + 3] = 7 }, "maps to bucket 7"),
            ("slot count", { TableFixtures.writeU32(&$0, base + 12, 3) }, "not a power of two"),
            ("key offset", { TableFixtures.writeU32(&$0, base + countries, 1 << 20) }, "outside the"),
            ("slot hash", { TableFixtures.writeU32(&$0, base + countries + 4, 2) }, "hash does not match"),
            ("area offset", { TableFixtures.writeU32(&$0, base + 60, UInt32(field(60) + 1)) }, "stringsOffset"),
        ]
        for (name, edit, words) in cases {
            var bad = bytes
            edit(&bad)
            let crc = CRC32.checksum(Array(bad[base ..< base + Int(hot.length)]))
            TableFixtures.writeU32(&bad, 32 + 24, crc)
            let error = TableFixtures.openError(TableFixtures.resealed(bad))
            #expect(error?.code == .format, "\(name): \(String(describing: error))")
            #expect(error?.section == "hot", "\(name): \(String(describing: error))")
            #expect(error?.description.contains(words) == true, "\(name): \(String(describing: error))")
        }
    }

    /// A compressed section with a right CRC-32 but a broken frame opens
    /// (cold sections are decoded on demand) and fails when decoded.
    @Test func aBrokenFrameFailsOnDemandNamingItsSection() throws {
        let summary = TableFixtures.table.header.sections[4]
        var bad = bytes
        let start = Int(summary.offset)
        for i in start + 4 ..< summary.end { bad[i] = UInt8(truncatingIfNeeded: i) }
        TableFixtures.writeU32(&bad, 32 + 4 * 32 + 24, CRC32.checksum(Array(bad[start ..< summary.end])))
        let table = try VoucherTable(bytes: TableFixtures.resealed(bad))
        #expect(try table.lookup(country: "peru", segment: 0, metricValue: 1).amount > 0)
        #expect { try table.contents() } throws: { error in
            let error = error as? VoucherTableError
            return error?.code == .format && error?.section == "summary" && error?.offset == start
        }
        #expect(try table.sectionBytes(.configuration) == TableFixtures.table.sectionBytes(.configuration))
    }

    @Test func filesTooShortOrMissingAreRefused() throws {
        let folder = try TableFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.vtab").path
        for length in [0, 10, bytes.count - 1] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes[0 ..< length]))
            #expect(throws: VoucherTableError.self) { try VoucherTable(path: path) }
        }
        #expect { try VoucherTable(path: folder.appendingPathComponent("absent").path) } throws: { error in
            let error = error as? VoucherTableError
            return error?.code == .io && error?.errno == ENOENT && error?.description.contains("No such file") == true
        }
        #expect { try VoucherTable(path: folder.path) } throws: { ($0 as? VoucherTableError)?.code == .io }
    }
}
