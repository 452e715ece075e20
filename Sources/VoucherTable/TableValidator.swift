/// Checks a whole table file on open, in the article's fixed order
/// ("Validation on open"), before anything is trusted:
///
/// 1–5. length ≥ header, magic, major, minor, header length, file length
///      (``TableHeader/decode(_:path:supportedMinorVersion:)``);
/// 6.   directory bounds and fields;
/// 7.   section bounds and alignment, zero padding;
/// 8.   the directory's CRC-32, then every section's;
/// 9.   the hot section's structure (``HotSection/init(_:fileOffset:path:)``).
///
/// Together these cover every byte of the file.
enum TableValidator {
    /// The header and the hot section of a valid file, or the first fault found.
    static func validate(_ file: UnsafeRawBufferPointer, path: String,
                         supportedMinorVersion: UInt16) throws(VoucherTableError) -> (TableHeader, HotSection) {
        let header = try TableHeader.decode(file, path: path, supportedMinorVersion: supportedMinorVersion)
        try checkPlacement(header, file, path: path)
        try checkChecksums(header, file, path: path)
        let hotEntry = header.sections[0]
        let hot = try HotSection(UnsafeRawBufferPointer(rebasing: file[Int(hotEntry.offset) ..< hotEntry.end]),
                                 fileOffset: Int(hotEntry.offset), path: path)
        return (header, hot)
    }

    /// Step 7: each section starts where the previous one ends, rounded up to
    /// 8; the padding between is zero; the file ends right after the last
    /// section's padding.
    private static func checkPlacement(_ header: TableHeader, _ file: UnsafeRawBufferPointer,
                                       path: String) throws(VoucherTableError) {
        var expected = TableFormat.firstSectionOffset(sectionCount: header.sections.count)
        var previousEnd = expected
        for (index, entry) in header.sections.enumerated() {
            let field = TableFormat.headerLength + index * TableFormat.directoryEntryLength
            try checkZero(file, from: previousEnd, to: expected, path: path, after: index == 0 ? "directory" : header.sections[index - 1].name)
            guard entry.offset == UInt64(expected) else {
                throw .format(path, "directory", field: "offset", offset: field + 8,
                              "section \(entry.name) starts at \(entry.offset); the layout places it at \(expected) (8-byte aligned, right after the previous one)")
            }
            guard entry.end <= file.count else {
                throw .format(path, "directory", field: "length", offset: field + 16,
                              "section \(entry.name) (\(entry.length) bytes at \(entry.offset)) runs past the end of the \(file.count)-byte file")
            }
            previousEnd = entry.end
            expected = TableFormat.aligned(entry.end)
        }
        guard expected == file.count else {
            throw .format(path, "header", field: "fileLength", offset: 16,
                          "the sections end at \(expected) but the file is \(file.count) bytes")
        }
        try checkZero(file, from: previousEnd, to: expected, path: path, after: header.sections.last?.name ?? "directory")
    }

    private static func checkZero(_ file: UnsafeRawBufferPointer, from start: Int, to end: Int, path: String,
                                  after: String) throws(VoucherTableError) {
        for offset in start ..< min(end, file.count) where file[offset] != 0 {
            throw .format(path, after, field: "padding", offset: offset, "padding byte after section \(after) is not zero")
        }
    }

    /// Step 8: CRC-32 of the header and directory, then of each section.
    private static func checkChecksums(_ header: TableHeader, _ file: UnsafeRawBufferPointer,
                                       path: String) throws(VoucherTableError) {
        let directoryEnd = header.directoryChecksumOffset
        let directoryCRC = CRC32.checksum(UnsafeRawBufferPointer(rebasing: file[0 ..< directoryEnd]))
        guard directoryCRC == header.directoryChecksum else {
            throw .checksum(path, "directory", offset: directoryEnd, stored: header.directoryChecksum, computed: directoryCRC)
        }
        for entry in header.sections {
            let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: file[Int(entry.offset) ..< entry.end]))
            guard crc == entry.checksum else {
                throw .checksum(path, entry.name, offset: Int(entry.offset), stored: entry.checksum, computed: crc)
            }
        }
    }
}
