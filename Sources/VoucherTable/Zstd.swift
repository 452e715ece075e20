import CZstd

/// One-shot zstd compression of the cold sections (article: "Compressed
/// sections"): a single frame that records its content size.
enum Zstd {
    /// Compresses `bytes` at ``TableFormat/zstdLevel``; deterministic for one libzstd version.
    static func compress(_ bytes: [UInt8], path: String) throws(VoucherTableError) -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { input in
                ZSTD_compress(out.baseAddress, out.count, input.baseAddress, input.count, TableFormat.zstdLevel)
            }
        }
        if ZSTD_isError(written) != 0 {
            throw .contents(path, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        output.removeLast(bound - written)
        return output
    }

    /// Decompresses one frame that must decode to exactly `decodedLength` bytes.
    ///
    /// - Throws: a format error naming `section` and its file offset.
    static func decompress(_ stored: UnsafeRawBufferPointer, decodedLength: Int, path: String, section: String,
                           offset: Int) throws(VoucherTableError) -> [UInt8] {
        let declared = ZSTD_getFrameContentSize(stored.baseAddress, stored.count)
        guard declared == UInt64(decodedLength) else {
            let shown = declared >= UInt64.max - 1 ? "no valid size" : "\(declared) bytes"
            throw .format(path, section, field: "zstd frame", offset: offset,
                          "the zstd frame declares \(shown), the directory \(decodedLength) bytes")
        }
        var output = [UInt8](repeating: 0, count: decodedLength)
        let produced = output.withUnsafeMutableBytes { out in
            ZSTD_decompress(out.baseAddress, out.count, stored.baseAddress, stored.count)
        }
        guard ZSTD_isError(produced) == 0, produced == decodedLength else {
            let why = ZSTD_isError(produced) != 0 ? String(cString: ZSTD_getErrorName(produced)) : "\(produced) bytes"
            throw .format(path, section, field: "zstd frame", offset: offset,
                          "the zstd frame does not decode to \(decodedLength) bytes: \(why)")
        }
        return output
    }
}
