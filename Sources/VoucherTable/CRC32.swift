import CZlib

/// CRC-32 as zlib's `crc32` computes it (ISO-HDLC: reflected polynomial
/// 0xEDB88320, initial and final XOR 0xFFFFFFFF), so that Python's
/// `zlib.crc32` gives the same value (article: "Checksums").
package enum CRC32 {
    /// The CRC-32 of `bytes`.
    package static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt = crc32(0, nil, 0)
        guard var next = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return UInt32(crc) }
        var left = bytes.count
        while left > 0 {
            let chunk = min(left, 1 << 30)
            crc = crc32(crc, next, uInt(chunk))
            next += chunk
            left -= chunk
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of `bytes`.
    package static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
