/// A native reader of Parquet history files, one row group per batch.
///
/// Opening reads and checks the footer in a fixed order before trusting
/// anything: the file size, the `PAR1` magic at both ends, the footer length,
/// the Thrift FileMetaData, the schema (flat required and optional columns;
/// nested and REPEATED columns are listed but refused when asked for), and
/// every row group's column chunks against the schema. ``nextBatch(columns:)``
/// then decodes only the columns asked for, one row group at a time, so
/// memory follows the largest row group.
///
/// Supported: codecs UNCOMPRESSED, GZIP, SNAPPY, ZSTD; data pages v1 and v2
/// and dictionary pages; encodings PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY,
/// RLE (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
/// DELTA_BYTE_ARRAY. Dictionary-encoded columns hand out the dictionary as
/// `values` (plus the values of any pages that fell back to PLAIN) and the
/// indices as they are.
///
/// A row group's column chunks are decoded as the numbered tasks of
/// ``parallelism`` (``Parallelism``): a task per chunk, or per piece of a
/// text chunk that is more than a thread's share of the work (see
/// ``decode(_:of:firstRow:times:)``); the batches are the same at any
/// thread count. A reader is used by one thread at a time. Every failure is a
/// ``HistoryError`` naming the file and, where known, the column, the row
/// and the byte offset; bad input never traps.
public final class ParquetReader: HistoryReader {
    /// The path the reader was opened with, as given.
    public let path: String
    /// `parquet`, with the codecs of the file's column chunks.
    public let format: HistoryFormat
    /// Every top-level column of the file, in file order.
    public let columns: [SourceColumn]
    /// The number of rows the footer declares.
    public let rowCount: Int?

    /// The threads a row group's column chunks are decoded on; a compile
    /// sets its own (``decode(on:)``).
    public private(set) var parallelism: Parallelism

    public func decode(on parallelism: Parallelism) {
        self.parallelism = parallelism
    }

    // Internal, not private: the tests drive the chunk readers directly.
    let descriptors: [ParquetColumnDescriptor]
    let rowGroups: [ParquetRowGroup]
    let file: any ByteRangeSource
    /// The first byte of the footer.
    let dataEnd: Int
    /// A chunk reader per thread of ``parallelism`` (with their buffers,
    /// reused from one task to the next), and one per text chunk being
    /// cut into pieces (holding its bytes while others decode them).
    private var workers: [ColumnChunkReader] = []
    private var holders: [ColumnChunkReader] = []
    /// The least work (uncompressed bytes of the chunks asked for) spread
    /// over threads: a small row group is decoded on the calling thread.
    /// For the tests and the fuzzer only (`@_spi(Testing)`): they lower it
    /// to cut their small files.
    @_spi(Testing) public var parallelWork = 1 << 20
    private var nextRowGroup = 0
    private var nextFirstRow = 0

    /// Opens `path` and reads its footer.
    ///
    /// - Throws: ``HistoryError``: `io` when the file cannot be read,
    ///   `truncated` when it is shorter than 12 bytes, `badMagic` without
    ///   `PAR1` at either end, `corrupt` for an inconsistent footer,
    ///   `unsupported` for an encrypted footer or external column chunks.
    public convenience init(path: String, parallelism: Parallelism = .machine) throws {
        try self.init(source: FileHandleReader(path: path), parallelism: parallelism)
    }

    /// Opens the Parquet file `source` (a local file, or an object in storage)
    /// and reads its footer: the first 4 bytes and the file's tail (up to
    /// ``ParquetFormat/tailPrefetch`` bytes, which usually holds the whole
    /// footer) are announced to the source together, so a remote source
    /// fetches them with two ranged reads, and a third only for a larger footer.
    ///
    /// - Parameter parallelism: the threads row groups are decoded on
    ///   (``parallelism``).
    /// - Throws: like ``init(path:parallelism:)``, and the source's own errors.
    public init(source file: any ByteRangeSource, parallelism: Parallelism = .machine) throws {
        self.parallelism = parallelism
        self.file = file
        let path = file.location
        self.path = path
        let size = file.size
        guard size >= ParquetFormat.minimumFileSize else {
            throw HistoryError(.truncated, file: path, offset: size,
                               "a Parquet file has at least \(ParquetFormat.minimumFileSize) bytes; this one has \(size)")
        }
        try file.prefetch([0 ..< 4, max(4, size - ParquetFormat.tailPrefetch) ..< size])
        guard try file.read(at: 0, count: 4) == ParquetFormat.magic else {
            throw HistoryError(.badMagic, file: path, offset: 0, "no Parquet magic 'PAR1' at byte 0")
        }
        let tail = try file.read(at: size - 8, count: 8)
        let tailMagic = Array(tail[4 ..< 8])
        if tailMagic == ParquetFormat.encryptedMagic {
            throw HistoryError(.unsupported, file: path, offset: size - 4, "the footer is encrypted ('PARE'); encrypted Parquet is not supported")
        }
        guard tailMagic == ParquetFormat.magic else {
            throw HistoryError(.badMagic, file: path, offset: size - 4,
                               "no Parquet magic 'PAR1' in the last 4 bytes: the file is truncated or not Parquet")
        }
        let footerLength = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard footerLength <= size - ParquetFormat.minimumFileSize else {
            throw HistoryError(.corrupt, file: path, offset: size - 8,
                               "footer length \(footerLength) reaches past the start of the \(size)-byte file")
        }
        guard footerLength <= ParquetFormat.maxFooterSize else {
            throw HistoryError(.unsupported, file: path, offset: size - 8,
                               "footer of \(footerLength) bytes is over this reader's limit of \(ParquetFormat.maxFooterSize)")
        }
        let footerStart = size - 8 - footerLength
        let footer = try file.read(at: footerStart, count: footerLength)
        let metadata: ParquetFileMetadata
        let schema: (columns: [ParquetColumnDescriptor], leafCount: Int)
        do {
            metadata = try footer.withUnsafeBytes { try ParquetFileMetadata.decode($0) }
        } catch let error as ParquetDecodeError {
            throw error.historyError(file: path, offset: footerStart, offsetIsBase: true)
        }
        do {
            schema = try ParquetColumnDescriptor.columns(of: metadata.schema)
        } catch {
            throw error.historyError(file: path, offset: footerStart)
        }
        try Self.check(metadata, schema.columns, leafCount: schema.leafCount, path: path, footerStart: footerStart)

        var codecs: [String] = []
        for group in metadata.rowGroups {
            for chunk in group.columns where !codecs.contains(ParquetCodec.name(chunk.codec)) {
                codecs.append(ParquetCodec.name(chunk.codec))
            }
        }
        format = HistoryFormat(name: "parquet", codecs: codecs)
        descriptors = schema.columns
        columns = schema.columns.map(\.source)
        rowGroups = metadata.rowGroups
        rowCount = Int(metadata.numRows)
        dataEnd = footerStart
    }

    /// Checks the row groups against the schema and the row count.
    private static func check(_ metadata: ParquetFileMetadata, _ columns: [ParquetColumnDescriptor], leafCount: Int,
                              path: String, footerStart: Int) throws {
        func corrupt(_ message: String, column: String? = nil) -> HistoryError {
            HistoryError(.corrupt, file: path, column: column, offset: footerStart, message)
        }
        var total: Int64 = 0
        for (g, group) in metadata.rowGroups.enumerated() {
            guard (0 ... Int64(Int32.max)).contains(group.numRows) else {
                throw corrupt("row group \(g) declares \(group.numRows) rows (at most \(Int32.max) are supported)")
            }
            guard group.columns.count == leafCount else {
                throw corrupt("row group \(g) has \(group.columns.count) column chunks but the schema has \(leafCount) leaf columns")
            }
            total += group.numRows
            for column in columns {
                guard let leaf = column.leafIndex else { continue }
                let chunk = group.columns[leaf]
                let name = column.source.name
                if chunk.isEncrypted {
                    throw HistoryError(.unsupported, file: path, column: name, offset: footerStart,
                                       "row group \(g): the column is encrypted; encrypted Parquet is not supported")
                }
                if let external = chunk.filePath, !external.isEmpty {
                    throw HistoryError(.unsupported, file: path, column: name, offset: footerStart,
                                       "row group \(g): the column's data is in another file ('\(external)'), which is not supported")
                }
                guard chunk.hasMetaData else { throw corrupt("row group \(g): the column chunk has no ColumnMetaData", column: name) }
                guard chunk.pathInSchema == [name] else {
                    throw corrupt("row group \(g): the column chunk's path \(chunk.pathInSchema.joined(separator: ".")) does not match the schema", column: name)
                }
                guard chunk.type == column.physicalType.rawValue else {
                    throw corrupt("row group \(g): the column chunk's type \(chunk.type) differs from the schema's \(column.physicalType.name)", column: name)
                }
            }
        }
        guard total == metadata.numRows else {
            throw corrupt("the footer declares \(metadata.numRows) rows but its row groups hold \(total)")
        }
    }

    /// Decodes the columns `columns` (indices into ``columns``) of the next row group.
    ///
    /// - Returns: the batch (one row group), or `nil` after the last one.
    /// - Throws: ``HistoryError``: `missingColumn` for an index out of range,
    ///   `unsupported` for a nested or repeated column, an unsupported codec or
    ///   encoding; `corrupt` or `truncated` for bad data, naming the column,
    ///   the byte offset of the page and the row where known.
    public func nextBatch(columns wanted: [Int]) throws -> HistoryBatch? {
        try nextBatch(columns: wanted, times: nil)
    }

    /// ``nextBatch(columns:)``, the text of `times.columns` (BYTE_ARRAY or
    /// FIXED_LEN_BYTE_ARRAY columns read as text) read as times page by page.
    public func nextBatch(columns wanted: [Int], times: TimeTextParser) throws -> HistoryBatch? {
        try nextBatch(columns: wanted, times: Optional(times))
    }

    private func nextBatch(columns wanted: [Int], times: TimeTextParser?) throws -> HistoryBatch? {
        guard nextRowGroup < rowGroups.count else { return nil }
        let group = rowGroups[nextRowGroup]
        let rows = Int(group.numRows)
        var distinct: [Int] = []
        for index in wanted where !distinct.contains(index) {
            guard descriptors.indices.contains(index) else {
                throw HistoryError(.missingColumn, file: path, "no column at index \(index): the file has \(descriptors.count) columns")
            }
            let column = descriptors[index]
            guard column.leafIndex != nil else {
                throw HistoryError(.unsupported, file: path, column: column.source.name, column.unsupportedReason ?? "column cannot be read")
            }
            distinct.append(index)
        }
        try prefetch(distinct, of: group)
        let decoded = try decode(distinct, of: group, firstRow: nextFirstRow, times: times)
        let batch = HistoryBatch(firstRow: nextFirstRow, rowCount: rows,
                                 columns: wanted.map { index in decoded[distinct.firstIndex(of: index) ?? 0] })
        nextRowGroup += 1
        nextFirstRow += rows
        return batch
    }

    /// Announces the byte ranges of the chunks of `columns` in `group` to the
    /// source, in file order (a remote source fetches them together, and
    /// nothing else). Two wanted chunks separated only by bytes of no chunk
    /// (indexes, padding; under 64 KiB) are announced as one range; a gap
    /// holding another column's chunk never is. Chunks without rows or
    /// outside the file are left out: reading them fails, or reads nothing,
    /// as for a local file.
    private func prefetch(_ columns: [Int], of group: ParquetRowGroup) throws {
        let source = file
        func range(_ chunk: ParquetColumnChunk) -> Range<Int>? {
            let (start, length) = chunk.byteRange
            guard chunk.numValues > 0, start >= 0, length > 0, start <= Int64(source.size),
                  length <= Int64(source.size) - start else { return nil }
            return Int(start) ..< Int(start + length)
        }
        let wantedLeaves = Set(columns.compactMap { descriptors[$0].leafIndex })
        let wanted = wantedLeaves.compactMap { range(group.columns[$0]) }.sorted { $0.lowerBound < $1.lowerBound }
        let others = group.columns.indices.filter { !wantedLeaves.contains($0) }.compactMap { range(group.columns[$0]) }
        var ranges: [Range<Int>] = []
        for next in wanted {
            if let last = ranges.last, next.lowerBound >= last.upperBound, next.lowerBound - last.upperBound < 1 << 16,
               !others.contains(where: { $0.overlaps(last.upperBound ..< next.lowerBound) }) {
                ranges[ranges.count - 1] = last.lowerBound ..< next.upperBound
            } else {
                ranges.append(next)
            }
        }
        try source.prefetch(ranges)
    }

    /// Decodes `columns` (distinct, readable) of a row group, in that order,
    /// as the tasks of ``parallelism``, each on its thread's chunk reader.
    ///
    /// A task decodes a column chunk, or a piece of a text chunk that is
    /// more than a thread's share of the work (the timestamps): such a
    /// chunk is read and its page headers scanned first, then its pages are
    /// cut into runs of about equal size (``ColumnChunkReader/runs(of:count:)``),
    /// about a share each, decoded as separate tasks, and put together in
    /// page order on this thread once every task is done. The work is
    /// measured in the chunks' uncompressed bytes, from the footer and the
    /// page headers, never by timing: the batches, and the first error in
    /// column order (within a cut chunk, in page order), are the same at
    /// any thread count. A small row group (under ``parallelWork``) is
    /// decoded on this thread alone.
    private func decode(_ columns: [Int], of group: ParquetRowGroup, firstRow: Int, times: TimeTextParser?) throws -> [ColumnBatch] {
        let rows = Int(group.numRows)
        let chunks = columns.map { group.columns[descriptors[$0].leafIndex ?? 0] }
        let sizes = chunks.map { min(max(0, Int(clamping: $0.totalUncompressedSize)), Int(Int32.max)) }
        let total = sizes.reduce(0, +)
        let parallel = total < parallelWork ? Parallelism.serial : parallelism
        let timesOf = { (position: Int) in times.flatMap { $0.columns.contains(columns[position]) ? $0 : nil } }

        // The text chunks over a thread's share of the work, read and their
        // page headers scanned (a task each, on readers that then hold their bytes).
        let share = max((total + parallel.threads - 1) / parallel.threads, 1)
        let cut = columns.indices.filter { parallel.threads > 1 && descriptors[columns[$0]].conversion.kind == .text && sizes[$0] > share }
        while holders.count < cut.count { holders.append(ColumnChunkReader(file: file, dataEnd: dataEnd)) }
        let holds = cut.indices.map { ChunkHold(position: cut[$0], reader: holders[$0]) }
        parallel.forEach(holds.count) { k in
            let hold = holds[k], column = descriptors[columns[hold.position]]
            hold.prepared = Result {
                try hold.reader.prepare(column, chunks[hold.position], rowCount: rows, firstRow: firstRow, times: timesOf(hold.position))
            }
        }

        // The tasks: the other chunks whole, and the cut ones' runs of pages
        // (about a share each); the largest are claimed first.
        var tasks: [ChunkTask] = []
        var settled: [Int: Result<ColumnBatch, any Error>] = [:]  // by position: a cut chunk empty or failed
        var runs: [Int: (tasks: [ChunkTask], dictionaryEntries: Int)] = [:]  // by position: a cut chunk's runs, in page order
        for position in columns.indices where !cut.contains(position) {
            tasks.append(ChunkTask(position: position, weight: sizes[position]))
        }
        for hold in holds {
            switch hold.prepared {
            case .success(.pages(let plan)):
                let count = (sizes[hold.position] + share - 1) / share
                let pieces = ColumnChunkReader.runs(of: plan, count: count).map { run in
                    ChunkTask(position: hold.position, weight: plan.scan.pages[run].reduce(0) { $0 &+ $1.header.uncompressedSize },
                              plan: plan, run: run)
                }
                runs[hold.position] = (pieces, plan.scan.dictionaryEntries ?? 0)
                tasks += pieces
            case .success(.empty(let batch)): settled[hold.position] = .success(batch)
            case .failure(let error): settled[hold.position] = .failure(error)
            case nil: break
            }
        }
        tasks.sort { ($0.weight, -$0.position, -($0.run?.lowerBound ?? 0)) > ($1.weight, -$1.position, -($1.run?.lowerBound ?? 0)) }
        while workers.count < min(parallel.threads, tasks.count) { workers.append(ColumnChunkReader(file: file, dataEnd: dataEnd)) }
        let workers = workers, decodeTasks = tasks
        parallel.forEach(decodeTasks.count, withWorker: { t, worker in
            let task = decodeTasks[t], reader = workers[worker]
            task.result = Result {
                if let plan = task.plan { return try reader.decode(plan, run: task.run) }
                return try reader.read(descriptors[columns[task.position]], chunks[task.position], rowCount: rows, firstRow: firstRow,
                                       times: timesOf(task.position))
            }
        })

        // The batches in column order, a cut chunk's pieces put together in
        // page order: the first error in that order is the one thrown.
        func batch(_ task: ChunkTask) throws -> ColumnBatch {
            guard let result = task.take() else {
                throw HistoryError(.corrupt, file: path, "column \(descriptors[columns[task.position]].source.name) was not decoded")
            }
            return try result.get()
        }
        let whole = Dictionary(tasks.filter { $0.plan == nil }.map { ($0.position, $0) }) { a, _ in a }
        return try columns.indices.map { position in
            if let result = settled[position] { return try result.get() }
            if let cut = runs[position] {
                // Taken from their tasks: the first run's arrays then grow in place.
                let first = try batch(cut.tasks[0])
                let later = try cut.tasks.dropFirst().map(batch)
                return ColumnChunkReader.assemble(consume first, later, dictionaryEntries: cut.dictionaryEntries)
            }
            guard let task = whole[position] else {
                throw HistoryError(.corrupt, file: path, "column \(descriptors[columns[position]].source.name) was not decoded")
            }
            return try batch(task)
        }
    }
}

/// A text chunk read and scanned ahead of its pieces' tasks, by the reader
/// that then holds its bytes: written by its own task only.
private final class ChunkHold {
    let position: Int
    let reader: ColumnChunkReader
    var prepared: Result<ColumnChunkReader.Prepared, any Error>?

    init(position: Int, reader: ColumnChunkReader) {
        self.position = position
        self.reader = reader
    }
}

/// One task of a row group's decode: a column chunk (at `position` among
/// the columns asked for), or the run `run` of a cut chunk's `plan`; its
/// result is written by the task alone and read once every task is done.
private final class ChunkTask {
    let position: Int
    /// Its uncompressed bytes: the larger, the earlier it is claimed.
    let weight: Int
    let plan: ColumnChunkReader.Plan?
    let run: Range<Int>?
    var result: Result<ColumnBatch, any Error>?

    /// The result, no longer held here.
    func take() -> Result<ColumnBatch, any Error>? {
        let taken = result
        result = nil
        return taken
    }

    init(position: Int, weight: Int, plan: ColumnChunkReader.Plan? = nil, run: Range<Int>? = nil) {
        (self.position, self.weight, self.plan, self.run) = (position, weight, plan, run)
    }
}
