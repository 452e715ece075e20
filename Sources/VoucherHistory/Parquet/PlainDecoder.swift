/// PLAIN of Encodings.md ("Plain", = 0): values back to back, little-endian.
///
/// ```
/// BOOLEAN               1 bit each, LSB first
/// INT32 / FLOAT         4 bytes         INT64 / DOUBLE   8 bytes
/// INT96                 12 bytes        FIXED_LEN_BYTE_ARRAY  type_length bytes
/// BYTE_ARRAY            4-byte length, then the bytes
/// ```
///
/// Used for data pages and for dictionary pages (whose entries are PLAIN).
enum PlainDecoder {
    /// Decodes `count` values of `physicalType` from `data` into `builder`.
    ///
    /// - Returns: the number of bytes used.
    /// - Throws: `corrupt` when `data` holds fewer values.
    static func decode(_ data: UnsafeRawBufferPointer, count: Int, physicalType: ParquetPhysicalType,
                       into builder: ColumnValueBuilder) throws(ParquetDecodeError) -> Int {
        guard count > 0 else { return 0 }
        let width: Int
        switch physicalType {
        case .boolean: width = 0
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .int96: width = 12
        case .byteArray: return try decodeByteArrays(data, count: count, into: builder)
        case .fixedLenByteArray:
            guard case .fixed(let length) = builder.conversion else { throw .corrupt("FIXED_LEN_BYTE_ARRAY without a length") }
            width = length
        }
        let needed = width == 0 ? (count &+ 7) / 8 : count.multipliedReportingOverflow(by: width).partialValue
        guard count <= Int(Int32.max), needed <= data.count, let base = data.baseAddress else {
            throw .corrupt("PLAIN data of \(data.count) bytes cannot hold \(count) \(physicalType.name) values")
        }
        switch physicalType {
        case .boolean:
            try builder.booleans.reserve(count)
            let out = builder.booleans.base + builder.booleans.count
            for i in 0 ..< count {
                out[i] = (base.load(fromByteOffset: i >> 3, as: UInt8.self) >> UInt8(i & 7)) & 1 == 1
            }
            builder.booleans.count &+= count
        case .int32:
            let out = try builder.rawIntegerSlots(count)
            for i in 0 ..< count {
                out[i] = Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self)))
            }
            try builder.commitIntegers(count)
        case .int64:
            let out = try builder.rawIntegerSlots(count)
            for i in 0 ..< count {
                out[i] = Int64(littleEndian: base.loadUnaligned(fromByteOffset: i &* 8, as: Int64.self))
            }
            try builder.commitIntegers(count)
        case .int96:
            try builder.appendInt96(base, count: count)
        case .float:
            try builder.doubles.reserve(count)
            let out = builder.doubles.base + builder.doubles.count
            for i in 0 ..< count {
                let bits = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                out[i] = Double(Float(bitPattern: bits))
            }
            builder.doubles.count &+= count
        case .double:
            try builder.doubles.reserve(count)
            let out = builder.doubles.base + builder.doubles.count
            for i in 0 ..< count {
                let bits = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                out[i] = Double(bitPattern: bits)
            }
            builder.doubles.count &+= count
        case .fixedLenByteArray:
            try builder.appendFixed(base, count: count, length: width)
        case .byteArray:
            break  // handled above
        }
        return needed
    }

    /// BYTE_ARRAY: a 4-byte little-endian length before each value.
    private static func decodeByteArrays(_ data: UnsafeRawBufferPointer, count: Int,
                                         into builder: ColumnValueBuilder) throws(ParquetDecodeError) -> Int {
        let size = data.count
        // Every value takes at least its 4-byte length.
        guard count <= size / 4, let base = data.baseAddress else {
            throw .corrupt("PLAIN data of \(size) bytes cannot hold \(count) BYTE_ARRAY values")
        }
        let bytes = builder.bytes, offsets = builder.offsets
        try bytes.reserve(size &- 4 &* count)
        try offsets.reserve(count)
        let outBytes = bytes.base
        let outOffsets = offsets.base + offsets.count
        var end = bytes.count
        var position = 0
        for i in 0 ..< count {
            guard position &+ 4 <= size else {
                throw .corrupt("PLAIN BYTE_ARRAY data ends after \(i) of \(count) values", position: position)
            }
            let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position &+= 4
            guard length <= size &- position else {
                throw .corrupt("PLAIN BYTE_ARRAY value \(i) of \(length) bytes runs past the data", position: position &- 4)
            }
            UnsafeMutableRawPointer(outBytes + end).copyMemory(from: base + position, byteCount: length)
            end &+= length
            position &+= length
            outOffsets[i] = Int32(truncatingIfNeeded: end)
        }
        bytes.count = end
        offsets.count &+= count
        return position
    }
}
