import CZstd

/// ZSTD pages (Compression.md, "ZSTD": RFC 8878 frames) through libzstd,
/// with one decompression context reused for every page.
final class ZstdDecompressor {
    private let context: OpaquePointer

    init() throws(ParquetDecodeError) {
        guard let context = ZSTD_createDCtx() else { throw .corrupt("zstd could not make a context") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses `input` (one or more frames) into exactly `output.count` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetDecodeError) {
        guard let inBase = input.baseAddress, input.count > 0 else {
            throw .corrupt("ZSTD page is empty but declares \(output.count) bytes")
        }
        var spare: UInt8 = 0
        let result = withUnsafeMutableBytes(of: &spare) { spareBytes in
            let target = output.count > 0 ? output : spareBytes
            return ZSTD_decompressDCtx(context, target.baseAddress, target.count, inBase, input.count)
        }
        if ZSTD_isError(result) != 0 {
            throw .corrupt("ZSTD page does not decompress: \(String(cString: ZSTD_getErrorName(result)))")
        }
        guard result == output.count else {
            throw .corrupt("ZSTD page decompresses to \(result) bytes but declares \(output.count)")
        }
    }
}
