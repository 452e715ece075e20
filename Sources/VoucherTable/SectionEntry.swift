/// One entry of the section directory (article: "Section directory"):
/// where a section lies, how it is stored and its CRC-32.
///
/// Used by ``TableHeader`` and shown by `voucher inspect`. A value type.
package struct SectionEntry: Sendable, Equatable {
    /// The section's kind, as stored (see ``SectionKind``).
    package var kind: UInt32
    /// ``TableFormat/encodingRaw`` or ``TableFormat/encodingZstd``.
    package var encoding: UInt32
    /// The offset of the section's first byte from the start of the file.
    package var offset: UInt64
    /// The stored length, bytes.
    package var length: UInt32
    /// The length once decoded (equal to ``length`` when raw).
    package var decodedLength: UInt32
    /// CRC-32 (zlib's) of the stored bytes.
    package var checksum: UInt32

    package init(kind: UInt32, encoding: UInt32, offset: UInt64, length: UInt32, decodedLength: UInt32,
                 checksum: UInt32) {
        self.kind = kind
        self.encoding = encoding
        self.offset = offset
        self.length = length
        self.decodedLength = decodedLength
        self.checksum = checksum
    }

    /// The kind as an enum (`nil` only before ``check(index:at:reserved:path:)`` passed).
    package var sectionKind: SectionKind? { SectionKind(rawValue: kind) }

    /// The section's name for messages: `hot`, `countries`… or `section #n`.
    package var name: String { sectionKind?.description ?? "section kind \(kind)" }

    /// Whether the stored bytes are one zstd frame.
    package var isCompressed: Bool { encoding == TableFormat.encodingZstd }

    /// The end of the section: ``offset`` + ``length``.
    package var end: Int { Int(offset) + Int(length) }

    /// Checks the fields that need no other entry (step 6 of "Validation on
    /// open"): kind in the version's order, a known encoding (the hot section
    /// raw), a raw section's decoded length equal to its length, reserved zero.
    func check(index: Int, at entryOffset: Int, reserved: UInt32, path: String) throws(VoucherTableError) {
        let expected = TableFormat.sectionOrder[index]
        guard kind == expected.rawValue else {
            throw .format(path, "directory", field: "kind", offset: entryOffset,
                          "entry \(index) has kind \(kind); version 1 expects \(expected.rawValue) (\(expected)) there")
        }
        let encodingOK = encoding == TableFormat.encodingRaw
            || (encoding == TableFormat.encodingZstd && expected != .hot)
        guard encodingOK else {
            throw .format(path, "directory", field: "encoding", offset: entryOffset + 4,
                          "section \(expected) has encoding \(encoding); expected 0 (raw)\(expected == .hot ? "" : " or 1 (zstd)")")
        }
        guard encoding != TableFormat.encodingRaw || decodedLength == length else {
            throw .format(path, "directory", field: "decodedLength", offset: entryOffset + 20,
                          "raw section \(expected) has decoded length \(decodedLength) but length \(length)")
        }
        guard reserved == 0 else {
            throw .format(path, "directory", field: "reserved", offset: entryOffset + 28,
                          "the reserved field of section \(expected) is \(reserved), not 0")
        }
    }
}
