import VoucherHistory
import VoucherTable

/// The row-by-row half of ``HistoryCompiler``: behaviour §2's checks, the
/// duplicate check and the counts, batch by batch, on N threads
/// (``Parallelism``).
///
/// A batch is judged a chunk of rows at a time (N slices of rows), in steps
/// whose tasks run on the N threads:
///
/// 1. per slice of the chunk's rows: every check but the duplicate one,
///    giving each row's drop reason or its key (a candidate) and the key's
///    hash;
/// 2. per part of the keys (P parts, the power of two at or above N, by the
///    top bits of their hash): the duplicate check. Each part has its own
///    ``RowKeySet`` and sees its keys in row order, slice after slice, so
///    the first of equal rows is kept, as with one thread;
/// 3. per slice: the counts of the kept rows, into one aggregator per
///    slice, added up at the end of the batch.
///
/// Then, in row order on the calling thread, the drop reasons are counted,
/// examples kept and the observers told every verdict. The slices' buffers
/// are reused from chunk to chunk and sized to stay in the caches. Every
/// verdict is the one a single thread would give, so the table is the same
/// at any thread count.
struct CompilePass {
    /// Rows of a slice of a chunk.
    private static let sliceRows = 1 << 14
    /// Chunks with fewer rows are judged on the calling thread alone.
    private static let rowsWorthThreads = 1 << 12

    let examplesPerReason: Int
    private(set) var aggregator: TableAggregator
    private(set) var dropped = [Int](repeating: 0, count: DropReason.allCases.count)
    private(set) var examples: [[DroppedRow]] = Array(repeating: [], count: DropReason.allCases.count)
    private(set) var rowsRead = 0
    private(set) var kept = 0
    /// The threads of the steps.
    let parallelism: Parallelism
    /// The duplicate check, in parts by the top bits of the keys' hashes.
    private let seen: [DuplicateCheckPart]
    /// How the parts split the keys.
    private let parts: KeyParts
    /// The slices of the chunk being judged, one per thread.
    private let slices: [ChunkSlice]
    /// How much of the duplicate check may stay in memory, if bounded.
    let budget: DuplicateCheckBudget?
    /// Whether the duplicate check is past its budget: frozen, with the
    /// rows it cannot decide written to spill files (see ``SpilledPart``).
    private(set) var isSpilling = false

    init(segments: SegmentConfiguration, examplesPerReason: Int, budget: DuplicateCheckBudget? = nil,
         parallelism: Parallelism = .machine) {
        self.examplesPerReason = examplesPerReason
        self.aggregator = TableAggregator(segments: segments)
        self.budget = budget
        self.parallelism = parallelism
        let parts = KeyParts(atLeast: parallelism.threads)
        self.parts = parts
        seen = (0 ..< parts.count).map { _ in DuplicateCheckPart() }
        slices = (0 ..< parallelism.threads).map { _ in ChunkSlice(capacity: Self.sliceRows, parts: parts) }
    }

    /// Makes room for `rows` more rows in the duplicate check; with a
    /// budget, no more than it allows, keys and slots at once (so the keys
    /// are never copied to grow).
    func reserve(_ rows: Int) {
        let limit = budget.map { $0.keys / parts.count + $0.keys / 64 }
        for part in seen where !part.set.isFrozen {
            let wanted = part.set.count + rows / parts.count + rows / 64
            if let limit { part.set.reserveAll(min(wanted, limit)) } else { part.set.reserve(wanted) }
        }
    }

    /// Judges and counts every row of `batch`.
    ///
    /// - Throws: ``HistoryError`` (`io`) when a spill file cannot be written.
    mutating func process(_ batch: HistoryBatch, file: String, observers: [any CompileObserver]) throws {
        for observer in observers { observer.batch(batch) }  // a report profiles it while it is parsed
        let parsed = ParsedBatch(batch, countries: &aggregator.countryTable, parallelism: parallelism)
        let amountIDs = parsed.amountValues.map { $0 >= 0 ? aggregator.amountID(of: $0) : -1 }
        aggregator.makeRoom(countries: aggregator.countryTable.keys.count, spellings: aggregator.countryTable.spellings.count)
        let countries = aggregator.countryTable.countryOfSpelling
        let source = KeySource.batch(parsed, countries: countries)
        // Observers are told every row's verdict in row order: with them the check stays in memory.
        if let budget, !isSpilling, observers.isEmpty, seen.reduce(batch.rowCount, { $0 + $1.set.count }) > budget.keys {
            for (p, part) in seen.enumerated() {
                part.set.freeze()
                part.spill = SpilledPart(part: p, of: parts, budget: budget)
            }
            isSpilling = true
        }
        for part in seen { part.set.begin(source) }
        for slice in slices { slice.counts = aggregator.emptyCopy() }
        rowsRead += batch.rowCount
        for observer in observers { observer.parsed(parsed) }
        let slices = slices, seen = seen, parts = parts
        var start = 0
        while start < batch.rowCount {
            let rows = start ..< min(start + Self.sliceRows * slices.count, batch.rowCount)
            let threads = rows.count >= Self.rowsWorthThreads ? parallelism : .serial
            let perSlice = (rows.count + slices.count - 1) / slices.count
            threads.forEach(slices.count) { s in
                let first = min(rows.lowerBound + s * perSlice, rows.upperBound)
                slices[s].check(first ..< min(first + perSlice, rows.upperBound), parsed, countries: countries)
            }
            threads.forEach(parts.count) { part in
                for slice in slices {
                    seen[part].set.insert(slice, part: part, of: parts)
                    seen[part].spill?.write(slice, part: part, parsed, amountIDs: amountIDs)
                }
            }
            for part in seen { if let failure = part.spill?.failure { throw failure } }
            threads.forEach(slices.count) { s in slices[s].count(parsed, amountIDs: amountIDs) }
            for slice in slices { record(slice, batch, file: file, observers: observers) }
            start = rows.upperBound
        }
        for slice in slices {
            if let counts = slice.counts { aggregator.merge(counts) }
            slice.counts = nil
        }
        // `parsed` stays with the duplicate check, whose next begin(_:) lets it go.
    }

    /// Decides the rows the frozen check left undecided, if it spilled: the
    /// spill files part by part (a task each), the kept rows counted.
    ///
    /// - Throws: ``HistoryError`` (`io`) when a spill file cannot be written or read back.
    mutating func settleSpilled() throws {
        guard isSpilling else { return }
        for part in seen { part.set = RowKeySet() }  // its memory is the spill's now
        let seen = seen, empty = aggregator.emptyCopy()
        for part in seen { part.spill!.counts = empty }
        parallelism.forEach(seen.count) { p in seen[p].spill!.settle() }
        for part in seen {
            let spill = part.spill!
            if let failure = spill.failure { throw failure }
            aggregator.merge(spill.counts!)
            kept += spill.kept
            dropped[DropReason.duplicate.rawValue] += spill.duplicates
            part.spill = nil
        }
        isSpilling = false
    }

    /// The verdicts of a slice, in row order: drop counts, examples, observers.
    private mutating func record(_ slice: ChunkSlice, _ batch: HistoryBatch, file: String, observers: [any CompileObserver]) {
        let reasons = slice.reasons, hashes = slice.hashes, fresh = slice.fresh, verdicts = slice.verdictStorage, parts = parts
        var candidate = 0
        for (i, row) in slice.rows.enumerated() {
            let verdict: RowVerdict
            if reasons[i] >= 0 {
                verdict = .dropped(DropReason(rawValue: Int(reasons[i]))!)
            } else {
                let novelty = fresh[parts.part(of: hashes[candidate])][candidate]
                candidate += 1
                guard novelty != .unknown else { continue }  // settled at the end; no observers watch a spill
                verdict = novelty == .new ? .kept : .dropped(.duplicate)
            }
            verdicts[i] = verdict
            guard case .dropped(let reason) = verdict else {
                kept += 1
                continue
            }
            dropped[reason.rawValue] += 1
            if examples[reason.rawValue].count < examplesPerReason {
                examples[reason.rawValue].append(
                    DroppedRow(file: file, row: batch.firstRow + row, values: batch.columns.map { $0.value(at: row).description }))
            }
        }
        let judged = UnsafeBufferPointer(rebasing: verdicts[..<slice.rows.count])
        for observer in observers { observer.rows(slice.rows, verdicts: judged) }
    }
}

/// One slice of a chunk's rows and what the steps found for them. Used by
/// one task at a time (``CompilePass``'s steps), but for `fresh`, which the
/// parts of the duplicate check write at once: each its own buffer (one
/// buffer for all would bounce its cache lines between the cores). Its
/// buffers are allocated once, for the largest slice, and written in place
/// row by row.
final class ChunkSlice {
    private(set) var rows: Range<Int> = 0 ..< 0
    private(set) var candidateCount = 0
    private let reasonStorage: UnsafeMutableBufferPointer<Int8>
    private let keyStorage: UnsafeMutableBufferPointer<RowKey>
    private let rowStorage: UnsafeMutableBufferPointer<Int32>
    private let hashStorage: UnsafeMutableBufferPointer<UInt64>
    /// Per row: its verdict, for the observers (written by ``CompilePass``'s record step).
    let verdictStorage: UnsafeMutableBufferPointer<RowVerdict>
    /// Per part of the duplicate check and candidate: whether its key is
    /// new, for the candidates whose hash is in the part.
    let fresh: [UnsafeMutableBufferPointer<KeyNovelty>]
    /// How the parts split the keys.
    let parts: KeyParts
    /// The counts of the kept rows of this slice, over the batch.
    var counts: TableAggregator?

    /// Per row: the first reason of behaviour §2's checks before the duplicate
    /// one, or -1 for a candidate.
    var reasons: UnsafeBufferPointer<Int8> { UnsafeBufferPointer(rebasing: reasonStorage[..<rows.count]) }
    /// The candidates' keys, rows and hashes (``RowKeySet/hash(_:)``), in row order.
    var keys: UnsafeBufferPointer<RowKey> { UnsafeBufferPointer(rebasing: keyStorage[..<candidateCount]) }
    var candidateRows: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(rebasing: rowStorage[..<candidateCount]) }
    var hashes: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(rebasing: hashStorage[..<candidateCount]) }

    init(capacity: Int, parts: KeyParts) {
        self.parts = parts
        fresh = (0 ..< parts.count).map { _ in
            let buffer = UnsafeMutableBufferPointer<KeyNovelty>.allocate(capacity: capacity)
            buffer.initialize(repeating: .repeated)
            return buffer
        }
        reasonStorage = .allocate(capacity: capacity)
        keyStorage = .allocate(capacity: capacity)
        rowStorage = .allocate(capacity: capacity)
        hashStorage = .allocate(capacity: capacity)
        verdictStorage = .allocate(capacity: capacity)
    }

    deinit {
        for buffer in fresh { buffer.deallocate() }
        reasonStorage.deallocate()
        keyStorage.deallocate()
        rowStorage.deallocate()
        hashStorage.deallocate()
        verdictStorage.deallocate()
    }

    /// Step 1: the checks of `rows`, the candidates' keys and hashes. Each
    /// of a row's six values is read once, for the checks and the key.
    func check(_ rows: Range<Int>, _ p: ParsedBatch, countries: [Int32]) {
        precondition(rows.count <= reasonStorage.count, "a slice larger than its buffers")
        self.rows = rows
        let (reasons, keys, candidateRows, hashes) = (reasonStorage, keyStorage, rowStorage, hashStorage)
        var candidates = 0
        for (i, row) in rows.enumerated() {
            let amount = p.amount(row), orders = p.totalOrders(row), spelling = p.spelling(row)
            let timestamp = p.timestamp(row), lastOrder = p.lastOrder(row), firstOrder = p.firstOrder(row)
            if let reason = Self.firstFailure(amount: amount, orders: orders, spelling: spelling, timestamp: timestamp,
                                              lastOrder: lastOrder, firstOrder: firstOrder) {
                reasons[i] = Int8(reason.rawValue)
                continue
            }
            reasons[i] = -1
            let key = RowKey(timestamp: timestamp, lastOrder: lastOrder, firstOrder: firstOrder, totalOrders: orders,
                             amount: amount, country: countries[Int(spelling)])
            keys[candidates] = key  // a trivial type: no old value to release
            candidateRows[candidates] = Int32(truncatingIfNeeded: row)
            hashes[candidates] = RowKeySet.hash(key)
            candidates += 1
        }
        candidateCount = candidates
    }

    /// Step 3: the kept rows into ``counts``.
    func count(_ p: ParsedBatch, amountIDs: [Int32]) {
        guard var counts else { return }
        self.counts = nil  // so the arrays are changed in place
        let rows = rows, reasons = reasons, keys = keys, hashes = hashes, fresh = fresh, parts = parts
        counts.withCounter { counter in
            var candidate = 0
            for (i, row) in rows.enumerated() where reasons[i] < 0 {
                if fresh[parts.part(of: hashes[candidate])][candidate] == .new {
                    counter.add(keys[candidate], spelling: p.spelling(row), amountID: amountIDs[Int(p.amountValueIndex(row))])
                }
                candidate += 1
            }
        }
        self.counts = counts
    }

    /// behaviour §2's checks but the duplicate one, in order, on a row's values
    /// (``ParsedBatch``'s sentinels for invalid ones).
    @inline(__always)
    private static func firstFailure(amount: Int64, orders: Int64, spelling: Int32, timestamp: Int64,
                                     lastOrder: Int64, firstOrder: Int64) -> DropReason? {
        guard amount >= 0 else { return .voucherAmount }
        guard orders >= 0 else { return .totalOrders }
        guard spelling >= 0 else { return .countryCode }
        guard timestamp != ParsedBatch.noTime, lastOrder != ParsedBatch.noTime, firstOrder != ParsedBatch.noTime else {
            return .unparseableTime
        }
        guard firstOrder <= lastOrder else { return .firstAfterLast }
        guard lastOrder <= timestamp else { return .voucherBeforeLastOrder }
        return nil
    }
}

/// One part of the duplicate check, changed by one task at a time.
private final class DuplicateCheckPart {
    var set = RowKeySet()
    /// Past the budget: where the rows the frozen set cannot decide go.
    var spill: SpilledPart?
}

extension RowKeySet {
    /// Step 2 for one part: the keys of `slice` in part `part`, with their
    /// answers in `slice.fresh`.
    mutating func insert(_ slice: ChunkSlice, part: Int, of parts: KeyParts) {
        insert(slice.keys, rows: slice.candidateRows, hashes: slice.hashes, part: parts.keys(of: part), fresh: slice.fresh[part])
    }
}
