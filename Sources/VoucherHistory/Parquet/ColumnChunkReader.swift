/// Reads one column chunk (one column of one row group) into a ``ColumnBatch``.
///
/// The chunk's bytes are read with one `pread`, then its pages are walked:
///
/// ```
/// chunk := [dictionary page] data page*          (index pages are skipped)
/// page  := PageHeader (Thrift) | compressed_page_size bytes
/// v1    := compress(def levels: u32 length + RLE, or BIT_PACKED | values)
/// v2    := rep levels | def levels (RLE, uncompressed) | values (compressed if is_compressed)
/// ```
///
/// Dictionary entries become the first values; PLAIN (or delta) pages
/// append theirs after them; row indices point into those values, `-1`
/// for null. Every size the file declares is checked against the bytes
/// actually there before it is used. The buffers (chunk bytes, pages,
/// levels, values) are reused for every chunk. Not for concurrent use.
final class ColumnChunkReader {
    let file: any ByteRangeSource
    /// The first byte of the footer: column chunks must end at or before it.
    private let dataEnd: Int
    let decompressor = PageDecompressor()
    let chunk = GrowableBuffer<UInt8>(capacity: 1 << 16)
    let page = GrowableBuffer<UInt8>(capacity: 1 << 16)
    let levels = GrowableBuffer<UInt32>(capacity: 1 << 12)
    let bits = GrowableBuffer<UInt32>(capacity: 1 << 12)
    let values = ColumnValueBuilder()

    init(file: any ByteRangeSource, dataEnd: Int) {
        self.file = file
        self.dataEnd = dataEnd
    }

    /// Where in the chunk the reader is, for error messages.
    struct Place {
        let column: ParquetColumnDescriptor
        let codec: ParquetCodec
        /// File offset of the chunk's first byte.
        let chunkStart: Int
        /// The row (in the file) of the chunk's first row.
        let firstRow: Int
    }

    /// Decodes the chunk `meta` of `column`, which holds `rowCount` rows starting at file row `firstRow`.
    ///
    /// - Parameter times: for a text column, read its values as times
    ///   (``TimeTextParser``), a page at a time; ignored for other columns.
    /// - Throws: ``HistoryError`` naming the file, the column, the byte offset and, where known, the row.
    func read(_ column: ParquetColumnDescriptor, _ meta: ParquetColumnChunk, rowCount: Int, firstRow: Int,
              times: TimeTextParser? = nil) throws -> ColumnBatch {
        switch try prepare(column, meta, rowCount: rowCount, firstRow: firstRow, times: times) {
        case .empty(let batch): batch
        case .pages(let plan): try decode(plan)
        }
    }

    /// A chunk read and its page headers scanned, ready to decode.
    struct Plan {
        let place: Place
        let scan: PageScan
        let rowCount: Int
        /// How a text column is read as times; nil for text read as text, and any other column.
        let times: TimeTextParser?
        /// The chunk's bytes, in the ``chunk`` buffer of the reader that
        /// prepared it: valid, and only read, until that reader prepares
        /// another chunk. Any reader may decode the plan's pages from them.
        let bytes: UnsafeRawBufferPointer
    }

    enum Prepared {
        /// A chunk with no rows: nothing to decode.
        case empty(ColumnBatch)
        case pages(Plan)
    }

    /// Reads the chunk's bytes (into ``chunk``, where they stay until the
    /// next chunk) and scans its page headers.
    func prepare(_ column: ParquetColumnDescriptor, _ meta: ParquetColumnChunk, rowCount: Int, firstRow: Int,
                 times: TimeTextParser?) throws -> Prepared {
        let path = file.location, name = column.source.name
        if rowCount == 0 && meta.numValues == 0 {
            // An empty row group: some writers give its chunks no pages and offset 0.
            let empty: ColumnValues = switch column.conversion.kind {
            case .text: .text(TextValues())
            case .integer: .integer([])
            case .time: .time([])
            case .double: .double([])
            case .boolean: .boolean([])
            }
            // Text read as times comes back as times, or as text with its times beside it.
            if column.conversion.kind == .text, let times {
                return .empty(times.keepsText ? ColumnBatch(values: empty, indices: [], parsedTimes: [])
                                              : ColumnBatch(values: .time([]), indices: []))
            }
            return .empty(ColumnBatch(values: empty, indices: []))
        }
        guard let codec = ParquetCodec(rawValue: meta.codec), codec.isSupported else {
            throw HistoryError(.unsupported, file: path, column: name, offset: Int(clamping: meta.dataPageOffset),
                               "compression codec \(ParquetCodec.name(meta.codec)) is not supported (only UNCOMPRESSED, GZIP, SNAPPY, ZSTD)")
        }
        let (start64, length64) = meta.byteRange
        guard start64 >= Int64(ParquetFormat.magic.count), length64 >= 0, start64 <= Int64(dataEnd),
              length64 <= Int64(dataEnd) - start64 else {
            throw HistoryError(.corrupt, file: path, column: name, offset: Int(clamping: start64),
                               "column chunk of \(length64) bytes at byte \(start64) lies outside the data section (bytes 4 to \(dataEnd))")
        }
        guard meta.numValues == Int64(rowCount) else {
            throw HistoryError(.corrupt, file: path, column: name, offset: Int(start64),
                               "column chunk declares \(meta.numValues) values but its row group has \(rowCount) rows")
        }
        let start = Int(start64), length = Int(length64)
        chunk.count = 0
        do { try chunk.reserve(length, limit: Int.max) } catch {
            throw error.historyError(file: path, column: name, offset: start)
        }
        try file.read(at: start, count: length, to: chunk.base)
        chunk.count = length
        let place = Place(column: column, codec: codec, chunkStart: start, firstRow: firstRow)
        let scan = try scanPages(place, rowCount: rowCount)
        return .pages(Plan(place: place, scan: scan, rowCount: rowCount, times: column.conversion.kind == .text ? times : nil,
                           bytes: UnsafeRawBufferPointer(start: chunk.base, count: chunk.count)))
    }

    /// Decodes the pages of a prepared chunk, all of them, or the run
    /// `run` of a text chunk cut into pieces (``ColumnChunkReader/runs(of:count:)``).
    ///
    /// The first run (from page 0, with the dictionary page if any) comes
    /// back in arrays with room for the whole chunk, so the later runs'
    /// values can be appended to them (``assemble(_:_:dictionaryEntries:)``).
    /// A later run comes back as a piece: its rows' indices, and only its
    /// own values, numbered from the dictionary's size up as if they came
    /// right after the dictionary (dictionary indices stay as they are).
    func decode(_ plan: Plan, run: Range<Int>? = nil) throws -> ColumnBatch {
        let column = plan.place.column, scan = plan.scan
        let pages = run ?? 0 ..< scan.pages.count
        let firstRow = pages.lowerBound < scan.pages.count ? scan.pages[pages.lowerBound].firstRow : plan.rowCount
        let endRow = pages.upperBound < scan.pages.count ? scan.pages[pages.upperBound].firstRow : plan.rowCount
        let rowCount = endRow &- firstRow
        let isLater = pages.lowerBound > 0
        values.reset(column.conversion, times: plan.times)
        let keepsText = plan.times?.keepsText ?? true  // text read as text is kept, of course

        // Decode straight into the arrays handed out: their sizes are
        // bounded by the page headers (the whole chunk's for the first run).
        let capacity: Int, textBound: Int?
        if isLater {
            values.valueBase = scan.dictionaryEntries ?? 0
            capacity = rowCount  // a later run has no dictionary page: at most a value a row
            textBound = scan.textBound.map { _ in scan.pages[pages].reduce(0) { $0 &+ $1.header.uncompressedSize } }
        } else {
            (capacity, textBound) = (scan.valueBound, scan.textBound)
        }
        var indices: [Int32] = []
        func decodeAll() throws {
            // At least 1: capacity 0 would write the shared empty array (see
            // TextValues.map). Room for all the chunk's rows, for the later runs.
            indices = try [Int32](unsafeUninitializedCapacity: max(isLater ? rowCount : plan.rowCount, 1)) { buffer, initialized in
                initialized = 0
                guard let target = buffer.baseAddress else { return }
                try decodePages(scan.pages[pages], plan.place, into: target, firstRow: firstRow, chunk: plan.bytes,
                                dictionaryCount: isLater ? scan.dictionaryEntries : nil)
                // Only integer times overflow (a later run is text, whose times never do).
                if !isLater { try checkTimes(plan.place, rowCount: rowCount, indices: target) }
                initialized = rowCount
            }
        }
        let output: ColumnValues
        switch column.conversion.kind {
        case .text where !keepsText:
            // Each page's text is turned into times as it is decoded (decodePages).
            let times = try values.integers.collect(capacity: capacity, decodeAll)
            return ColumnBatch(values: .time(times), indices: indices, unparsedText: values.unparsedText)
        case .text:
            var offsets: [Int32] = []
            var bytes: [UInt8] = []
            var times: [Int64]?
            let collectOffsets = { [values] in
                offsets = try values.offsets.collect(capacity: capacity &+ 1) {
                    values.offsets.appendReserved(0)
                    if plan.times != nil {
                        times = try values.integers.collect(capacity: capacity, decodeAll)  // and the times beside the text
                    } else {
                        try decodeAll()
                    }
                }
            }
            if let textBound {
                bytes = try values.bytes.collect(capacity: textBound, collectOffsets)
            } else {
                try collectOffsets()  // DELTA_BYTE_ARRAY can outgrow its pages: decode, then copy
                bytes = values.bytes.makeArray()
            }
            return ColumnBatch(values: .text(TextValues(bytes: bytes, offsets: offsets)), indices: indices, parsedTimes: times)
        case .integer: output = .integer(try values.integers.collect(capacity: capacity, decodeAll))
        case .time: output = .time(try values.integers.collect(capacity: capacity, decodeAll))
        case .double: output = .double(try values.doubles.collect(capacity: capacity, decodeAll))
        case .boolean: output = .boolean(try values.booleans.collect(capacity: capacity, decodeAll))
        }
        return ColumnBatch(values: output, indices: indices)
    }

    /// A failure at a known row of a page (0-based within the page).
    struct RowFailure: Error {
        var error: ParquetDecodeError
        var row: Int
    }

    /// Times that overflowed 64-bit nanoseconds are an error only if a row uses them.
    func checkTimes(_ place: Place, rowCount: Int, indices: UnsafeMutablePointer<Int32>) throws {
        guard !values.timeOverflows.isEmpty else { return }
        let bad = Set(values.timeOverflows)
        for r in 0 ..< rowCount where indices[r] >= 0 && bad.contains(Int(indices[r])) {
            throw HistoryError(.corrupt, file: file.location, column: place.column.source.name, row: place.firstRow &+ r,
                               offset: place.chunkStart,
                               "time out of range: it does not fit in 64-bit nanoseconds since 1970 (years 1677 to 2262)")
        }
    }

    /// The page's bytes after decompression: `body` itself when uncompressed.
    func decompress(_ body: UnsafeRawBufferPointer, size: Int, codec: ParquetCodec) throws(ParquetDecodeError) -> UnsafeRawBufferPointer {
        if codec == .uncompressed {
            guard body.count == size else {
                throw .corrupt("uncompressed page has \(body.count) bytes but declares \(size)")
            }
            return body
        }
        page.count = 0
        try page.reserve(size, limit: ParquetFormat.maxPageSize)
        let out = UnsafeMutableRawBufferPointer(start: page.base, count: size)
        try decompressor.decompress(codec, body, into: out)
        return UnsafeRawBufferPointer(out)
    }

    func readDictionary(_ header: PageHeader, _ body: UnsafeRawBufferPointer, _ place: Place) throws(ParquetDecodeError) -> Int {
        guard header.encoding == ParquetEncoding.plain || header.encoding == ParquetEncoding.plainDictionary else {
            throw ParquetDecodeError(.unsupported, "dictionary page encoding \(ParquetEncoding.name(header.encoding)) is not supported")
        }
        let data = try decompress(body, size: header.uncompressedSize, codec: place.codec)
        _ = try PlainDecoder.decode(data, count: header.numValues, physicalType: place.column.physicalType, into: values)
        return values.count
    }
}
