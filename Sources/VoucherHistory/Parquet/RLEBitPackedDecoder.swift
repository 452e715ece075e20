/// The RLE / bit-packing hybrid of Encodings.md ("Run Length Encoding /
/// Bit-Packing Hybrid", RLE = 3): definition levels, dictionary indices and
/// RLE booleans.
///
/// ```
/// encoded-data   := run*
/// run            := bit-packed-run | rle-run
/// bit-packed-run := varint(groups << 1 | 1), groups * 8 values of bit-width bits, LSB first
/// rle-run        := varint(count << 1), the value in ceil(bit-width / 8) bytes, little-endian
/// ```
///
/// Bit widths run from 0 to 32; a wider one is `corrupt`. A width of 0
/// means every value is 0 (no bytes need to follow). The last bit-packed
/// run may stop early, as long as the values asked for are present.
enum RLEBitPackedDecoder {
    /// The widest bit width the hybrid allows (Encodings.md, "Dictionary Encoding").
    static let maxBitWidth = 32

    /// Decodes exactly `count` values from `data` into `out`.
    ///
    /// - Returns: the number of bytes used.
    /// - Throws: `corrupt` when the data ends first, a run is malformed, or
    ///   `bitWidth` is out of range.
    static func decode(_ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int,
                       into out: UnsafeMutablePointer<UInt32>) throws(ParquetDecodeError) -> Int {
        guard (0 ... maxBitWidth).contains(bitWidth) else {
            throw .corrupt("RLE/bit-packed bit width \(bitWidth) is over \(maxBitWidth)")
        }
        if count <= 0 { return 0 }
        if bitWidth == 0 {
            out.update(repeating: 0, count: count)
            return 0
        }
        guard let base = data.baseAddress else {
            throw .corrupt("RLE/bit-packed data is empty but \(count) values are expected")
        }
        let size = data.count
        let valueBytes = (bitWidth + 7) / 8
        let mask: UInt64 = (1 << UInt64(bitWidth)) &- 1
        var position = 0
        var produced = 0
        while produced < count {
            guard position < size else {
                throw .corrupt("RLE/bit-packed data ends after \(produced) of \(count) values", position: position)
            }
            // ULEB128 run header, at most 5 bytes for a 32-bit header.
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < size, shift <= 35 else {
                    throw .corrupt("bad RLE/bit-packed run header", position: position)
                }
                let b = base.load(fromByteOffset: position, as: UInt8.self)
                position &+= 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift &+= 7
            }
            let wanted = count &- produced
            if header & 1 == 1 {
                // Bit-packed run: (header >> 1) groups of 8 values.
                let runValues = (header >> 1) &* 8
                let n = runValues < UInt64(wanted) ? Int(runValues) : wanted
                let runBytes = Int((header >> 1) &* UInt64(bitWidth))
                let available = min(runBytes, size &- position)
                let neededBytes = (n &* bitWidth &+ 7) >> 3
                guard neededBytes <= available else {
                    throw .corrupt("bit-packed run of \(runValues) values ends past the data", position: position)
                }
                let runBase = base + position
                let target = out + produced
                for i in 0 ..< n {
                    let bit = i &* bitWidth
                    let byte = bit >> 3
                    let word: UInt64
                    if byte &+ 8 <= available {
                        word = UInt64(littleEndian: runBase.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> UInt64(bit & 7)
                    } else {
                        word = BitUnpacking.slowLoad(runBase, byteCount: available, bit: bit)
                    }
                    target[i] = UInt32(truncatingIfNeeded: word & mask)
                }
                produced &+= n
                position &+= available
            } else {
                // RLE run: one value repeated (header >> 1) times.
                let runCount = header >> 1
                guard valueBytes <= size &- position else {
                    throw .corrupt("RLE run value past the end of the data", position: position)
                }
                var value: UInt64 = 0
                for k in 0 ..< valueBytes {
                    value |= UInt64(base.load(fromByteOffset: position &+ k, as: UInt8.self)) << UInt64(8 &* k)
                }
                guard value <= mask else {
                    throw .corrupt("RLE run value \(value) does not fit in \(bitWidth) bits", position: position)
                }
                position &+= valueBytes
                let n = runCount < UInt64(wanted) ? Int(runCount) : wanted
                (out + produced).update(repeating: UInt32(truncatingIfNeeded: value), count: n)
                produced &+= n
            }
        }
        return position
    }
}

/// Little-endian, LSB-first bit reads shared by the hybrid and delta decoders.
enum BitUnpacking {
    /// The 64 bits starting at bit `bit` of `base[0 ..< byteCount]`, with
    /// bytes past `byteCount` read as zero (the slow path near a buffer's end).
    static func slowLoad(_ base: UnsafeRawPointer, byteCount: Int, bit: Int) -> UInt64 {
        let byte = bit >> 3
        let shift = bit & 7
        var word: UInt64 = 0
        var k = 0
        while k < 9, byte &+ k < byteCount {
            let b = UInt64(base.load(fromByteOffset: byte &+ k, as: UInt8.self))
            let at = k &* 8 &- shift
            if at < 0 {
                word |= b >> UInt64(-at)
            } else if at < 64 {
                word |= b << UInt64(at)
            }
            k &+= 1
        }
        return word
    }

    /// `width` (0…64) bits at bit `bit` of `base[0 ..< byteCount]`.
    @inline(__always)
    static func value(_ base: UnsafeRawPointer, byteCount: Int, bit: Int, width: Int) -> UInt64 {
        let mask: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) &- 1
        let byte = bit >> 3
        let shift = bit & 7
        if byte &+ 9 <= byteCount {
            var word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> UInt64(shift)
            if shift &+ width > 64 {
                word |= UInt64(base.load(fromByteOffset: byte &+ 8, as: UInt8.self)) << UInt64(64 &- shift)
            }
            return word & mask
        }
        return slowLoad(base, byteCount: byteCount, bit: bit) & mask
    }
}
