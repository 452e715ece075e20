/// Why a table file could not be opened, read or written.
///
/// Errors are grouped by ``code``: I/O (a system call failed), format (the
/// bytes break the format), checksum (a CRC-32 does not match) and contents
/// (what a writer was given breaks a format limit). ``description`` names
/// the file, the section, the field and the byte offset where known, e.g.
/// `table.vtab: format error in header, field majorVersion at byte 8: major version 2 is not supported (this reader reads 1)`.
///
/// A value type; safe to pass between threads.
public struct VoucherTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The group an error belongs to. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: Hashable { case io, format, checksum, contents }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call failed (open, fstat, mmap, write, fsync, rename…).
        public static let io = Code(.io)
        /// The bytes are not a valid table: magic, version, lengths, bounds, structure.
        public static let format = Code(.format)
        /// A section's or the directory's CRC-32 does not match its bytes.
        public static let checksum = Code(.checksum)
        /// The contents given to the writer break a format limit or rule.
        public static let contents = Code(.contents)

        /// `io`, `format`, `checksum` or `contents`.
        public var description: String {
            switch base {
            case .io: "I/O"
            case .format: "format"
            case .checksum: "checksum"
            case .contents: "contents"
            }
        }
    }

    /// The group of the error.
    public let code: Code
    /// The file concerned (`<memory>` for bytes that were never a file).
    public let path: String
    /// The part of the file: `header`, `directory`, a section name, or `nil`.
    public let section: String?
    /// The field at fault, e.g. `majorVersion`, or `nil`.
    public let field: String?
    /// The byte offset from the start of the file where the fault was found, or `nil`.
    public let offset: Int?
    /// The `errno` of a failed system call, or `nil`.
    public let errno: Int32?
    /// What is wrong, in words.
    public let message: String

    /// Makes an error; library code uses the static helpers below.
    package init(code: Code, path: String, section: String? = nil, field: String? = nil, offset: Int? = nil,
                 errno: Int32? = nil, message: String) {
        self.code = code
        self.path = path
        self.section = section
        self.field = field
        self.offset = offset
        self.errno = errno
        self.message = message
    }

    /// A format error.
    package static func format(_ path: String, _ section: String?, field: String? = nil, offset: Int?,
                               _ message: String) -> VoucherTableError {
        VoucherTableError(code: .format, path: path, section: section, field: field, offset: offset, message: message)
    }

    /// A checksum error.
    package static func checksum(_ path: String, _ section: String, offset: Int, stored: UInt32,
                                 computed: UInt32) -> VoucherTableError {
        VoucherTableError(code: .checksum, path: path, section: section, field: "crc32", offset: offset,
                          message: "stored CRC-32 \(TableFormat.hex(stored)) does not match the computed \(TableFormat.hex(computed))")
    }

    /// An error in the contents handed to the writer.
    package static func contents(_ path: String, _ message: String) -> VoucherTableError {
        VoucherTableError(code: .contents, path: path, message: message)
    }

    /// `path: <code> error in <section>, field <field> at byte <offset>: <message>`.
    public var description: String {
        var text = "\(path): \(code) error"
        if let section { text += " in \(section)" }
        if let field { text += (section == nil ? " in" : ",") + " field \(field)" }
        if let offset { text += " at byte \(offset)" }
        return text + ": " + message
    }
}

extension TableFormat {
    /// `0x1a2b3c4d`: checksums and magic numbers in messages and `voucher inspect`.
    package static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
