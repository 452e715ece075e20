import CSnappy

/// SNAPPY pages (Compression.md, "SNAPPY": the raw Snappy block format,
/// without framing) through snappy-c.
enum SnappyDecompressor {
    /// Decompresses `input` into exactly `output.count` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetDecodeError) {
        guard let inBase = input.baseAddress, input.count > 0 else {
            throw .corrupt("SNAPPY page is empty but declares \(output.count) bytes")
        }
        let source = inBase.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK else {
            throw .corrupt("SNAPPY page has a bad length header")
        }
        guard length == output.count else {
            throw .corrupt("SNAPPY page decompresses to \(length) bytes but declares \(output.count)")
        }
        if length == 0 { return }
        guard let outBase = output.baseAddress else { throw .corrupt("SNAPPY page has no output room") }
        var written = length
        let status = snappy_uncompress(source, input.count, outBase.assumingMemoryBound(to: CChar.self), &written)
        guard status == SNAPPY_OK, written == length else {
            throw .corrupt("SNAPPY page does not decompress (status \(status.rawValue))")
        }
    }
}
