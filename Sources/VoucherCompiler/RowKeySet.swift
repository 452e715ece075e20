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
/// Keys are stored back to back in flat arrays and found through an
/// open-addressing table of row numbers, about 52 bytes per kept row, far
/// less than a `Set<RowKey>`. This is the one structure of the compiler that
/// grows with the history (with its distinct kept rows): exact duplicate
/// detection needs it.
struct RowKeySet {
    private var timestamps: [Int64] = []
    private var lastOrders: [Int64] = []
    private var firstOrders: [Int64] = []
    private var totalOrders: [Int64] = []
    private var amounts: [Int64] = []
    private var countries: [Int32] = []
    /// Slot → 1 + index into the arrays; 0 is empty. Power-of-two size.
    private var slots: [Int32] = Array(repeating: 0, count: 1 << 12)

    var count: Int { countries.count }

    /// Inserts `key`; returns false when an equal key was there already.
    mutating func insert(_ key: RowKey) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if equals(entry - 1, key) { return false }
            slot = (slot + 1) & mask
        }
        append(key)
        slots[slot] = Int32(count)
        return true
    }

    private mutating func append(_ key: RowKey) {
        timestamps.append(key.timestamp)
        lastOrders.append(key.lastOrder)
        firstOrders.append(key.firstOrder)
        totalOrders.append(key.totalOrders)
        amounts.append(key.amount)
        countries.append(key.country)
    }

    @inline(__always)
    private func equals(_ i: Int, _ key: RowKey) -> Bool {
        timestamps[i] == key.timestamp && lastOrders[i] == key.lastOrder && firstOrders[i] == key.firstOrder
            && totalOrders[i] == key.totalOrders && amounts[i] == key.amount && countries[i] == key.country
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for i in 0 ..< count {
            let key = RowKey(timestamp: timestamps[i], lastOrder: lastOrders[i], firstOrder: firstOrders[i],
                             totalOrders: totalOrders[i], amount: amounts[i], country: countries[i])
            var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }

    /// A fixed mixing hash (deterministic across runs, unlike `Hasher`).
    @inline(__always)
    private static func hash(_ key: RowKey) -> UInt64 {
        @inline(__always) func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
            let m = (h ^ v) &* 0xBF58_476D_1CE4_E5B9
            return m ^ (m >> 31)
        }
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        h = mix(h, UInt64(bitPattern: key.timestamp))
        h = mix(h, UInt64(bitPattern: key.lastOrder))
        h = mix(h, UInt64(bitPattern: key.firstOrder))
        h = mix(h, UInt64(bitPattern: key.totalOrders))
        h = mix(h, UInt64(bitPattern: key.amount))
        return mix(h, UInt64(UInt32(bitPattern: key.country)))
    }
}
