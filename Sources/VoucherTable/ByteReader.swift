/// Reads little-endian fixed-width integers and length-prefixed strings from
/// decoded bytes, bounds-checked: the reader's half of the article's
/// "Conventions", used for the compressed sections.
struct ByteReader {
    private let bytes: [UInt8]
    /// The next byte to read.
    private(set) var position = 0
    /// Builds errors that name the file and section.
    private let failure: (_ field: String, _ message: String) -> VoucherTableError

    init(_ bytes: [UInt8], failure: @escaping (_ field: String, _ message: String) -> VoucherTableError) {
        self.bytes = bytes
        self.failure = failure
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - position }

    mutating func u32(_ field: String) throws(VoucherTableError) -> UInt32 {
        try integer(UInt32.self, field)
    }

    mutating func i64(_ field: String) throws(VoucherTableError) -> Int64 {
        try integer(Int64.self, field)
    }

    /// An `i64` as a Swift `Int` (64-bit platforms only, as the package is).
    mutating func int(_ field: String) throws(VoucherTableError) -> Int {
        Int(try integer(Int64.self, field))
    }

    /// A `u32` count whose items take at least `minimumItemLength` bytes each:
    /// refused when they cannot fit in what is left, so a corrupt count never
    /// makes a huge allocation.
    mutating func count(_ field: String, minimumItemLength: Int) throws(VoucherTableError) -> Int {
        let value = Int(try u32(field))
        guard value <= remaining / max(1, minimumItemLength) else {
            throw failure(field, "count \(value) at decoded byte \(position - 4) exceeds the \(remaining) bytes left")
        }
        return value
    }

    /// `u32` byte length, then UTF-8 bytes; invalid UTF-8 is refused.
    mutating func string(_ field: String) throws(VoucherTableError) -> String {
        let length = Int(try u32(field))
        let start = position
        let slice = try take(length, field)
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw failure(field, "the string at decoded byte \(start) is not valid UTF-8")
        }
        return text
    }

    /// The next `length` bytes.
    mutating func take(_ length: Int, _ field: String) throws(VoucherTableError) -> ArraySlice<UInt8> {
        guard length >= 0, length <= remaining else {
            throw failure(field, "\(length) bytes at decoded byte \(position) run past the end (\(bytes.count) bytes)")
        }
        defer { position += length }
        return bytes[position ..< position + length]
    }

    /// Refuses bytes left over after the last field.
    func expectEnd() throws(VoucherTableError) {
        guard remaining == 0 else {
            throw failure("end", "\(remaining) unexpected bytes after the last field at decoded byte \(position)")
        }
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ field: String) throws(VoucherTableError) -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else {
            throw failure(field, "a \(size)-byte field at decoded byte \(position) runs past the end (\(bytes.count) bytes)")
        }
        let value = bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
        position += size
        return value
    }
}

extension UnsafeRawPointer {
    /// A little-endian `u8` at `offset`.
    @inline(__always) func u8(at offset: Int) -> UInt8 { load(fromByteOffset: offset, as: UInt8.self) }
    /// A little-endian `u16` at `offset`, unaligned-safe.
    @inline(__always) func u16(at offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
    /// A little-endian `u32` at `offset`, unaligned-safe.
    @inline(__always) func u32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    /// A little-endian `u64` at `offset`, unaligned-safe.
    @inline(__always) func u64(at offset: Int) -> UInt64 {
        UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    /// A little-endian `i64` at `offset`, unaligned-safe.
    @inline(__always) func i64(at offset: Int) -> Int64 {
        Int64(littleEndian: loadUnaligned(fromByteOffset: offset, as: Int64.self))
    }
}
