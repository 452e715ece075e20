import CHardware

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
/// Keys are stored back to back in one array and found through an
/// open-addressing table whose slots hold the key's index and 32 bits of its
/// hash, so a probe touches a key only when the hash bits match. A key takes
/// 48 bytes (4 while its batch is current, see below) and its slot about 14
/// (the table is at most 5/8 full), far less than a `Set<RowKey>`. This is the one
/// structure of the compiler that grows with the history (with its distinct
/// kept rows): exact duplicate detection needs it.
///
/// Keys go in by the batch (``insert(_:rows:hashes:part:fresh:)``): with
/// hundreds of thousands of keys the slot table is larger than the caches,
/// and each probe would wait for memory on its own; with a batch's hashes
/// at hand the loop prefetches the slots of the keys a few places ahead, so
/// those waits overlap (about 5 times faster on the reference history). A
/// set can hold one part of the keys (by the top bit of their hash), so two
/// sets on two threads share the work.
///
/// The keys of the batch being judged are not copied: its parsed columns
/// (``KeySource``) hold them already, and the set keeps only their row
/// numbers (4 bytes a key instead of 48). They are copied out when the next
/// batch begins (``begin(_:)``), so after a file's last batch, or a
/// one-batch file, most of the keys are never copied at all.
struct RowKeySet {
    /// How many keys ahead of the probe the batch loop requests slots.
    private static let lookahead = 16
    /// Keys of earlier batches: key number `i` for `i < keys.count`.
    private var keys: [RowKey] = []
    /// Keys of the current batch, as rows of ``source``: key number `keys.count + i` is row `pending[i]`.
    private var pending: [Int32] = []
    private var source: KeySource?
    /// Slot: 0 = empty, else `hash tag << 32 | (key number + 1)`. Power-of-two size.
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << 12)
    var count: Int { keys.count + pending.count }

    /// Key number `i`.
    @inline(__always)
    private func key(_ i: Int) -> RowKey {
        i < keys.count ? keys[i] : source!.key(Int(pending[i - keys.count]))
    }

    /// A batch begins: the keys of the one before are copied out of it
    /// (so it can go), and new keys are rows of `source`.
    mutating func begin(_ source: KeySource) {
        if let previous = self.source {
            keys.reserveCapacity(keys.count + pending.count)
            for row in pending { keys.append(previous.key(Int(row))) }
            pending.removeAll(keepingCapacity: true)
        }
        self.source = source
    }

    /// Makes room for `capacity` keys without growing.
    mutating func reserve(_ capacity: Int) {
        pending.reserveCapacity(capacity - keys.count)
        var size = slots.count
        while size * 5 < capacity * 8 { size *= 2 }  // load ≤ 5/8
        if size > slots.count { rehash(size) }
    }

    /// Inserts, in order, the keys of `batch` whose hash (`hashes[i]`, from
    /// ``hash(_:)``) has `part` as its top bit; `fresh[i]` tells whether such
    /// a `batch[i]` was new (false: an equal key was there already, or
    /// earlier in the batch). Other entries of `fresh` are left alone.
    /// `rows[i]` is the row of ``begin(_:)``'s source that `batch[i]` comes from.
    mutating func insert(_ batch: UnsafeBufferPointer<RowKey>, rows: UnsafeBufferPointer<Int32>,
                         hashes: UnsafeBufferPointer<UInt64>, part: UInt64, fresh: UnsafeMutableBufferPointer<Bool>) {
        precondition(hashes.count == batch.count && rows.count == batch.count && fresh.count >= batch.count && source != nil)
        reserve(count + batch.count)
        let mask = slots.count - 1
        var keyCount = count
        // The slots are taken out while probed, so that key(_:) may read the set meanwhile.
        var table = slots
        slots = []
        defer { slots = table }
        table.withUnsafeMutableBufferPointer { slots in
            for i in batch.indices where hashes[i] >> 63 == part {
                let ahead = i + Self.lookahead
                if ahead < batch.count && hashes[ahead] >> 63 == part {
                    voucher_prefetch_for_write(slots.baseAddress! + (Int(truncatingIfNeeded: hashes[ahead]) & mask))
                }
                let hash = hashes[i]
                let tag = hash >> 32
                var slot = Int(truncatingIfNeeded: hash) & mask
                var found = false
                while true {
                    let entry = slots[slot]
                    if entry == 0 { break }
                    if entry >> 32 == tag && key(Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1) == batch[i] {
                        found = true
                        break
                    }
                    slot = (slot + 1) & mask
                }
                fresh[i] = !found
                if !found {
                    pending.append(rows[i])
                    keyCount += 1
                    slots[slot] = tag << 32 | UInt64(keyCount)
                }
            }
        }
    }

    private mutating func rehash(_ size: Int) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for i in 0 ..< count {
            let hash = Self.hash(key(i))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = (hash >> 32) << 32 | UInt64(i + 1)
        }
        slots = fresh
    }

    /// A fixed mixing hash (deterministic across runs, unlike `Hasher`).
    @inline(__always)
    static func hash(_ key: RowKey) -> UInt64 {
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

/// Where the keys of the batch being judged are: its parsed columns, and
/// the country id of each spelling.
struct KeySource: Sendable {
    let parsed: ParsedBatch
    let countries: [Int32]

    /// The key of `row`, a row that passed SPEC §2's checks.
    @inline(__always)
    func key(_ row: Int) -> RowKey {
        RowKey(timestamp: parsed.timestamp(row), lastOrder: parsed.lastOrder(row), firstOrder: parsed.firstOrder(row),
               totalOrders: parsed.totalOrders(row), amount: parsed.amount(row),
               country: countries[Int(parsed.spelling(row))])
    }
}
