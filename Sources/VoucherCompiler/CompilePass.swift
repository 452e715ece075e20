import VoucherHistory
import VoucherTable

/// The row-by-row half of ``HistoryCompiler``: SPEC §2's checks, the
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

    init(segments: SegmentConfiguration, examplesPerReason: Int) {
        self.examplesPerReason = examplesPerReason
        self.aggregator = TableAggregator(segments: segments)
    }

    /// Makes room for `rows` more rows in the duplicate check, on a second
    /// thread (its hash table is megabytes of zeros to map and write, while
    /// the first batch is being read). Wait for it before the next
    /// ``process(_:file:observers:)``.
    func reserve(_ rows: Int) -> BackgroundWork<Void> {
        let seen = seen
        return BackgroundWork {
            for part in seen { part.set.reserve(part.set.count + rows / 2 + rows / 64) }
        }
    }

    mutating func process(_ batch: HistoryBatch, file: String, observers: [any CompileObserver]) {
        let parsed = ParsedBatch(batch, countries: &aggregator.countryTable)
        let amountIDs = parsed.amountValues.map { $0 >= 0 ? aggregator.amountID(of: $0) : -1 }
        aggregator.makeRoom(countries: aggregator.countryTable.keys.count, spellings: aggregator.countryTable.spellings.count)
        let source = KeySource(parsed: parsed, countries: aggregator.countryTable.countryOfSpelling)
        for part in seen { part.set.begin(source) }
        for half in halves { half.counts = aggregator.emptyCopy() }
        rowsRead += batch.rowCount
        for observer in observers { observer.batch(batch, parsed: parsed) }
        let halves = halves, seen = seen
        var start = 0
        while start < batch.rowCount {
            let rows = start ..< min(start + Self.chunkRows, batch.rowCount)
            let middle = rows.lowerBound + rows.count / 2
            let parallel = rows.count >= Self.rowsWorthASecondThread
            Self.onTwoThreads(parallel) { h in
                halves[h].check(h == 0 ? rows.lowerBound ..< middle : middle ..< rows.upperBound, source)
            }
            Self.onTwoThreads(parallel) { part in
                for half in halves { seen[part].set.insert(half, part: UInt64(part)) }
            }
            Self.onTwoThreads(parallel) { h in halves[h].count(parsed, amountIDs: amountIDs) }
            for half in halves { record(half, batch, parsed, file: file, observers: observers) }
            start = rows.upperBound
        }
        for half in halves {
            if let counts = half.counts { aggregator.merge(counts) }
            half.counts = nil
        }
        releaseInBackground(consume parsed)  // megabytes (the duplicate check keeps them until the next batch)
    }

    /// The verdicts of a half chunk, in row order: drop counts, examples, observers.
    private mutating func record(_ half: ChunkHalf, _ batch: HistoryBatch, _ p: ParsedBatch,
                                 file: String, observers: [any CompileObserver]) {
        let reasons = half.reasons, keys = half.keys, hashes = half.hashes, fresh = half.fresh
        var candidate = 0
        for (i, row) in half.rows.enumerated() {
            let verdict: RowVerdict
            if reasons[i] >= 0 {
                verdict = .dropped(DropReason(rawValue: Int(reasons[i]))!)
            } else {
                verdict = fresh[Int(hashes[candidate] >> 63)][candidate] ? .kept(keys[candidate], spelling: p.spelling(row)) : .dropped(.duplicate)
                candidate += 1
            }
            for observer in observers { observer.row(row, verdict: verdict) }
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
/// lines between the cores).
final class ChunkHalf: @unchecked Sendable {
    private(set) var rows: Range<Int> = 0 ..< 0
    /// Per row: the first reason of SPEC §2's checks before the duplicate
    /// one, or -1 for a candidate.
    private(set) var reasons: [Int8] = []
    /// The candidates' keys and their hashes (``RowKeySet/hash(_:)``), in row order.
    private(set) var keys: [RowKey] = []
    private(set) var candidateRows: [Int32] = []
    private(set) var hashes: [UInt64] = []
    /// Per part of the duplicate check and candidate: whether its key is
    /// new, for the candidates whose hash has the part as its top bit.
    let fresh: [UnsafeMutableBufferPointer<Bool>]
    /// The counts of the kept rows of this half, over the batch.
    var counts: TableAggregator?

    init(capacity: Int) {
        fresh = (0 ..< 2).map { _ in
            let buffer = UnsafeMutableBufferPointer<Bool>.allocate(capacity: capacity)
            buffer.initialize(repeating: false)
            return buffer
        }
        reasons.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
        candidateRows.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    deinit {
        for buffer in fresh { buffer.deallocate() }
    }

    /// Step 1: the checks of `rows`, the candidates' keys and hashes.
    func check(_ rows: Range<Int>, _ source: KeySource) {
        self.rows = rows
        let p = source.parsed
        // The arrays are taken out while being filled: appending to a class's
        // property would check exclusive access at run time, row by row.
        var reasons = self.reasons, keys = self.keys, candidateRows = self.candidateRows, hashes = self.hashes
        (self.reasons, self.keys, self.candidateRows, self.hashes) = ([], [], [], [])
        defer { (self.reasons, self.keys, self.candidateRows, self.hashes) = (reasons, keys, candidateRows, hashes) }
        reasons.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        candidateRows.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for row in rows {
            if let reason = Self.firstFailure(row, p) {
                reasons.append(Int8(reason.rawValue))
                continue
            }
            reasons.append(-1)
            let key = source.key(row)
            keys.append(key)
            candidateRows.append(Int32(truncatingIfNeeded: row))
            hashes.append(RowKeySet.hash(key))
        }
    }

    /// Step 3: the kept rows into ``counts``.
    func count(_ p: ParsedBatch, amountIDs: [Int32]) {
        guard var counts else { return }
        self.counts = nil  // so the arrays are changed in place
        let rows = rows, reasons = reasons, keys = keys, hashes = hashes, fresh = fresh
        var candidate = 0
        for (i, row) in rows.enumerated() where reasons[i] < 0 {
            if fresh[Int(hashes[candidate] >> 63)][candidate] {
                counts.add(keys[candidate], spelling: p.spelling(row), amountID: amountIDs[Int(p.amountValueIndex(row))])
            }
            candidate += 1
        }
        self.counts = counts
    }

    /// SPEC §2's checks but the duplicate one, in order.
    private static func firstFailure(_ row: Int, _ p: ParsedBatch) -> DropReason? {
        guard p.amount(row) >= 0 else { return .voucherAmount }
        guard p.totalOrders(row) >= 0 else { return .totalOrders }
        guard p.spelling(row) >= 0 else { return .countryCode }
        let timestamp = p.timestamp(row), lastOrder = p.lastOrder(row), firstOrder = p.firstOrder(row)
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
}

extension RowKeySet {
    /// Step 2 for one part: the keys of `half` whose hash has `part` as its
    /// top bit, with their answers in `half.fresh`.
    mutating func insert(_ half: ChunkHalf, part: UInt64) {
        half.keys.withUnsafeBufferPointer { keys in
            half.candidateRows.withUnsafeBufferPointer { rows in
                half.hashes.withUnsafeBufferPointer { hashes in
                    insert(keys, rows: rows, hashes: hashes, part: part, fresh: half.fresh[Int(part)])
                }
            }
        }
    }
}
