/// A `(const char *, size_t)` argument of the C ABI, checked: the pointer
/// may be NULL only with a length of 0, and the bytes must be UTF-8.
///
/// A view of the caller's bytes (no copy), valid for the call only.
struct CText {
    /// The bytes; empty (with a NULL base) for a NULL pointer of length 0.
    let bytes: UnsafeBufferPointer<UInt8>

    /// `nil` when the pointer is NULL with a length, the length does not
    /// fit in `Int`, or the bytes are not well-formed UTF-8.
    @inline(__always)
    init?(_ pointer: UnsafePointer<CChar>?, _ length: UInt) {
        guard length <= UInt(Int.max) else { return nil }
        guard let pointer else {
            guard length == 0 else { return nil }
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        let bytes = UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            UnsafeBufferPointer(start: $0, count: Int(length))
        }
        guard Self.isUTF8(bytes) else { return nil }
        self.bytes = bytes
    }

    /// Whether `bytes` are well-formed UTF-8: ASCII at once, else by the
    /// standard library's validation.
    @inline(__always)
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80 || String(validating: bytes, as: UTF8.self) != nil
    }
}
