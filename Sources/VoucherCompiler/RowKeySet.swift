import CHardware
import VoucherHistory

/// The six parsed values of a kept row, as behaviour §2's duplicate check compares them.
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
/// open-addressing table whose slots hold the key's number and some bits of
/// its hash (a tag), so a probe touches a key only when the tags match. A
/// slot is 4 bytes (10 tag bits, up to 4,194,303 keys) and becomes 8 bytes
/// (32 tag bits, up to 2³² − 1 keys) when a set grows past that (``SlotWord``):
/// the small table of the reference history's ~150,000 keys a part (1 MiB)
/// stays in a core's cache, which halves the time of the probes. A key takes
/// 48 bytes (4 while its batch is current, see below) and its slot about 7
/// (the table is at most 5/8 full), far less than a `Set<RowKey>`. This is
/// the one structure of the compiler that grows with the history (with its
/// distinct kept rows): exact duplicate detection needs it.
///
/// Keys go in by the batch (``insert(_:rows:hashes:part:fresh:)``): with
/// hundreds of thousands of keys the slot table is larger than the first
/// caches, and each probe would wait for memory on its own; with a batch's
/// hashes at hand the loop prefetches the slots of the keys a few places
/// ahead, so those waits overlap (about 5 times faster on the reference
/// history). A set can hold one part of the keys (by the top bits of their
/// hash, ``KeyParts``), so sets on several threads share the work.
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
    /// The slot table, of 4-byte slots until the keys outgrow them. Power-of-two size.
    private var table = SlotTable.narrow(Array(repeating: 0, count: 1 << 12))
    /// The most keys 4-byte slots are used for (tests lower it).
    private let narrowLimit: Int
    /// Whether keys are only looked up, no longer added (``freeze()``).
    private(set) var isFrozen = false
    var count: Int { keys.count + pending.count }
    /// Whether the slots are 8 bytes.
    var hasWideSlots: Bool {
        if case .wide = table { return true }
        return false
    }

    init(narrowLimit: Int = UInt32.maxKeys) {
        self.narrowLimit = min(narrowLimit, UInt32.maxKeys)
    }

    private enum SlotTable {
        case narrow([UInt32])
        case wide([UInt64])

        var size: Int {
            switch self {
            case .narrow(let slots): slots.count
            case .wide(let slots): slots.count
            }
        }
    }

    /// Key number `i`.
    @inline(__always)
    private func key(_ i: Int) -> RowKey {
        i < keys.count ? keys[i] : source!.key(Int(pending[i - keys.count]))
    }

    /// A batch begins: the keys of the one before are copied out of it, and
    /// it goes (its columns, megabytes, are freed off this thread when this
    /// was their last reference); new keys are rows of `source`.
    mutating func begin(_ source: KeySource) {
        let previous = self.source
        self.source = source
        guard let previous else { return }
        // Plain appends: they grow the array geometrically (reserving each
        // batch's exact count would copy every earlier key once a batch).
        for row in pending { keys.append(previous.key(Int(row))) }
        pending.removeAll(keepingCapacity: true)
        releaseInBackground(consume previous)
    }

    /// Copies the current batch's keys out of it and lets it go; from now
    /// on ``insert(_:rows:hashes:part:fresh:)`` only looks keys up, marking
    /// those not found ``KeyNovelty/unknown`` (the spilled duplicate check
    /// takes them).
    mutating func freeze() {
        begin(KeySource.keys([]))
        isFrozen = true
    }

    /// Makes room for `capacity` keys without growing; the key storage
    /// too, so a bounded set never holds two copies of its keys at once.
    mutating func reserveAll(_ capacity: Int) {
        keys.reserveCapacity(capacity)
        reserve(capacity)
    }

    /// Makes room for `capacity` keys without growing.
    mutating func reserve(_ capacity: Int) {
        pending.reserveCapacity(capacity - keys.count)
        var size = table.size
        while size * 5 < capacity * 8 { size *= 2 }  // load ≤ 5/8
        if case .narrow = table, capacity > narrowLimit {
            table = .wide(rehashed(size))
        } else if size > table.size {
            switch table {
            case .narrow: table = .narrow(rehashed(size))
            case .wide: table = .wide(rehashed(size))
            }
        }
    }

    /// Inserts, in order, the keys of `batch` whose hash (`hashes[i]`, from
    /// ``hash(_:)``) is in `part`; `fresh[i]` tells whether such a `batch[i]`
    /// was new (``KeyNovelty/repeated``: an equal key was there already, or
    /// earlier in the batch; ``KeyNovelty/unknown``: not here, and not added,
    /// the set being frozen). Other entries of `fresh` are left alone.
    /// `rows[i]` is the row of ``begin(_:)``'s source that `batch[i]` comes from.
    mutating func insert(_ batch: UnsafeBufferPointer<RowKey>, rows: UnsafeBufferPointer<Int32>,
                         hashes: UnsafeBufferPointer<UInt64>, part: KeyPart, fresh: UnsafeMutableBufferPointer<KeyNovelty>) {
        precondition(hashes.count == batch.count && rows.count == batch.count && fresh.count >= batch.count && source != nil)
        if !isFrozen { reserve(count + batch.count) }
        // The slots are taken out while probed, so that key(_:) may read the
        // set meanwhile, and so that they are the only reference to their
        // storage (a second one would copy the whole table on the first write).
        if case .narrow(var slots) = table {
            table = .narrow([])
            insert(batch, rows: rows, hashes: hashes, part: part, fresh: fresh, into: &slots)
            table = .narrow(slots)
        } else if case .wide(var slots) = table {
            table = .narrow([])
            insert(batch, rows: rows, hashes: hashes, part: part, fresh: fresh, into: &slots)
            table = .wide(slots)
        }
    }

    @inline(__always)
    private mutating func insert<Slot: SlotWord>(_ batch: UnsafeBufferPointer<RowKey>, rows: UnsafeBufferPointer<Int32>,
                                                 hashes: UnsafeBufferPointer<UInt64>, part: KeyPart,
                                                 fresh: UnsafeMutableBufferPointer<KeyNovelty>, into table: inout [Slot]) {
        let mask = table.count - 1
        var keyCount = count
        let frozen = isFrozen
        table.withUnsafeMutableBufferPointer { slots in
            for i in batch.indices where part.contains(hashes[i]) {
                let ahead = i + Self.lookahead
                if ahead < batch.count && part.contains(hashes[ahead]) {
                    voucher_prefetch_for_write(slots.baseAddress! + (Int(truncatingIfNeeded: hashes[ahead]) & mask))
                }
                let hash = hashes[i]
                let tag = Slot.tag(hash)
                var slot = Int(truncatingIfNeeded: hash) & mask
                var found = false
                while true {
                    let entry = slots[slot]
                    if entry == 0 { break }
                    if entry & Slot.tagMask == tag && key(Int(truncatingIfNeeded: entry & ~Slot.tagMask) - 1) == batch[i] {
                        found = true
                        break
                    }
                    slot = (slot + 1) & mask
                }
                if found {
                    fresh[i] = .repeated
                } else if frozen {
                    fresh[i] = .unknown
                } else {
                    fresh[i] = .new
                    pending.append(rows[i])
                    keyCount += 1
                    slots[slot] = tag | Slot(truncatingIfNeeded: keyCount)
                }
            }
        }
    }

    /// Every key's slot in a fresh table of `size` slots.
    private func rehashed<Slot: SlotWord>(_ size: Int) -> [Slot] {
        var fresh = [Slot](repeating: 0, count: size)
        let mask = size - 1
        for i in 0 ..< count {
            let hash = Self.hash(key(i))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = Slot.tag(hash) | Slot(truncatingIfNeeded: i + 1)
        }
        return fresh
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

/// What a duplicate check found of a key.
enum KeyNovelty: UInt8 {
    /// An equal key was there already (or earlier in the same batch).
    case repeated
    /// New: added to the set.
    case new
    /// Not in the frozen set, and not added: the spilled check decides.
    case unknown
}

/// The keys a set holds, among all: those whose hash has the bits `value` under `mask`.
struct KeyPart: Sendable {
    let mask: UInt64
    let value: UInt64

    /// Every key.
    static let all = KeyPart(mask: 0, value: 0)

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool { hash & mask == value }
}

/// The duplicate check's parts: a power of two of them, each the keys whose
/// hash has its number as its top bits (equal keys are in the same part).
struct KeyParts: Sendable {
    /// How many parts (1, 2, 4, 8…).
    let count: Int
    /// The hash bits below the part's number.
    private let shift: UInt64

    /// The fewest parts, a power of two, that is at least `threads`.
    init(atLeast threads: Int) {
        var bits: UInt64 = 0
        while 1 << bits < threads { bits += 1 }
        count = 1 << bits
        shift = 64 - bits
    }

    /// The part of a key's hash.
    @inline(__always)
    func part(of hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> shift) }  // 0 when shift is 64

    /// The keys of part `part`.
    func keys(of part: Int) -> KeyPart {
        count == 1 ? .all : KeyPart(mask: ~0 << shift, value: UInt64(part) << shift)
    }
}

/// Where the keys of the batch being judged are: its parsed columns and
/// the country id of each spelling, or keys read back from a spill file.
enum KeySource: Sendable {
    case batch(ParsedBatch, countries: [Int32])
    case keys([RowKey])

    /// The key of `row`, a row that passed behaviour §2's checks.
    @inline(__always)
    func key(_ row: Int) -> RowKey {
        switch self {
        case .batch(let parsed, let countries):
            RowKey(timestamp: parsed.timestamp(row), lastOrder: parsed.lastOrder(row), firstOrder: parsed.firstOrder(row),
                   totalOrders: parsed.totalOrders(row), amount: parsed.amount(row),
                   country: countries[Int(parsed.spelling(row))])
        case .keys(let keys):
            keys[row]
        }
    }
}

/// A slot of ``RowKeySet``'s table: a key's number + 1 in the low bits
/// (0: empty), the top bits of its hash above them.
protocol SlotWord: FixedWidthInteger, UnsignedInteger {
    /// The bits of the tag.
    static var tagMask: Self { get }
}

extension SlotWord {
    /// The most keys a table of these slots can number.
    static var maxKeys: Int { Int(~tagMask) }

    /// The tag of a hash: its top bits, where a slot keeps them.
    @inline(__always)
    static func tag(_ hash: UInt64) -> Self {
        Self(truncatingIfNeeded: hash >> UInt64(64 - bitWidth)) & tagMask
    }
}

extension UInt32: SlotWord {
    /// 10 tag bits, 22 bits of key number.
    static var tagMask: UInt32 { 0xFFC0_0000 }
}

extension UInt64: SlotWord {
    /// 32 tag bits, 32 bits of key number.
    static var tagMask: UInt64 { 0xFFFF_FFFF_0000_0000 }
}
