#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of byte strings stored back to back in one arena, for counting
/// distinct text values without a `String` or `Array` per value.
///
/// Open addressing with linear probing over FNV-1a hashes; the table grows
/// to keep its load at most one half. Memory is the distinct values' bytes
/// plus about 24 bytes per value.
struct ByteStringSet {
    private var arena: [UInt8] = []
    /// `count + 1` offsets into `arena`.
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Per table slot: an element index, or `-1` when free.
    private var table: [Int32] = Array(repeating: -1, count: 64)

    /// The number of distinct strings inserted.
    var count: Int { hashes.count }

    /// Inserts `bytes` unless an equal string is already present.
    ///
    /// - Returns: whether it was new.
    @discardableResult
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let hash = Self.hash(bytes)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let element = Int(table[slot])
            if element < 0 { break }
            if hashes[element] == hash, equals(element, bytes) { return false }
            slot = (slot + 1) & mask
        }
        table[slot] = Int32(truncatingIfNeeded: hashes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        if hashes.count * 2 > table.count { grow() }
        return true
    }

    private func equals(_ element: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[element], end = offsets[element + 1]
        guard end - start == bytes.count else { return false }
        guard let other = bytes.baseAddress else { return true }  // both empty
        return arena.withUnsafeBufferPointer { arena in
            guard let base = arena.baseAddress else { return false }
            return memcmp(base + start, other, bytes.count) == 0
        }
    }

    private mutating func grow() {
        var table = [Int32](repeating: -1, count: self.table.count * 2)
        let mask = table.count - 1
        for (element, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(truncatingIfNeeded: element)
        }
        self.table = table
    }

    /// 64-bit FNV-1a, finished with a multiply-xorshift so the low bits mix well.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }
}
