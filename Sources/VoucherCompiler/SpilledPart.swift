/// How much of the exact duplicate check may stay in memory, and where it
/// spills the rest.
struct DuplicateCheckBudget: Sendable {
    /// Bytes of memory a key costs in a ``RowKeySet`` at most: 48 for the
    /// key, 4 for its row number while its batch is current, and up to 26
    /// for its slot (8-byte slots in a table that has just doubled, at a
    /// load of 5/16), rounded up.
    static let bytesPerKey = 80

    /// The most distinct keys held in memory at once, over all parts.
    let keys: Int
    /// The folder of the spill files (it exists; the compile makes its files there).
    let directory: String

    /// A budget of `bytes` (at least one key a part).
    init(bytes: Int, directory: String) {
        self.init(keys: bytes / Self.bytesPerKey, directory: directory)
    }

    /// A budget of `keys` keys (at least one a part).
    init(keys: Int, directory: String) {
        self.keys = max(keys, 2)
        self.directory = directory
    }
}

/// One part of the duplicate check (``KeyParts``) once it is past its
/// budget: a two-pass, hash-partitioned check.
///
/// 1. While the history is read (``write(_:part:_:amountIDs:)``): the part's
///    set is frozen with the keys of the rows it holds; a candidate found
///    there is a duplicate at once, any other is written, with its spelling
///    and amount, to one of 128 spill files chosen by 7 bits of its hash.
///    Equal keys have equal hashes: all rows that could be duplicates of one
///    another are in the same file, in row order (one task writes a part's
///    rows of a chunk, slice after slice, and chunks follow each other).
/// 2. At the end (``settle()``): file by file, a fresh set takes the file's
///    rows in order, so the first of equal rows is the one kept, as with the
///    check in memory; the kept rows are counted. A file with more rows than
///    the budget allows a set is first split in 256 by 8 more bits of the
///    hash, up to three times.
///
/// Every file's rows are a 128th (then a 32,768th…) of the part's spilled
/// rows, so the memory of step 2 stays under the budget for histories of
/// up to hundreds of times the budget's keys, and the sets it fills are
/// smaller than the one in memory, which keeps its probes in the caches.
/// Used by one task at a time (see ``CompilePass``).
final class SpilledPart {
    private static let files = 128
    private static let splitFiles = 256
    private static let maxSplits = 3
    /// Rows read back from a spill file at a time.
    private static let chunkRows = 1 << 15
    /// 0, 1, 2…: a chunk's keys are its rows' numbers in the set's source.
    private static let rowNumbers = (0 ..< Int32(chunkRows)).map { $0 }

    private let directory: String
    private let name: String
    /// The most keys one set of step 2 holds (the parts may settle at once).
    private let maxKeys: Int
    /// Rows buffered per spill file before a write.
    private let bufferRows: Int
    private let spilled: SpillFiles
    /// The first error of a spill file, thrown by ``CompilePass``.
    private(set) var failure: (any Error)?
    /// The counts of the rows kept in step 2 (an empty copy of the compile's, given before).
    var counts: TableAggregator?
    private(set) var kept = 0
    private(set) var duplicates = 0

    private let part: KeyPart

    init(part: Int, of parts: KeyParts, budget: DuplicateCheckBudget) {
        directory = budget.directory
        name = "part\(part)"
        self.part = parts.keys(of: part)
        maxKeys = max(budget.keys / parts.count, 1)
        // Up to a 16th of the budget in buffers (at most 64 KiB a file, at least 16 rows).
        bufferRows = min(max(budget.keys / parts.count * DuplicateCheckBudget.bytesPerKey / 16 / Self.files
                             / MemoryLayout<SpilledRow>.stride, 16), (1 << 16) / MemoryLayout<SpilledRow>.stride)
        spilled = SpillFiles(directory: directory, name: name, count: Self.files, bufferRows: bufferRows)
    }

    /// The spill file of a hash in step 1.
    @inline(__always)
    private static func file(of hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 32) & (files - 1) }

    /// Step 1: writes the candidates of `slice` that this part could not
    /// decide (``KeyNovelty/unknown``), in row order.
    func write(_ slice: ChunkSlice, part number: Int, _ parsed: ParsedBatch, amountIDs: [Int32]) {
        guard failure == nil else { return }
        let keys = slice.keys, rows = slice.candidateRows, hashes = slice.hashes, fresh = slice.fresh[number]
        let mine = part
        do {
            for i in keys.indices where mine.contains(hashes[i]) && fresh[i] == .unknown {
                let row = Int(rows[i])
                try spilled.append(SpilledRow(key: keys[i], spelling: parsed.spelling(row),
                                              amountID: amountIDs[Int(parsed.amountValueIndex(row))]),
                                   to: Self.file(of: hashes[i]))
            }
        } catch {
            failure = error
        }
    }

    /// Step 2: every spill file settled, its kept rows counted into ``counts``.
    func settle() {
        guard failure == nil else { return }
        do {
            try spilled.flush()
            for file in 0 ..< Self.files { try settle(file, of: spilled, splits: 0) }
        } catch {
            failure = error
        }
        spilled.remove()
    }

    private func settle(_ file: Int, of files: SpillFiles, splits: Int) throws {
        defer { files.remove(file) }
        if files.rowCounts[file] > maxKeys && splits < Self.maxSplits {
            let split = SpillFiles(directory: directory, name: "\(name)-\(splits)-\(file)", count: Self.splitFiles,
                                   bufferRows: bufferRows)
            let shift = UInt64(40 + 8 * splits)
            try files.read(file, chunkRows: Self.chunkRows) { rows in
                for row in rows {
                    try split.append(row, to: Int(truncatingIfNeeded: RowKeySet.hash(row.key) >> shift) & (Self.splitFiles - 1))
                }
            }
            files.remove(file)
            try split.flush()
            for part in 0 ..< Self.splitFiles { try settle(part, of: split, splits: splits + 1) }
            return
        }
        guard files.rowCounts[file] > 0 else { return }
        var set = RowKeySet()
        set.reserveAll(min(files.rowCounts[file], maxKeys))
        let fresh = UnsafeMutableBufferPointer<KeyNovelty>.allocate(capacity: Self.chunkRows)
        defer { fresh.deallocate() }
        let numbers = Self.rowNumbers
        var counts = self.counts!
        self.counts = nil  // so the arrays are changed in place
        defer { self.counts = counts }
        try files.read(file, chunkRows: Self.chunkRows) { rows in
            let keys = rows.map(\.key), hashes = keys.map(RowKeySet.hash)
            set.begin(.keys(keys))
            keys.withUnsafeBufferPointer { keys in
                hashes.withUnsafeBufferPointer { hashes in
                    numbers.withUnsafeBufferPointer { numbers in
                        set.insert(keys, rows: UnsafeBufferPointer(rebasing: numbers[..<keys.count]), hashes: hashes,
                                   part: .all, fresh: fresh)
                    }
                }
            }
            counts.withCounter { counter in
                for (i, row) in rows.enumerated() {
                    if fresh[i] == .new {
                        counter.add(row.key, spelling: row.spelling, amountID: row.amountID)
                        kept += 1
                    } else {
                        duplicates += 1
                    }
                }
            }
        }
    }
}
