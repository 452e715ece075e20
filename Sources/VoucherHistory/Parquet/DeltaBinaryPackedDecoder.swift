/// DELTA_BINARY_PACKED of Encodings.md ("Delta Encoding", = 5), for INT32
/// and INT64 values and for the lengths inside the delta byte-array encodings.
///
/// ```
/// header    := varint(block size) varint(miniblocks per block) varint(total count) zigzag(first value)
/// block     := zigzag(min delta) (one bit-width byte per miniblock) miniblock*
/// miniblock := (block size / miniblocks) deltas - min delta, bit-packed LSB first
/// ```
///
/// Arithmetic wraps (two's complement), as the article asks. The block size
/// must be a positive multiple of 128, and a miniblock a multiple of 32
/// values; a miniblock bit width over 64 is `corrupt`. Miniblocks past the
/// last value take no bytes.
enum DeltaBinaryPackedDecoder {
    /// Limit on the block size: this reader's choice, far above real files (128 or 256).
    static let maxBlockSize: UInt64 = 1 << 20

    /// Decodes a whole delta-encoded run of `expectedCount` values from
    /// `data` into `out` (which must have room for them).
    ///
    /// - Returns: the number of bytes used.
    /// - Throws: `corrupt` when the header disagrees with `expectedCount`,
    ///   the data ends early, or a field is out of range.
    static func decode(_ data: UnsafeRawBufferPointer, expectedCount: Int,
                       into out: UnsafeMutablePointer<Int64>) throws(ParquetDecodeError) -> Int {
        var r = ThriftCompactReader(data)  // ULEB128 and zigzag, bounds-checked
        let blockSize = try r.readVarint()
        let miniblocks = try r.readVarint()
        let total = try r.readVarint()
        var last = try r.readI64()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= maxBlockSize else {
            throw .corrupt("DELTA_BINARY_PACKED block size \(blockSize) is not a positive multiple of 128", position: 0)
        }
        guard miniblocks > 0, blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0 else {
            throw .corrupt("DELTA_BINARY_PACKED block of \(blockSize) values cannot hold \(miniblocks) miniblocks", position: 0)
        }
        guard total == UInt64(expectedCount) else {
            throw .corrupt("DELTA_BINARY_PACKED header declares \(total) values, the page \(expectedCount)", position: 0)
        }
        if expectedCount == 0 { return r.position }
        let perMiniblock = Int(blockSize / miniblocks)
        let miniblockCount = Int(miniblocks)
        guard let base = data.baseAddress else { throw .corrupt("DELTA_BINARY_PACKED data is empty") }
        out[0] = last
        var produced = 1
        var position = r.position
        while produced < expectedCount {
            var block = ThriftCompactReader(data, position: position)
            let minDelta = try block.readI64()
            position = block.position
            guard miniblockCount <= data.count &- position else {
                throw .corrupt("DELTA_BINARY_PACKED miniblock widths past the end", position: position)
            }
            let widths = position
            position &+= miniblockCount
            for m in 0 ..< miniblockCount where produced < expectedCount {
                let width = Int(base.load(fromByteOffset: widths &+ m, as: UInt8.self))
                guard width <= 64 else {
                    throw .corrupt("DELTA_BINARY_PACKED miniblock bit width \(width) is over 64", position: widths &+ m)
                }
                let n = min(perMiniblock, expectedCount &- produced)
                let fullBytes = perMiniblock &* width / 8
                let available = min(fullBytes, data.count &- position)
                guard (n &* width &+ 7) / 8 <= available else {
                    throw .corrupt("DELTA_BINARY_PACKED miniblock ends past the data", position: position)
                }
                let mini = base + position
                let target = out + produced
                if width == 0 {
                    for i in 0 ..< n {
                        last = last &+ minDelta
                        target[i] = last
                    }
                } else {
                    for i in 0 ..< n {
                        let delta = BitUnpacking.value(mini, byteCount: available, bit: i &* width, width: width)
                        last = last &+ minDelta &+ Int64(bitPattern: delta)
                        target[i] = last
                    }
                }
                produced &+= n
                position &+= available
            }
        }
        return position
    }
}
