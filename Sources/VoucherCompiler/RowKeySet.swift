/// The six parsed values of a kept row, as SPEC §2's duplicate check compares them.
/// Times are nanoseconds since the Unix epoch; `country` is the country id of the compile.
public struct RowKey: Hashable, Sendable {
    public var timestamp: Int64
    public var lastOrder: Int64
    public var firstOrder: Int64
    public var totalOrders: Int64
    public var amount: Int64
    public var country: Int32
}

/// An exact set of ``RowKey``s, for the duplicate check.
///
/// Keys are stored back to back in one flat array (six words a key) and
/// found through an open-addressing table whose slots hold the key's index
/// and 32 bits of its hash, so a probe touches a key only when the hash bits
/// match. About 56 bytes per kept row, far less than a `Set<RowKey>`. This is
/// the one structure of the compiler that grows with the history (with its
/// distinct kept rows): exact duplicate detection needs it.
struct RowKeySet {
    private static let wordsPerKey = 6
    /// Keys, six words each.
    private var words: [Int64] = []
    /// Slot: 0 = empty, else `hash tag << 32 | (index + 1)`. Power-of-two size.
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << 12)
    private(set) var count = 0

    /// Makes room for `capacity` keys without growing.
    mutating func reserve(_ capacity: Int) {
        words.reserveCapacity(capacity * Self.wordsPerKey)
        var size = slots.count
        while size * 5 < capacity * 8 { size *= 2 }
        if size > slots.count { rehash(size) }
    }

    /// Inserts `key`; returns false when an equal key was there already.
    mutating func insert(_ key: RowKey) -> Bool {
        if (count + 1) * 8 > slots.count * 5 { rehash(slots.count * 2) }  // load ≤ 5/8
        let hash = Self.hash(key)
        let tag = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Bool = slots.withUnsafeBufferPointer { slots in
            words.withUnsafeBufferPointer { words in
                while true {
                    let entry = slots[slot]
                    if entry == 0 { return false }
                    if entry >> 32 == tag {
                        let base = (Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1) * Self.wordsPerKey
                        if words[base] == key.timestamp && words[base + 1] == key.lastOrder
                            && words[base + 2] == key.firstOrder && words[base + 3] == key.totalOrders
                            && words[base + 4] == key.amount && words[base + 5] == Int64(key.country) {
                            return true
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        if found { return false }
        words.append(key.timestamp)
        words.append(key.lastOrder)
        words.append(key.firstOrder)
        words.append(key.totalOrders)
        words.append(key.amount)
        words.append(Int64(key.country))
        count += 1
        slots[slot] = tag << 32 | UInt64(count)
        return true
    }

    private mutating func rehash(_ size: Int) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for i in 0 ..< count {
            let b = i * Self.wordsPerKey
            let key = RowKey(timestamp: words[b], lastOrder: words[b + 1], firstOrder: words[b + 2],
                             totalOrders: words[b + 3], amount: words[b + 4], country: Int32(truncatingIfNeeded: words[b + 5]))
            let hash = Self.hash(key)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = (hash >> 32) << 32 | UInt64(i + 1)
        }
        slots = fresh
    }

    /// A fixed mixing hash (deterministic across runs, unlike `Hasher`).
    @inline(__always)
    private static func hash(_ key: RowKey) -> UInt64 {
        @inline(__always) func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
            let m = (h ^ v) &* 0xBF58_476D_1CE4_E5B9
            return m ^ (m >> 29)
        }
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        h = mix(h, UInt64(bitPattern: key.timestamp))
        h = mix(h, UInt64(bitPattern: key.lastOrder))
        h = mix(h, UInt64(bitPattern: key.firstOrder))
        h = mix(h, UInt64(bitPattern: key.totalOrders))
        h = mix(h, UInt64(bitPattern: key.amount))
        h = mix(h, UInt64(UInt32(bitPattern: key.country)))
        return h ^ (h >> 32)
    }
}
