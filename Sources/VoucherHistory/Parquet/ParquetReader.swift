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
/// A reader is used by one thread at a time. Every failure is a
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

    // Internal, not private: the tests drive the chunk readers directly.
    let descriptors: [ParquetColumnDescriptor]
    let rowGroups: [ParquetRowGroup]
    /// Two readers, with their own buffers: columns are decoded on two threads.
    let chunkReaders: [ColumnChunkReader]
    private var nextRowGroup = 0
    private var nextFirstRow = 0

    /// Opens `path` and reads its footer.
    ///
    /// - Throws: ``HistoryError``: `io` when the file cannot be read,
    ///   `truncated` when it is shorter than 12 bytes, `badMagic` without
    ///   `PAR1` at either end, `corrupt` for an inconsistent footer,
    ///   `unsupported` for an encrypted footer or external column chunks.
    public convenience init(path: String) throws {
        try self.init(source: FileHandleReader(path: path))
    }

    /// Opens the Parquet file `source` (a local file, or an object in storage)
    /// and reads its footer: the first 4 bytes and the file's tail (up to
    /// ``ParquetFormat/tailPrefetch`` bytes, which usually holds the whole
    /// footer) are announced to the source together, so a remote source
    /// fetches them with two ranged reads, and a third only for a larger footer.
    ///
    /// - Throws: like ``init(path:)``, and the source's own errors.
    public init(source file: any ByteRangeSource) throws {
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
        chunkReaders = [ColumnChunkReader(file: file, dataEnd: footerStart), ColumnChunkReader(file: file, dataEnd: footerStart)]
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
        let source = chunkReaders[0].file
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

    /// Decodes `columns` (distinct, readable) of a row group, in that order.
    ///
    /// The columns are split between this thread and a second one, largest
    /// compressed chunk first, each to the thread with less work so far, so
    /// the two cores finish together; a small row group is decoded on this
    /// thread alone. A text column that is more than half of the work by
    /// itself has its pages shared by the two threads
    /// (``ColumnChunkReader/Tail``). The first error in column order is the one thrown.
    private func decode(_ columns: [Int], of group: ParquetRowGroup, firstRow: Int, times: TimeTextParser?) throws -> [ColumnBatch] {
        let rows = Int(group.numRows)
        let sizes = columns.map { max(0, Int(clamping: group.columns[descriptors[$0].leafIndex ?? 0].byteRange.length)) }
        var work: [[Int]] = [[], []]  // positions in `columns`, per thread
        var load = [0, 0]
        for position in columns.indices.sorted(by: { sizes[$0] > sizes[$1] }) {
            let thread = load[0] <= load[1] ? 0 : 1
            work[thread].append(position)
            load[thread] += sizes[position]
        }
        if load.reduce(0, +) < 1 << 18 || work[1].isEmpty {
            work = [columns.indices.map { $0 }, []]
        }
        // Safe to hand over: each thread uses only its own ColumnChunkReader; the
        // descriptors and the row group are immutable, and the file reader's `pread` is positional.
        let reader = UncheckedSendable((self.chunkReaders, self.descriptors, group))
        // How the column at `position` is read as times, if it is.
        let timesOf = { @Sendable (position: Int) in times.flatMap { $0.columns.contains(columns[position]) ? $0 : nil } }
        let decodeAll: @Sendable ([Int], Int) -> [Int: Result<ColumnBatch, any Error>] = { positions, thread in
            let (chunkReaders, descriptors, group) = reader.value
            var results: [Int: Result<ColumnBatch, any Error>] = [:]
            for position in positions {
                let column = descriptors[columns[position]]
                results[position] = Result {
                    try chunkReaders[thread].read(column, group.columns[column.leafIndex ?? 0], rowCount: rows, firstRow: firstRow,
                                                  times: timesOf(position))
                }
            }
            return results
        }
        // A text column with more than half of the work alone (the
        // timestamps): the second thread, done with its own columns, takes its
        // pages from the back while this one takes them from the front.
        var results: [Int: Result<ColumnBatch, any Error>] = [:]
        var split: (position: Int, plan: ColumnChunkReader.Plan, tail: ColumnChunkReader.Tail?)?
        if !work[1].isEmpty, work[0].count == 1, descriptors[columns[work[0][0]]].conversion.kind == .text {
            let position = work[0][0], column = descriptors[columns[position]]
            do {
                switch try chunkReaders[0].prepare(column, group.columns[column.leafIndex ?? 0], rowCount: rows, firstRow: firstRow,
                                                   times: timesOf(position)) {
                case .empty(let batch): results[position] = .success(batch)
                case .pages(let plan): split = (position, plan, chunkReaders[0].tail(of: plan))
                }
            } catch {
                results[position] = .failure(error)
            }
            work[0] = []
        }
        // Safe to hand over: the second reader only reads the first one's chunk
        // bytes, which stay put until the first has the tail's result.
        let tail = UncheckedSendable(split?.tail)
        let second = work[1].isEmpty ? nil : BackgroundWork { [work] in
            let results = decodeAll(work[1], 1)
            let decodedTail = tail.value.map { tail in Result { try reader.value.0[1].decode(tail) } }
            return UncheckedSendable((results, decodedTail))
        }
        results.merge(decodeAll(work[0], 0)) { a, _ in a }
        if let split {
            // A tail was handed over only with a second thread to decode it.
            let handOver = split.tail.map { tail in
                (claims: tail.claims, result: { () throws -> ColumnChunkReader.TailResult in try second!.wait().value.1!.get() })
            }
            results[split.position] = Result { try chunkReaders[0].decode(split.plan, tail: handOver) }
        }
        if let second { results.merge(try second.wait().value.0) { a, _ in a } }
        return try columns.indices.map { position in
            guard let result = results[position] else {
                throw HistoryError(.corrupt, file: path, "column \(descriptors[columns[position]].source.name) was not decoded")
            }
            return try result.get()
        }
    }
}
