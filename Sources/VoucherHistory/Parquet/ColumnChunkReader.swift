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
    let file: FileHandleReader
    /// The first byte of the footer: column chunks must end at or before it.
    private let dataEnd: Int
    let decompressor = PageDecompressor()
    let chunk = GrowableBuffer<UInt8>(capacity: 1 << 16)
    let page = GrowableBuffer<UInt8>(capacity: 1 << 16)
    let levels = GrowableBuffer<UInt32>(capacity: 1 << 12)
    let bits = GrowableBuffer<UInt32>(capacity: 1 << 12)
    let values = ColumnValueBuilder()

    init(file: FileHandleReader, dataEnd: Int) {
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
    /// - Parameter parse: for a text column, read its values as times with
    ///   this (``TimeTextParser``), a page at a time; ignored for other columns.
    /// - Throws: ``HistoryError`` naming the file, the column, the byte offset and, where known, the row.
    func read(_ column: ParquetColumnDescriptor, _ meta: ParquetColumnChunk, rowCount: Int, firstRow: Int,
              parsingTimes parse: (@Sendable (UnsafeBufferPointer<UInt8>) -> Int64?)? = nil) throws -> ColumnBatch {
        let path = file.path, name = column.source.name
        if rowCount == 0 && meta.numValues == 0 {
            // An empty row group: some writers give its chunks no pages and offset 0.
            let empty: ColumnValues = switch column.conversion.kind {
            case .text: .text(TextValues())
            case .integer: .integer([])
            case .time: .time([])
            case .double: .double([])
            case .boolean: .boolean([])
            }
            return ColumnBatch(values: empty, indices: [])
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
        let parse = column.conversion.kind == .text ? parse : nil
        values.reset(column.conversion, parsingTimes: parse)
        let place = Place(column: column, codec: codec, chunkStart: start, firstRow: firstRow)
        let scan = try scanPages(place, rowCount: rowCount)

        // Decode straight into the arrays handed out: their sizes are bounded by the page headers.
        var indices: [Int32] = []
        func decodeAll() throws {
            indices = try [Int32](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                initialized = 0
                guard let target = buffer.baseAddress else { return }
                try decodePages(scan.pages, place, rowCount: rowCount, into: target)
                initialized = rowCount
            }
        }
        let capacity = scan.valueBound
        let output: ColumnValues
        switch column.conversion.kind {
        case .text where parse != nil:
            // Each page's text is turned into times as it is decoded (decodePages).
            let times = try values.integers.collect(capacity: capacity, decodeAll)
            return ColumnBatch(values: .time(times), indices: indices, unparsedText: values.unparsedText)
        case .text:
            var offsets: [Int32] = []
            var bytes: [UInt8] = []
            let collectOffsets = { [values] in
                offsets = try values.offsets.collect(capacity: capacity &+ 1) {
                    values.offsets.appendReserved(0)
                    try decodeAll()
                }
            }
            if let bound = scan.textBound {
                bytes = try values.bytes.collect(capacity: bound, collectOffsets)
            } else {
                try collectOffsets()  // DELTA_BYTE_ARRAY can outgrow its pages: decode, then copy
                bytes = values.bytes.makeArray()
            }
            output = .text(TextValues(bytes: bytes, offsets: offsets))
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
            throw HistoryError(.corrupt, file: file.path, column: place.column.source.name, row: place.firstRow &+ r,
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
