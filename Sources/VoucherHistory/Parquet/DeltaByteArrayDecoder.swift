/// The two delta encodings of byte arrays in Encodings.md:
///
/// - DELTA_LENGTH_BYTE_ARRAY (= 6): `DELTA_BINARY_PACKED(lengths)` then the
///   values' bytes back to back.
/// - DELTA_BYTE_ARRAY (= 7): `DELTA_BINARY_PACKED(prefix lengths)`, then the
///   suffixes as DELTA_LENGTH_BYTE_ARRAY; value i is the first `prefix[i]`
///   bytes of value i - 1 followed by suffix i. The first value of a page
///   has no predecessor (its prefix must be 0).
enum DeltaByteArrayDecoder {
    /// Decodes `count` DELTA_LENGTH_BYTE_ARRAY values into `builder`.
    ///
    /// - Returns: the number of bytes used.
    static func decodeLengthPrefixed(_ data: UnsafeRawBufferPointer, count: Int,
                                     into builder: ColumnValueBuilder) throws(ParquetDecodeError) -> Int {
        let lengths = builder.scratch
        lengths.count = 0
        try lengths.reserve(count)
        let used = try DeltaBinaryPackedDecoder.decode(data, expectedCount: count, into: lengths.base)
        lengths.count = count
        guard let base = data.baseAddress else { return used }
        let total = try builder.appendConcatenated(base + used, available: data.count &- used,
                                                   lengths: UnsafeBufferPointer(lengths.elements))
        return used &+ total
    }

    /// Decodes `count` DELTA_BYTE_ARRAY values into `builder`; with
    /// `fixedLength`, every value must have that many bytes.
    ///
    /// - Returns: the number of bytes used.
    static func decodeIncremental(_ data: UnsafeRawBufferPointer, count: Int, fixedLength: Int?,
                                  into builder: ColumnValueBuilder) throws(ParquetDecodeError) -> Int {
        guard count > 0 else { return 0 }
        let lengths = builder.scratch
        lengths.count = 0
        try lengths.reserve(count &* 2)
        let prefixes = lengths.base, suffixes = lengths.base + count
        var used = try DeltaBinaryPackedDecoder.decode(data, expectedCount: count, into: prefixes)
        used &+= try DeltaBinaryPackedDecoder.decode(
            UnsafeRawBufferPointer(rebasing: data[used...]), expectedCount: count, into: suffixes)
        guard let base = data.baseAddress else { throw .corrupt("DELTA_BYTE_ARRAY data is empty") }
        // Check every length and add up the output before writing any byte.
        let available = Int64(data.count &- used)
        var suffixTotal: Int64 = 0
        var outputTotal: Int64 = 0
        var previous: Int64 = 0
        for i in 0 ..< count {
            let prefix = prefixes[i], suffix = suffixes[i]
            guard prefix >= 0, prefix <= previous, suffix >= 0, suffix <= available &- suffixTotal else {
                throw .corrupt("DELTA_BYTE_ARRAY value \(i) has prefix \(prefix) (previous value: \(previous) bytes) and suffix \(suffix)")
            }
            suffixTotal &+= suffix
            previous = prefix &+ suffix
            if let fixedLength, previous != Int64(fixedLength) {
                throw .corrupt("DELTA_BYTE_ARRAY value \(i) has \(previous) bytes in a FIXED_LEN_BYTE_ARRAY(\(fixedLength)) column")
            }
            outputTotal &+= previous
            guard outputTotal <= Int64(Int32.max) else { throw .corrupt("DELTA_BYTE_ARRAY page decodes to over 2 GiB") }
        }
        let bytes = builder.bytes, offsets = builder.offsets
        try bytes.reserve(Int(outputTotal))
        try offsets.reserve(count)
        let out = bytes.base
        let outOffsets = offsets.base + offsets.count
        var end = bytes.count
        var previousStart = end
        var source = base + used
        for i in 0 ..< count {
            let prefix = Int(prefixes[i]), suffix = Int(suffixes[i])
            let start = end
            if prefix > 0 { (out + start).update(from: out + previousStart, count: prefix) }
            UnsafeMutableRawPointer(out + start + prefix).copyMemory(from: source, byteCount: suffix)
            source += suffix
            end = start &+ prefix &+ suffix
            outOffsets[i] = Int32(truncatingIfNeeded: end)
            previousStart = start
        }
        bytes.count = end
        offsets.count &+= count
        return used &+ Int(suffixTotal)
    }
}
