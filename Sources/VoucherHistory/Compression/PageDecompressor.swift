/// Decompresses Parquet pages (Compression.md): UNCOMPRESSED, GZIP, SNAPPY
/// and ZSTD. Every other codec is `unsupported`, naming it.
///
/// Each page must decompress to exactly the size its header declares;
/// anything else is `corrupt`. The codec contexts are made on first use and
/// reused for every later page. Not for concurrent use.
final class PageDecompressor {
    private var gzip: GzipInflater?
    private var zstd: ZstdDecompressor?

    init() {}

    /// Decompresses `input` into `output`, which must be filled exactly.
    ///
    /// - Throws: `unsupported` for a codec this reader lacks, `corrupt` for
    ///   bad compressed data or a size other than `output.count`.
    func decompress(_ codec: ParquetCodec, _ input: UnsafeRawBufferPointer,
                    into output: UnsafeMutableRawBufferPointer) throws(ParquetDecodeError) {
        switch codec {
        case .uncompressed:
            guard input.count == output.count else {
                throw .corrupt("uncompressed page has \(input.count) bytes but declares \(output.count)")
            }
            if let source = input.baseAddress, let target = output.baseAddress {
                target.copyMemory(from: source, byteCount: input.count)
            }
        case .gzip:
            let inflater: GzipInflater
            if let gzip { inflater = gzip } else {
                inflater = try GzipInflater()
                gzip = inflater
            }
            try inflater.inflate(input, into: output)
        case .snappy:
            try SnappyDecompressor.decompress(input, into: output)
        case .zstd:
            let decompressor: ZstdDecompressor
            if let zstd { decompressor = zstd } else {
                decompressor = try ZstdDecompressor()
                zstd = decompressor
            }
            try decompressor.decompress(input, into: output)
        default:
            throw ParquetDecodeError(.unsupported, "compression codec \(codec.name) is not supported (only UNCOMPRESSED, GZIP, SNAPPY, ZSTD)")
        }
    }
}
