import CZlib

/// GZIP pages (Compression.md, "GZIP": RFC 1952 gzip members) through zlib.
///
/// The `z_stream` lives at a fixed heap address for the object's lifetime
/// (zlib keeps a pointer back to it) and is reset, not re-made, per page.
/// Several gzip members one after another are inflated in turn.
final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() throws(ParquetDecodeError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // inflateInit2 is a macro; 15 + 16 = a 32 KiB window with gzip framing.
        let status = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .corrupt("zlib could not start (inflateInit2 returned \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates `input` into exactly `output.count` bytes.
    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetDecodeError) {
        guard let inBase = input.baseAddress, input.count > 0 else {
            throw .corrupt("GZIP page is empty but declares \(output.count) bytes")
        }
        guard input.count <= Int(UInt32.max), output.count <= Int(UInt32.max) else {
            throw .corrupt("GZIP page is too large")
        }
        var produced = 0
        var consumed = 0
        var spare: UInt8 = 0  // output room past the end, to notice a page longer than declared
        repeat {
            guard inflateReset(stream) == Z_OK else { throw .corrupt("zlib could not reset") }
            let full = produced >= output.count
            let status: Int32 = withUnsafeMutablePointer(to: &spare) { sparePointer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: (inBase + consumed).assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = uInt(input.count &- consumed)
                if !full, let outBase = output.baseAddress {
                    stream.pointee.next_out = (outBase + produced).assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(output.count &- produced)
                } else {
                    stream.pointee.next_out = sparePointer
                    stream.pointee.avail_out = 1
                }
                return CZlib.inflate(stream, Z_FINISH)
            }
            let left = Int(stream.pointee.avail_out)
            if full && left == 0 {
                throw .corrupt("GZIP page inflates to more than the \(output.count) bytes it declares")
            }
            guard status == Z_STREAM_END else {
                if !full, left == 0 {
                    throw .corrupt("GZIP page inflates to more than the \(output.count) bytes it declares")
                }
                if status == Z_BUF_ERROR || status == Z_OK {
                    throw .corrupt("GZIP page ends before its gzip stream does")
                }
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw .corrupt("GZIP page does not inflate: \(reason)")
            }
            consumed = input.count &- Int(stream.pointee.avail_in)
            if !full { produced = output.count &- left }
            // Another gzip member may follow; zero padding after the last is ignored.
        } while consumed < input.count && (inBase + consumed).load(as: UInt8.self) == 0x1F
        guard produced == output.count else {
            throw .corrupt("GZIP page inflates to \(produced) bytes but declares \(output.count)")
        }
    }
}
