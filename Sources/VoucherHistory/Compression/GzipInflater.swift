import CDeflate

/// GZIP pages (Compression.md, "GZIP": RFC 1952 gzip members) through
/// libdeflate, which inflates a whole page in one call (its size is known
/// from the page header) and checks each member's CRC-32 and length.
///
/// Several gzip members one after another are inflated in turn; zero
/// padding after the last is ignored. The decompressor is made once and
/// reused for every page.
final class GzipInflater {
    private let decompressor: OpaquePointer

    init() throws(ParquetDecodeError) {
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw .corrupt("libdeflate could not start (out of memory)")
        }
        self.decompressor = decompressor
    }

    deinit {
        libdeflate_free_decompressor(decompressor)
    }

    /// Inflates `input` into exactly `output.count` bytes.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetDecodeError) {
        guard let inBase = input.baseAddress, input.count > 0 else {
            throw .corrupt("GZIP page is empty but declares \(output.count) bytes")
        }
        var consumed = 0
        var produced = 0
        var spare: UInt8 = 0  // a place to point at when no output room is left
        repeat {
            var memberIn = 0
            var memberOut = 0
            let result = withUnsafeMutablePointer(to: &spare) { sparePointer in
                let target = output.baseAddress.map { UnsafeMutableRawPointer($0 + produced) } ?? UnsafeMutableRawPointer(sparePointer)
                return libdeflate_gzip_decompress_ex(decompressor, inBase + consumed, input.count &- consumed,
                                                     target, output.count &- produced, &memberIn, &memberOut)
            }
            switch result {
            case LIBDEFLATE_SUCCESS:
                break
            case LIBDEFLATE_INSUFFICIENT_SPACE:
                throw .corrupt("GZIP page inflates to more than the \(output.count) bytes it declares")
            default:
                throw .corrupt("GZIP page does not inflate: its gzip data is invalid or truncated")
            }
            consumed &+= memberIn
            produced &+= memberOut
            // Another gzip member may follow; zero padding after the last is ignored.
        } while consumed < input.count && (inBase + consumed).load(as: UInt8.self) == 0x1F
        guard produced == output.count else {
            throw .corrupt("GZIP page inflates to \(produced) bytes but declares \(output.count)")
        }
    }
}
