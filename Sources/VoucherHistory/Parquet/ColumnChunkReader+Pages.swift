/// The page walk of a column chunk: a first pass over the page headers
/// (sizes, bounds for the output arrays), then the pages in order.
extension ColumnChunkReader {
    /// One page of the chunk: its header and where its body starts in the chunk.
    struct PageEntry {
        var header: PageHeader
        /// Chunk-relative offsets of the header and the body.
        var headerStart: Int
        var bodyStart: Int
        /// The page's first row within the row group (data pages).
        var firstRow: Int
    }

    /// What the header pass found.
    struct PageScan {
        var pages: [PageEntry]
        /// At most how many values the chunk stores (dictionary entries plus rows).
        var valueBound: Int
        /// At most how many text bytes it decodes to; nil when an encoding can outgrow its pages.
        var textBound: Int?
        /// The entries of the dictionary page, if the chunk has one.
        var dictionaryEntries: Int?
    }

    /// Reads the page headers up to the page that completes `rowCount` values,
    /// checking each page's size against the chunk and each count against the rows left.
    func scanPages(_ place: Place, rowCount: Int) throws -> PageScan {
        let bytes = UnsafeRawBufferPointer(start: chunk.base, count: chunk.count)
        let path = file.location, name = place.column.source.name
        var pages: [PageEntry] = []
        var position = 0
        var row = 0
        var dictionaryEntries: Int?
        var textBytes: Int? = 0
        while row < rowCount {
            let pageOffset = place.chunkStart &+ position
            func fail(_ message: String) -> HistoryError {
                HistoryError(.corrupt, file: path, column: name, row: place.firstRow &+ row, offset: pageOffset, message)
            }
            guard position < bytes.count else { throw fail("column chunk ends after \(row) of its \(rowCount) values") }
            var reader = ThriftCompactReader(bytes, position: position)
            let header: PageHeader
            do { header = try PageHeader.decode(&reader) } catch {
                throw error.historyError(file: path, column: name, row: place.firstRow &+ row, offset: place.chunkStart, offsetIsBase: true)
            }
            let bodyStart = reader.position
            guard header.compressedSize <= bytes.count &- bodyStart else {
                throw fail("page of \(header.compressedSize) bytes runs past the end of its column chunk (\(bytes.count &- bodyStart) bytes left)")
            }
            switch header.type {
            case ParquetPageType.dictionaryPage:
                guard pages.isEmpty else { throw fail("a dictionary page comes after the chunk's first page") }
                let minimumBits = Self.minimumBits(place.column)
                guard header.numValues <= header.uncompressedSize &* 8 / minimumBits else {
                    throw fail("dictionary page declares \(header.numValues) entries in \(header.uncompressedSize) bytes")
                }
                dictionaryEntries = header.numValues
            case ParquetPageType.dataPage, ParquetPageType.dataPageV2:
                guard header.numValues <= rowCount &- row else {
                    throw fail("page holds \(header.numValues) values but only \(rowCount &- row) rows remain in the row group")
                }
                if header.encoding == ParquetEncoding.deltaByteArray { textBytes = nil }
            default:
                break  // index pages and unknown page types carry no values
            }
            if let sum = textBytes { textBytes = sum &+ header.uncompressedSize <= Int(Int32.max) ? sum &+ header.uncompressedSize : nil }
            pages.append(PageEntry(header: header, headerStart: position, bodyStart: bodyStart, firstRow: row))
            if header.type == ParquetPageType.dataPage || header.type == ParquetPageType.dataPageV2 { row &+= header.numValues }
            position = bodyStart &+ header.compressedSize
        }
        return PageScan(pages: pages, valueBound: (dictionaryEntries ?? 0) &+ rowCount, textBound: textBytes,
                        dictionaryEntries: dictionaryEntries)
    }

    /// The fewest bits one PLAIN value of the column takes (dictionary entries).
    private static func minimumBits(_ column: ParquetColumnDescriptor) -> Int {
        switch column.physicalType {
        case .boolean: 1
        case .int32, .float, .byteArray: 32
        case .int64, .double: 64
        case .int96: 96
        case .fixedLenByteArray: if case .fixed(let length) = column.conversion { max(length, 1) &* 8 } else { 8 }
        }
    }

    /// Decodes scanned pages, writing each row's value index to `indices`
    /// (row `r` of the chunk at `indices[r - firstRow]`), from this reader's
    /// chunk or from `chunk` (another reader's, only read: see
    /// ``ColumnChunkReader/Plan/bytes``); `dictionaryCount` when the pages
    /// come after a dictionary decoded elsewhere.
    func decodePages(_ pages: ArraySlice<PageEntry>, _ place: Place, into indices: UnsafeMutablePointer<Int32>, firstRow: Int = 0,
                     chunk other: UnsafeRawBufferPointer? = nil, dictionaryCount known: Int? = nil) throws {
        let bytes = other ?? UnsafeRawBufferPointer(start: chunk.base, count: chunk.count)
        let path = file.location, name = place.column.source.name
        var dictionaryCount = known
        for page in pages {
            let header = page.header
            let body = UnsafeRawBufferPointer(rebasing: bytes[page.bodyStart ..< page.bodyStart &+ header.compressedSize])
            let pageOffset = place.chunkStart &+ page.headerStart
            do {
                switch header.type {
                case ParquetPageType.dictionaryPage:
                    dictionaryCount = try readDictionary(header, body, place)
                case ParquetPageType.dataPage, ParquetPageType.dataPageV2:
                    try readDataPage(header, body, place, dictionaryCount: dictionaryCount, into: indices + (page.firstRow &- firstRow))
                default:
                    break
                }
                try values.parsePendingTimes()
            } catch let failure as RowFailure {
                throw HistoryError(failure.error.code, file: path, column: name, row: place.firstRow &+ page.firstRow &+ failure.row,
                                   offset: pageOffset, failure.error.message)
            } catch let failure as ParquetDecodeError {
                throw failure.historyError(file: path, column: name, row: place.firstRow &+ page.firstRow, offset: pageOffset)
            }
        }
    }
}
