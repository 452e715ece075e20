/// A text chunk cut into pieces that several readers decode at once (the
/// timestamps, a large share of a row group's work):
///
/// ```
/// pages:   [dictionary] data data data | data data data | data data
/// runs:    first (with the dictionary)  | later          | later
/// values:  dictionary, first's own      | own from d up  | own from d up    (d: dictionary entries)
/// ```
///
/// Where the cuts fall depends only on the page list and the number of
/// pieces; each run is decoded on its own (``decode(_:run:)``), and the
/// pieces are put together in page order (``assemble(_:_:dictionaryEntries:)``)
/// into exactly what one reader decoding every page would have made.
extension ColumnChunkReader {
    /// The pages of `plan` cut into at most `count` contiguous runs of about
    /// equal uncompressed bytes, each with at least one data page, the first
    /// from page 0; all the pages as one run when the chunk cannot be cut:
    /// not text, text of unknown size that is kept (DELTA_BYTE_ARRAY: no
    /// bound for a piece's text), or a single data page.
    static func runs(of plan: Plan, count: Int) -> [Range<Int>] {
        let pages = plan.scan.pages
        guard count > 1, plan.place.column.conversion.kind == .text, plan.times != nil || plan.scan.textBound != nil else {
            return [0 ..< pages.count]
        }
        func isData(_ page: PageEntry) -> Bool {
            page.header.type == ParquetPageType.dataPage || page.header.type == ParquetPageType.dataPageV2
        }
        func size(_ page: PageEntry) -> Int { max(page.header.uncompressedSize, 0) &+ 1 }  // never 0: every page counts
        let total = pages.reduce(0) { $0 &+ size($1) }
        var runs: [Range<Int>] = []
        var start = 0, before = 0, hasData = false
        for (i, page) in pages.enumerated() {
            // A new run at a data page once the bytes before it reach the next cut's share.
            if isData(page), hasData, before.multipliedFullWidth(by: count) >= total.multipliedFullWidth(by: runs.count &+ 1) {
                runs.append(start ..< i)
                start = i
                hasData = false
            }
            hasData = hasData || isData(page)
            before &+= size(page)
        }
        runs.append(start ..< pages.count)
        return runs
    }

    /// Puts a cut chunk back together: `first`, the first run's decode
    /// (with room for the whole chunk), then each later piece in page
    /// order, its own values renumbered after those before it (dictionary
    /// indices and nulls stay), its times, text and unparsed text appended.
    /// A copy of the later pieces, in place when `first` holds the only
    /// reference to its arrays; the same batch as one reader decoding
    /// every page.
    static func assemble(_ first: consuming ColumnBatch, _ later: [ColumnBatch], dictionaryEntries: Int) -> ColumnBatch {
        guard !later.isEmpty else { return first }
        var batch = consume first
        var indices = batch.indices, unparsed = batch.unparsedText, parsedTimes = batch.parsedTimes
        var times: [Int64]?, bytes: [UInt8] = [], offsets: [Int32] = []
        switch batch.values {
        case .time(let values): times = values
        case .text(let text): (bytes, offsets) = (text.bytes, text.offsets)
        case .integer, .double, .boolean: return batch  // never cut
        }
        // Let go of the first's arrays here: the appends below are then in place.
        batch = ColumnBatch(values: .boolean([]), indices: [])
        let base = Int32(truncatingIfNeeded: dictionaryEntries)
        for piece in later {
            let count = times?.count ?? offsets.count &- 1  // values so far, the dictionary's among them
            let shift = Int32(truncatingIfNeeded: count &- dictionaryEntries)
            let start = indices.count
            indices.append(contentsOf: piece.indices)
            indices.withUnsafeMutableBufferPointer { all in
                for row in start ..< all.count {
                    let index = all[row]
                    all[row] = index >= base ? index &+ shift : index  // no branch: vectorized
                }
            }
            for (index, text) in piece.unparsedText { unparsed[index >= base ? index &+ shift : index] = text }
            switch piece.values {
            case .time(let values): times?.append(contentsOf: values)
            case .text(let text):
                let byteShift = Int32(truncatingIfNeeded: bytes.count), first = offsets.count
                bytes.append(contentsOf: text.bytes)
                offsets.append(contentsOf: text.offsets.dropFirst())  // its leading 0 is the end before it
                offsets.withUnsafeMutableBufferPointer { all in
                    for i in first ..< all.count { all[i] &+= byteShift }
                }
            case .integer, .double, .boolean: break
            }
            if let pieceTimes = piece.parsedTimes { parsedTimes?.append(contentsOf: pieceTimes) }
        }
        let values: ColumnValues = times.map { .time($0) } ?? .text(TextValues(bytes: bytes, offsets: offsets))
        return ColumnBatch(values: values, indices: indices, unparsedText: unparsed, parsedTimes: parsedTimes)
    }
}
