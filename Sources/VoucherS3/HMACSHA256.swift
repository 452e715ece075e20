import VoucherTable

/// HMAC-SHA256 (RFC 2104) over the table library's SHA-256: the key
/// derivation and the signature of AWS Signature Version 4.
enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    static func mac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5C })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    static func mac(key: [UInt8], _ message: String) -> [UInt8] {
        mac(key: key, Array(message.utf8))
    }
}
