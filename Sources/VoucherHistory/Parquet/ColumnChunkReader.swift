import Dispatch

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
        return .pages(Plan(place: place, scan: scan, rowCount: rowCount, times: column.conversion.kind == .text ? times : nil))
    }

    /// Decodes a prepared chunk. With a `tail`, this reader takes its pages
    /// from the front while another takes them from the back (see ``Tail``),
    /// then adds in what the other decoded.
    func decode(_ plan: Plan, tail: (claims: PageClaims, result: () throws -> TailResult)? = nil) throws -> ColumnBatch {
        let column = plan.place.column, rowCount = plan.rowCount, scan = plan.scan
        values.reset(column.conversion, times: plan.times)
        let keepsText = plan.times?.keepsText ?? true  // text read as text is kept, of course

        // Decode straight into the arrays handed out: their sizes are bounded by the page headers.
        var indices: [Int32] = []
        func decodeAll() throws {
            // At least 1: capacity 0 would write the shared empty array (see TextValues.map).
            indices = try [Int32](unsafeUninitializedCapacity: max(rowCount, 1)) { buffer, initialized in
                initialized = 0
                guard let target = buffer.baseAddress else { return }
                if let tail {
                    // The dictionary page, if any, is the first claimed; the
                    // later pages need its size (the scan has it).
                    while let page = tail.claims.claimFront() {
                        try decodePages(scan.pages[page ... page], plan.place, into: target, dictionaryCount: scan.dictionaryEntries)
                    }
                    try adopt(try tail.result(), dictionaryEntries: scan.dictionaryEntries ?? 0, into: target)
                } else {
                    try decodePages(scan.pages[...], plan.place, into: target)
                }
                try checkTimes(plan.place, rowCount: rowCount, indices: target)
                initialized = rowCount
            }
        }
        let capacity = scan.valueBound
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
            if let bound = scan.textBound {
                bytes = try values.bytes.collect(capacity: bound, collectOffsets)
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

    // MARK: - A chunk's pages on two threads

    /// A text chunk (read as times or as text) whose pages two readers
    /// share: the one that prepared it takes pages from the front, a second
    /// one, on another thread, from the back once it is free, until they meet
    /// (``PageClaims``). The chunk's bytes stay in the first reader's
    /// ``chunk`` (only read by both) until the first has the second's
    /// ``TailResult``. The second numbers its own values from the
    /// dictionary's size up (dictionary indices stay as they are); the first
    /// then shifts them after its own and appends their times or text.
    struct Tail: @unchecked Sendable {
        let plan: Plan
        let claims: PageClaims
        let chunk: UnsafeRawBufferPointer
    }

    /// What the second reader decoded of a ``Tail``: the rows from
    /// `firstRow` on (the pages it took), in a buffer it frees when it goes.
    /// Its own values are numbered from the dictionary's size up.
    final class TailResult: @unchecked Sendable {
        /// Per row of the chunk from `firstRow` on: its value index.
        let indices: UnsafeMutableBufferPointer<Int32>
        let firstRow: Int
        /// Read as times: its values' times (the text of those that are not
        /// times, unless the text is kept).
        let times: [Int64]
        let unparsedText: [Int32: String]
        /// The text kept: its values' bytes and offsets (from 0), in the
        /// second reader's buffers, valid until that reader decodes again.
        let textBytes: UnsafeBufferPointer<UInt8>
        let textOffsets: UnsafeBufferPointer<Int32>

        init(indices: UnsafeMutableBufferPointer<Int32>, firstRow: Int, times: [Int64], unparsedText: [Int32: String],
             textBytes: UnsafeBufferPointer<UInt8>, textOffsets: UnsafeBufferPointer<Int32>) {
            (self.indices, self.firstRow, self.times, self.unparsedText, self.textBytes, self.textOffsets)
                = (indices, firstRow, times, unparsedText, textBytes, textOffsets)
        }

        deinit { indices.deallocate() }
    }

    /// The chunk's pages to share with a second reader, or nil when it is
    /// not text (read as times or as text of known size: no
    /// DELTA_BYTE_ARRAY) or has fewer than two data pages.
    func tail(of plan: Plan) -> Tail? {
        let pages = plan.scan.pages
        let dataPages = pages.count { $0.header.type == ParquetPageType.dataPage || $0.header.type == ParquetPageType.dataPageV2 }
        guard plan.place.column.conversion.kind == .text, plan.times != nil || plan.scan.textBound != nil,
              dataPages >= 2 else { return nil }
        // The dictionary page, first if there is one, is the first reader's.
        let lowest = pages.first?.header.type == ParquetPageType.dictionaryPage ? 1 : 0
        return Tail(plan: plan, claims: PageClaims(count: pages.count, lowestFromBack: lowest),
                    chunk: UnsafeRawBufferPointer(start: chunk.base, count: chunk.count))
    }

    /// Decodes pages of a ``Tail`` from the back, until the first reader's
    /// meet them (on this reader's thread).
    func decode(_ tail: Tail) throws -> TailResult {
        let plan = tail.plan, pages = plan.scan.pages, rowCount = plan.rowCount
        values.reset(plan.place.column.conversion, times: plan.times)
        values.valueBase = plan.scan.dictionaryEntries ?? 0
        let indices = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(rowCount, 1))
        var firstRow = rowCount
        func decodeClaims() throws {
            while let page = tail.claims.claimBack() {
                try decodePages(pages[page ... page], plan.place, into: indices.baseAddress!, chunk: tail.chunk,
                                dictionaryCount: plan.scan.dictionaryEntries)
                firstRow = pages[page].firstRow
            }
        }
        do {
            if plan.times?.keepsText ?? true {
                // Room for all the text at once: growing would copy it.
                try values.bytes.reserve(plan.scan.textBound ?? 0)
                try values.offsets.reserve(rowCount)
            }
            var times: [Int64] = []
            if plan.times != nil {
                times = try values.integers.collect(capacity: rowCount, decodeClaims)
            } else {
                try decodeClaims()
            }
            // Text not kept has been forgotten page by page: no bytes, one offset.
            return TailResult(indices: indices, firstRow: firstRow, times: times, unparsedText: values.unparsedText,
                              textBytes: UnsafeBufferPointer(start: values.bytes.base, count: values.bytes.count),
                              textOffsets: UnsafeBufferPointer(start: values.offsets.base, count: values.offsets.count))
        } catch {
            indices.deallocate()
            throw error
        }
    }

    /// Adds the second reader's part of a shared chunk after this reader's
    /// values: its own values' indices shifted past this reader's, its times
    /// or text appended.
    private func adopt(_ tail: TailResult, dictionaryEntries: Int, into indices: UnsafeMutablePointer<Int32>)
        throws(ParquetDecodeError) {
        let shift = Int32(truncatingIfNeeded: values.count &- dictionaryEntries)
        let base = Int32(truncatingIfNeeded: dictionaryEntries)
        for row in tail.firstRow ..< tail.indices.count {
            let index = tail.indices[row]
            indices[row] = index >= base ? index &+ shift : index
        }
        if tail.textOffsets.count > 1 {
            let byteShift = Int32(truncatingIfNeeded: values.bytes.count)
            try values.bytes.reserve(tail.textBytes.count)
            (values.bytes.base + values.bytes.count).update(from: tail.textBytes.baseAddress!, count: tail.textBytes.count)
            values.bytes.count &+= tail.textBytes.count
            let added = tail.textOffsets.count &- 1
            try values.offsets.reserve(added)
            let out = values.offsets.base + values.offsets.count
            for i in 0 ..< added { out[i] = tail.textOffsets[i &+ 1] &+ byteShift }
            values.offsets.count &+= added
        }
        try values.integers.reserve(tail.times.count)
        tail.times.withUnsafeBufferPointer { times in
            guard let source = times.baseAddress else { return }
            (values.integers.base + values.integers.count).update(from: source, count: times.count)
        }
        values.integers.count &+= tail.times.count
        values.adoptUnparsed(tail.unparsedText, shift: shift, base: base)
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

/// Which pages of a shared chunk are still to decode: one reader takes them
/// from the front, the other from the back, each under a lock (a few claims
/// a chunk: a page is hundreds of kilobytes).
final class PageClaims: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var front = 0
    private var back: Int
    private let lowestFromBack: Int

    /// `count` pages; the back never takes a page below `lowestFromBack`.
    init(count: Int, lowestFromBack: Int) {
        back = count
        self.lowestFromBack = lowestFromBack
    }

    /// The next page from the front, or nil once the two have met.
    func claimFront() -> Int? {
        lock.wait()
        defer { lock.signal() }
        guard front < back else { return nil }
        front += 1
        return front - 1
    }

    /// The next page from the back, or nil once the two have met.
    func claimBack() -> Int? {
        lock.wait()
        defer { lock.signal() }
        guard front < back, back - 1 >= lowestFromBack else { return nil }
        back -= 1
        return back
    }
}
