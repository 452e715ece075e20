/// A bounds-checked reader of the Thrift compact protocol
/// (`thrift/doc/specs/thrift-compact-protocol.md`), the encoding of Parquet's
/// footer and page headers.
///
/// Integers are ULEB128 var ints, signed ones zigzag-encoded; a struct is a
/// run of field headers (`ddddtttt`: id delta and type, or `0000tttt` plus a
/// zigzag i16 id) ended by a stop byte; lists are `sssstttt` (or `1111tttt`
/// plus a var int size); maps are a var int size then `kkkkvvvv`.
///
/// Every read checks the remaining bytes; unknown fields are skipped by
/// type, nested structs, lists and maps included, down to
/// ``ParquetFormat/maxThriftDepth``. A list or map may not declare more
/// elements than there are bytes left (every element takes at least one).
struct ThriftCompactReader {
    /// Compact-protocol type ids (field headers and list elements).
    enum FieldType {
        static let stop: UInt8 = 0
        static let boolTrue: UInt8 = 1
        static let boolFalse: UInt8 = 2
        static let i8: UInt8 = 3
        static let i16: UInt8 = 4
        static let i32: UInt8 = 5
        static let i64: UInt8 = 6
        static let double: UInt8 = 7
        static let binary: UInt8 = 8
        static let list: UInt8 = 9
        static let set: UInt8 = 10
        static let map: UInt8 = 11
        static let structure: UInt8 = 12
        static let uuid: UInt8 = 13
    }

    let bytes: UnsafeRawBufferPointer
    /// The next byte to read, from the start of ``bytes``.
    private(set) var position: Int
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    private func failure(_ what: String) -> ParquetDecodeError {
        .corrupt("bad Thrift data: \(what)", position: position)
    }

    mutating func readByte() throws(ParquetDecodeError) -> UInt8 {
        guard position < bytes.count else { throw failure("ends early") }
        let b = bytes[position]
        position &+= 1
        return b
    }

    /// An unsigned LEB128 var int of at most 10 bytes.
    mutating func readVarint() throws(ParquetDecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            guard shift < 64 else { throw failure("var int longer than 10 bytes") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift &+= 7
        }
    }

    mutating func readI64() throws(ParquetDecodeError) -> Int64 {
        let z = try readVarint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    mutating func readI32() throws(ParquetDecodeError) -> Int32 {
        let v = try readI64()
        guard let narrow = Int32(exactly: v) else { throw failure("i32 value \(v) out of range") }
        return narrow
    }

    /// A binary or string: the range of its bytes in ``bytes``.
    mutating func readBinaryRange() throws(ParquetDecodeError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw failure("binary of \(length) bytes past the end") }
        let start = position
        position &+= Int(length)
        return start ..< position
    }

    mutating func readString() throws(ParquetDecodeError) -> String {
        let range = try readBinaryRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A boolean field's value, which the compact protocol keeps in the field type.
    func boolValue(_ type: UInt8) throws(ParquetDecodeError) -> Bool {
        switch type {
        case FieldType.boolTrue: return true
        case FieldType.boolFalse: return false
        default: throw failure("field of type \(type) where a bool was expected")
        }
    }

    /// A list or set header: element type and count (bounded by the bytes left).
    mutating func readListHeader() throws(ParquetDecodeError) -> (elementType: UInt8, count: Int) {
        let header = try readByte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else { throw failure("list of \(count) elements past the end") }
        return (header & 0x0F, Int(count))
    }

    /// Calls `field` with the id and type of each field of a struct, up to
    /// its stop byte. `field` reads the value or returns false to have it skipped.
    mutating func readStruct(
        _ field: (inout ThriftCompactReader, Int16, UInt8) throws(ParquetDecodeError) -> Bool
    ) throws(ParquetDecodeError) {
        depth &+= 1
        defer { depth &-= 1 }
        guard depth <= ParquetFormat.maxThriftDepth else { throw failure("nested deeper than \(ParquetFormat.maxThriftDepth)") }
        var lastID: Int16 = 0
        while true {
            let header = try readByte()
            let type = header & 0x0F
            if type == FieldType.stop { return }
            let delta = header >> 4
            let id: Int16
            if delta == 0 {
                let wide = try readI32()
                guard let narrow = Int16(exactly: wide) else { throw failure("field id \(wide) out of range") }
                id = narrow
            } else {
                id = lastID &+ Int16(delta)
            }
            lastID = id
            if try !field(&self, id, type) { try skip(type) }
        }
    }

    /// Throws unless `type` is `expected` (a field of a known id with the wrong type).
    func expect(_ type: UInt8, _ expected: UInt8, _ what: String) throws(ParquetDecodeError) {
        guard type == expected else { throw failure("\(what) has type \(type), expected \(expected)") }
    }

    /// Skips one value of `type`, whatever its nesting.
    mutating func skip(_ type: UInt8) throws(ParquetDecodeError) {
        switch type {
        case FieldType.boolTrue, FieldType.boolFalse:
            return  // a field's bool lives in its header; list elements come through skipElement
        case FieldType.i8:
            _ = try readByte()
        case FieldType.i16, FieldType.i32, FieldType.i64:
            _ = try readVarint()
        case FieldType.double:
            try advance(8)
        case FieldType.uuid:
            try advance(16)
        case FieldType.binary:
            _ = try readBinaryRange()
        case FieldType.list, FieldType.set:
            let (elementType, count) = try readListHeader()
            try nested { (r) throws(ParquetDecodeError) in
                for _ in 0 ..< count { try r.skipElement(elementType) }
            }
        case FieldType.map:
            let count = try readVarint()
            guard count <= UInt64(remaining) else { throw failure("map of \(count) entries past the end") }
            if count == 0 { return }
            let types = try readByte()
            try nested { (r) throws(ParquetDecodeError) in
                for _ in 0 ..< Int(count) {
                    try r.skipElement(types >> 4)
                    try r.skipElement(types & 0x0F)
                }
            }
        case FieldType.structure:
            try readStruct { _, _, _ in false }
        default:
            throw failure("unknown type \(type)")
        }
    }

    /// Skips one list, set or map element (a bool element is one byte).
    mutating func skipElement(_ type: UInt8) throws(ParquetDecodeError) {
        if type == FieldType.boolTrue || type == FieldType.boolFalse {
            _ = try readByte()
        } else {
            try skip(type)
        }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws(ParquetDecodeError) -> Void) throws(ParquetDecodeError) {
        depth &+= 1
        defer { depth &-= 1 }
        guard depth <= ParquetFormat.maxThriftDepth else { throw failure("nested deeper than \(ParquetFormat.maxThriftDepth)") }
        try body(&self)
    }

    private mutating func advance(_ n: Int) throws(ParquetDecodeError) {
        guard n <= remaining else { throw failure("ends early") }
        position &+= n
    }

    /// Reads a list of i32 (enum) values.
    mutating func readI32List() throws(ParquetDecodeError) -> [Int32] {
        let (type, count) = try readListHeader()
        try expect(type, FieldType.i32, "list element")
        var out: [Int32] = []
        out.reserveCapacity(count)
        for _ in 0 ..< count { out.append(try readI32()) }
        return out
    }

    /// Reads a list of strings.
    mutating func readStringList() throws(ParquetDecodeError) -> [String] {
        let (type, count) = try readListHeader()
        try expect(type, FieldType.binary, "list element")
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0 ..< count { out.append(try readString()) }
        return out
    }

    /// Reads a list of structs, calling `element` for each (positioned at the struct).
    mutating func readStructList(_ element: (inout ThriftCompactReader) throws(ParquetDecodeError) -> Void) throws(ParquetDecodeError) {
        let (type, count) = try readListHeader()
        try expect(type, FieldType.structure, "list element")
        try nested { (r) throws(ParquetDecodeError) in
            for _ in 0 ..< count { try element(&r) }
        }
    }
}
