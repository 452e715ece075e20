import VoucherHistory
import VoucherTable

/// The row-by-row half of ``HistoryCompiler``: behaviour §2's checks, the
/// duplicate check and the counts, batch by batch, on two threads.
///
/// A batch is judged a chunk of rows at a time, in steps that each split
/// their work between the calling thread and a second one:
///
/// 1. per half of the chunk's rows: every check but the duplicate one,
///    giving each row's drop reason or its key (a candidate) and the key's
///    hash;
/// 2. per half of the keys, by the top bit of their hash: the duplicate
///    check. Each half has its own ``RowKeySet`` and sees its keys in row
///    order, so the first of equal rows is kept, as with one thread;
/// 3. per half of the chunk's rows: the counts of the kept rows, into one
///    aggregator per half, added up at the end of the batch.
///
/// Then, in row order on the calling thread, the drop reasons are counted,
/// examples kept and the observers told every verdict. The chunk's buffers
/// are reused from chunk to chunk and sized to stay in the caches.
struct CompilePass {
    /// Rows judged together.
    private static let chunkRows = 1 << 15
    /// Chunks with fewer rows are judged on the calling thread alone.
    private static let rowsWorthASecondThread = 1 << 12

    let examplesPerReason: Int
    private(set) var aggregator: TableAggregator
    private(set) var dropped = [Int](repeating: 0, count: DropReason.allCases.count)
    private(set) var examples: [[DroppedRow]] = Array(repeating: [], count: DropReason.allCases.count)
    private(set) var rowsRead = 0
    private(set) var kept = 0
    /// The duplicate check, in two parts by the top bit of the keys' hashes.
    private let seen = [DuplicateCheckPart(), DuplicateCheckPart()]
    /// The two halves of the chunk being judged.
    private let halves = [ChunkHalf(capacity: chunkRows), ChunkHalf(capacity: chunkRows)]
    /// How much of the duplicate check may stay in memory, if bounded.
    let budget: DuplicateCheckBudget?
    /// Whether the duplicate check is past its budget: frozen, with the
    /// rows it cannot decide written to spill files (see ``SpilledPart``).
    private(set) var isSpilling = false

    init(segments: SegmentConfiguration, examplesPerReason: Int, budget: DuplicateCheckBudget? = nil) {
        self.examplesPerReason = examplesPerReason
        self.aggregator = TableAggregator(segments: segments)
        self.budget = budget
    }

    /// Makes room for `rows` more rows in the duplicate check, on a second
    /// thread (its hash table is megabytes of zeros to map and write, while
    /// the first batch is being read). Wait for it before the next
    /// ``process(_:file:observers:)``.
    /// With a budget, no more than it allows, keys and slots at once (so
    /// the keys are never copied to grow).
    func reserve(_ rows: Int) -> BackgroundWork<Void> {
        let seen = seen, limit = budget.map { $0.keys / 2 + $0.keys / 64 }
        return BackgroundWork {
            for part in seen where !part.set.isFrozen {
                let wanted = part.set.count + rows / 2 + rows / 64
                if let limit { part.set.reserveAll(min(wanted, limit)) } else { part.set.reserve(wanted) }
            }
        }
    }

    /// Judges and counts every row of `batch`.
    ///
    /// - Throws: ``HistoryError`` (`io`) when a spill file cannot be written.
    mutating func process(_ batch: HistoryBatch, file: String, observers: [any CompileObserver]) throws {
        for observer in observers { observer.batch(batch) }  // a report profiles it while it is parsed
        let parsed = ParsedBatch(batch, countries: &aggregator.countryTable)
        let amountIDs = parsed.amountValues.map { $0 >= 0 ? aggregator.amountID(of: $0) : -1 }
        aggregator.makeRoom(countries: aggregator.countryTable.keys.count, spellings: aggregator.countryTable.spellings.count)
        let countries = aggregator.countryTable.countryOfSpelling
        let source = KeySource.batch(parsed, countries: countries)
        // Observers are told every row's verdict in row order: with them the check stays in memory.
        if let budget, !isSpilling, observers.isEmpty, seen.reduce(batch.rowCount, { $0 + $1.set.count }) > budget.keys {
            for (p, part) in seen.enumerated() {
                part.set.freeze()
                part.spill = SpilledPart(part: p, budget: budget)
            }
            isSpilling = true
        }
        for part in seen { part.set.begin(source) }
        for half in halves { half.counts = aggregator.emptyCopy() }
        rowsRead += batch.rowCount
        for observer in observers { observer.parsed(parsed) }
        let halves = halves, seen = seen
        var start = 0
        while start < batch.rowCount {
            let rows = start ..< min(start + Self.chunkRows, batch.rowCount)
            let middle = rows.lowerBound + rows.count / 2
            let parallel = rows.count >= Self.rowsWorthASecondThread
            Self.onTwoThreads(parallel) { h in
                halves[h].check(h == 0 ? rows.lowerBound ..< middle : middle ..< rows.upperBound, parsed, countries: countries)
            }
            Self.onTwoThreads(parallel) { part in
                for half in halves {
                    seen[part].set.insert(half, part: part)
                    seen[part].spill?.write(half, part: part, parsed, amountIDs: amountIDs)
                }
            }
            for part in seen { if let failure = part.spill?.failure { throw failure } }
            Self.onTwoThreads(parallel) { h in halves[h].count(parsed, amountIDs: amountIDs) }
            for half in halves { record(half, batch, file: file, observers: observers) }
            start = rows.upperBound
        }
        for half in halves {
            if let counts = half.counts { aggregator.merge(counts) }
            half.counts = nil
        }
        // `parsed` stays with the duplicate check, whose next begin(_:) lets it go.
    }

    /// Decides the rows the frozen check left undecided, if it spilled: the
    /// spill files part by part (on two threads), the kept rows counted.
    ///
    /// - Throws: ``HistoryError`` (`io`) when a spill file cannot be written or read back.
    mutating func settleSpilled() throws {
        guard isSpilling else { return }
        for part in seen { part.set = RowKeySet() }  // its memory is the spill's now
        let seen = seen, empty = aggregator.emptyCopy()
        for part in seen { part.spill!.counts = empty }
        Self.onTwoThreads(true) { p in seen[p].spill!.settle() }
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

    /// The verdicts of a half chunk, in row order: drop counts, examples, observers.
    private mutating func record(_ half: ChunkHalf, _ batch: HistoryBatch, file: String, observers: [any CompileObserver]) {
        let reasons = half.reasons, hashes = half.hashes, fresh = half.fresh, verdicts = half.verdictStorage
        var candidate = 0
        for (i, row) in half.rows.enumerated() {
            let verdict: RowVerdict
            if reasons[i] >= 0 {
                verdict = .dropped(DropReason(rawValue: Int(reasons[i]))!)
            } else {
                let novelty = fresh[Int(hashes[candidate] >> 63)][candidate]
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
        let judged = UnsafeBufferPointer(rebasing: verdicts[..<half.rows.count])
        for observer in observers { observer.rows(half.rows, verdicts: judged) }
    }

    /// `work(0)` and `work(1)`, the first on a second thread when `parallel`.
    private static func onTwoThreads(_ parallel: Bool, _ work: @escaping @Sendable (Int) -> Void) {
        guard parallel else {
            work(0)
            work(1)
            return
        }
        let first = BackgroundWork { work(0) }
        work(1)
        try! first.wait()  // `work` does not throw
    }
}

/// One half of a chunk's rows and what the steps found for them. Used by
/// one thread at a time, the one ``CompilePass`` hands it to and waits for,
/// but for `fresh`, which the two parts of the duplicate check write at
/// once: each its own buffer (one buffer for both would bounce its cache
/// lines between the cores). Its buffers are allocated once, for the
/// largest half, and written in place row by row.
final class ChunkHalf: @unchecked Sendable {
    private(set) var rows: Range<Int> = 0 ..< 0
    private(set) var candidateCount = 0
    private let reasonStorage: UnsafeMutableBufferPointer<Int8>
    private let keyStorage: UnsafeMutableBufferPointer<RowKey>
    private let rowStorage: UnsafeMutableBufferPointer<Int32>
    private let hashStorage: UnsafeMutableBufferPointer<UInt64>
    /// Per row: its verdict, for the observers (written by ``CompilePass``'s record step).
    let verdictStorage: UnsafeMutableBufferPointer<RowVerdict>
    /// Per part of the duplicate check and candidate: whether its key is
    /// new, for the candidates whose hash has the part as its top bit.
    let fresh: [UnsafeMutableBufferPointer<KeyNovelty>]
    /// The counts of the kept rows of this half, over the batch.
    var counts: TableAggregator?

    /// Per row: the first reason of behaviour §2's checks before the duplicate
    /// one, or -1 for a candidate.
    var reasons: UnsafeBufferPointer<Int8> { UnsafeBufferPointer(rebasing: reasonStorage[..<rows.count]) }
    /// The candidates' keys, rows and hashes (``RowKeySet/hash(_:)``), in row order.
    var keys: UnsafeBufferPointer<RowKey> { UnsafeBufferPointer(rebasing: keyStorage[..<candidateCount]) }
    var candidateRows: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(rebasing: rowStorage[..<candidateCount]) }
    var hashes: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(rebasing: hashStorage[..<candidateCount]) }

    init(capacity: Int) {
        fresh = (0 ..< 2).map { _ in
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
        precondition(rows.count <= reasonStorage.count, "a half chunk larger than its buffers")
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
        let rows = rows, reasons = reasons, keys = keys, hashes = hashes, fresh = fresh
        counts.withCounter { counter in
            var candidate = 0
            for (i, row) in rows.enumerated() where reasons[i] < 0 {
                if fresh[Int(hashes[candidate] >> 63)][candidate] == .new {
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

/// One part of the duplicate check, changed by one thread at a time: the
/// one ``CompilePass`` hands it to and waits for.
private final class DuplicateCheckPart: @unchecked Sendable {
    var set = RowKeySet()
    /// Past the budget: where the rows the frozen set cannot decide go.
    var spill: SpilledPart?
}

extension RowKeySet {
    /// Step 2 for one part: the keys of `half` whose hash has `part` as its
    /// top bit, with their answers in `half.fresh`.
    mutating func insert(_ half: ChunkHalf, part: Int) {
        insert(half.keys, rows: half.candidateRows, hashes: half.hashes, part: .top(part), fresh: half.fresh[part])
    }
}
