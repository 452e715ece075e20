/// The file header and the section directory (article: "File header",
/// "Section directory").
///
/// ``encode()`` and ``decode(_:path:supportedMinorVersion:)`` mirror each
/// other field by field; decoding checks each field as it reads it, in the
/// article's validation order (steps 1–6). A value type; safe to share.
package struct TableHeader: Sendable, Equatable {
    package var majorVersion: UInt16 = TableFormat.majorVersion
    package var minorVersion: UInt16 = TableFormat.minorVersion
    /// The whole file's length, bytes.
    package var fileLength: UInt64 = 0
    /// The directory, in file order.
    package var sections: [SectionEntry] = []
    /// CRC-32 of the header and the directory (the bytes before it).
    package var directoryChecksum: UInt32 = 0

    package init() {}

    /// Where the directory checksum lies.
    package var directoryChecksumOffset: Int {
        TableFormat.headerLength + sections.count * TableFormat.directoryEntryLength
    }

    /// The header, the directory, its CRC-32 and 4 zero bytes; the CRC is computed here.
    package func encode() -> [UInt8] {
        var out = ByteWriter(capacity: TableFormat.firstSectionOffset(sectionCount: sections.count))
        out.raw(TableFormat.magic)                          // 0   magic
        out.u16(majorVersion)                               // 8   majorVersion
        out.u16(minorVersion)                               // 10  minorVersion
        out.u32(UInt32(TableFormat.headerLength))           // 12  headerLength
        out.u64(fileLength)                                 // 16  fileLength
        out.u32(UInt32(sections.count))                     // 24  sectionCount
        out.u32(UInt32(TableFormat.directoryEntryLength))   // 28  directoryEntryLength
        for entry in sections {
            out.u32(entry.kind)                             // +0  kind
            out.u32(entry.encoding)                         // +4  encoding
            out.u64(entry.offset)                           // +8  offset
            out.u32(entry.length)                           // +16 length
            out.u32(entry.decodedLength)                    // +20 decodedLength
            out.u32(entry.checksum)                         // +24 crc32
            out.u32(0)                                      // +28 reserved
        }
        out.u32(out.bytes.withUnsafeBytes { CRC32.checksum($0) })  // directory checksum
        out.u32(0)                                          // padding
        return out.bytes
    }

    /// Reads and checks the header and directory of `file` (steps 1–6 of
    /// "Validation on open"): length ≥ header, magic, major, minor, header
    /// length, declared file length, directory bounds, directory fields.
    /// The directory checksum is read but checked later (step 8).
    package static func decode(_ file: UnsafeRawBufferPointer, path: String,
                               supportedMinorVersion: UInt16 = TableFormat.minorVersion) throws(VoucherTableError) -> TableHeader {
        func fail(_ field: String, _ offset: Int, _ message: String) -> VoucherTableError {
            .format(path, "header", field: field, offset: offset, message)
        }
        guard file.count >= TableFormat.headerLength, let p = file.baseAddress else {
            throw fail("length", 0, "the file is \(file.count) bytes, shorter than the \(TableFormat.headerLength)-byte header")
        }
        var header = TableHeader()
        guard TableFormat.magic.indices.allSatisfy({ file[$0] == TableFormat.magic[$0] }) else {
            throw fail("magic", 0, "the file does not start with the table magic 89 56 54 41 42 0D 0A 1A: not a voucher table")
        }
        header.majorVersion = p.u16(at: 8)
        guard header.majorVersion == TableFormat.majorVersion else {
            throw fail("majorVersion", 8, "major version \(header.majorVersion) is not supported (this reader reads \(TableFormat.majorVersion))")
        }
        header.minorVersion = p.u16(at: 10)
        guard header.minorVersion <= supportedMinorVersion else {
            throw fail("minorVersion", 10, "version \(header.majorVersion).\(header.minorVersion) is newer than this reader supports (\(TableFormat.majorVersion).\(supportedMinorVersion))")
        }
        let headerLength = p.u32(at: 12)
        guard headerLength == TableFormat.headerLength else {
            throw fail("headerLength", 12, "header length \(headerLength) is not \(TableFormat.headerLength)")
        }
        header.fileLength = p.u64(at: 16)
        guard header.fileLength == UInt64(file.count) else {
            throw fail("fileLength", 16, "the header declares \(header.fileLength) bytes but the file has \(file.count) (truncated or extended)")
        }
        let sectionCount = Int(p.u32(at: 24))
        let entryLength = p.u32(at: 28)
        guard entryLength == TableFormat.directoryEntryLength else {
            throw fail("directoryEntryLength", 28, "directory entry length \(entryLength) is not \(TableFormat.directoryEntryLength)")
        }
        let directoryEnd = TableFormat.firstSectionOffset(sectionCount: sectionCount)
        guard sectionCount == TableFormat.sectionOrder.count, directoryEnd <= file.count else {
            throw fail("sectionCount", 24, "\(sectionCount) sections (a \(directoryEnd)-byte directory) in a \(file.count)-byte file; version 1 has \(TableFormat.sectionOrder.count)")
        }
        for index in 0 ..< sectionCount {
            let at = TableFormat.headerLength + index * TableFormat.directoryEntryLength
            let entry = SectionEntry(kind: p.u32(at: at), encoding: p.u32(at: at + 4), offset: p.u64(at: at + 8),
                                     length: p.u32(at: at + 16), decodedLength: p.u32(at: at + 20),
                                     checksum: p.u32(at: at + 24))
            try entry.check(index: index, at: at, reserved: p.u32(at: at + 28), path: path)
            header.sections.append(entry)
        }
        header.directoryChecksum = p.u32(at: header.directoryChecksumOffset)
        guard p.u32(at: header.directoryChecksumOffset + 4) == 0 else {
            throw .format(path, "directory", field: "padding", offset: header.directoryChecksumOffset + 4,
                          "the 4 bytes after the directory checksum are not zero")
        }
        return header
    }
}
