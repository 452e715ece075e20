/// Data pages (v1 and v2): definition levels, then the values in one of
/// the supported encodings, then the row indices.
extension ColumnChunkReader {
    /// Decodes one data page and writes its `header.numValues` row indices to `target`.
    ///
    /// - Throws: ``ParquetDecodeError``, or ``RowFailure`` when the failing row is known.
    func readDataPage(_ header: PageHeader, _ body: UnsafeRawBufferPointer, _ place: Place,
                      dictionaryCount: Int?, into target: UnsafeMutablePointer<Int32>) throws {
        let n = header.numValues
        let hasLevels = place.column.maxDefinitionLevel > 0
        let data: UnsafeRawBufferPointer
        var nonNull = n
        if header.type == ParquetPageType.dataPageV2 {
            let levelBytes = header.repetitionLevelsByteLength &+ header.definitionLevelsByteLength
            guard header.repetitionLevelsByteLength == 0 else {
                throw ParquetDecodeError.corrupt("data page v2 has repetition levels in a flat column")
            }
            guard levelBytes <= body.count, levelBytes <= header.uncompressedSize else {
                throw ParquetDecodeError.corrupt("data page v2 declares \(levelBytes) bytes of levels in a page of \(body.count)")
            }
            let section = UnsafeRawBufferPointer(rebasing: body[levelBytes...])
            let size = header.uncompressedSize &- levelBytes
            data = try decompress(section, size: size, codec: header.isCompressed ? place.codec : .uncompressed)
            if hasLevels {
                let levelData = UnsafeRawBufferPointer(rebasing: body[0 ..< levelBytes])
                nonNull = try decodeLevels(levelData, count: n)
            }
            guard n &- nonNull == header.numNulls else {
                throw ParquetDecodeError.corrupt("data page v2 declares \(header.numNulls) nulls but its levels hold \(n &- nonNull)")
            }
        } else {
            let page = try decompress(body, size: header.uncompressedSize, codec: place.codec)
            var used = 0
            if hasLevels {
                switch header.definitionLevelEncoding {
                case ParquetEncoding.rle:
                    guard page.count >= 4 else { throw ParquetDecodeError.corrupt("data page ends before its definition levels' length") }
                    let length = Int(UInt32(littleEndian: page.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
                    guard length <= page.count &- 4 else {
                        throw ParquetDecodeError.corrupt("definition levels of \(length) bytes run past the page's \(page.count)")
                    }
                    nonNull = try decodeLevels(UnsafeRawBufferPointer(rebasing: page[4 ..< 4 &+ length]), count: n)
                    used = 4 &+ length
                case ParquetEncoding.bitPacked:
                    used = (n &+ 7) / 8
                    guard used <= page.count else { throw ParquetDecodeError.corrupt("BIT_PACKED definition levels run past the page") }
                    nonNull = try decodeBitPackedLevels(page, count: n)
                default:
                    throw ParquetDecodeError(.unsupported, "definition level encoding \(ParquetEncoding.name(header.definitionLevelEncoding)) is not supported")
                }
            }
            data = UnsafeRawBufferPointer(rebasing: page[used...])
        }
        do {
            try decodeValues(data, encoding: header.encoding, count: nonNull, place, dictionaryCount: dictionaryCount, into: target)
        } catch var failure as RowFailure {
            failure.row = rowOfValue(failure.row, count: n, nonNull: nonNull)  // value index → row in the page
            throw failure
        }
        if nonNull < n { spreadNulls(target, count: n, nonNull: nonNull) }
    }

    /// RLE/bit-packed definition levels of width 1 into ``levels``; returns how many are 1 (not null).
    private func decodeLevels(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetDecodeError) -> Int {
        levels.count = 0
        try levels.reserve(count)
        _ = try RLEBitPackedDecoder.decode(data, bitWidth: 1, count: count, into: levels.base)
        levels.count = count
        var present = 0
        for level in UnsafeBufferPointer(start: levels.base, count: count) { present &+= Int(level) }
        return present
    }

    /// The deprecated BIT_PACKED levels (Encodings.md, = 4): most significant bit first.
    private func decodeBitPackedLevels(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetDecodeError) -> Int {
        levels.count = 0
        try levels.reserve(count)
        var present = 0
        for i in 0 ..< count {
            let level = UInt32((data[i >> 3] >> UInt8(7 &- (i & 7))) & 1)
            levels.base[i] = level
            present &+= Int(level)
        }
        levels.count = count
        return present
    }

    /// Moves the `nonNull` indices at the front of `target` to the rows whose
    /// level is 1 and writes -1 to the others, from the back, in place.
    private func spreadNulls(_ target: UnsafeMutablePointer<Int32>, count: Int, nonNull: Int) {
        let level = levels.base
        var source = nonNull &- 1
        var row = count &- 1
        while row >= 0 {
            if level[row] != 0 {
                target[row] = target[source]
                source &-= 1
            } else {
                target[row] = -1
            }
            row &-= 1
        }
    }

    /// The row in the page of the `k`-th non-null value.
    private func rowOfValue(_ k: Int, count: Int, nonNull: Int) -> Int {
        if nonNull == count { return k }
        var seen = 0
        for row in 0 ..< count where levels.base[row] != 0 {
            if seen == k { return row }
            seen &+= 1
        }
        return k
    }

    /// Decodes `count` non-null values and writes their value indices to `target[0 ..< count]`.
    private func decodeValues(_ data: UnsafeRawBufferPointer, encoding: Int32, count: Int, _ place: Place,
                              dictionaryCount: Int?, into target: UnsafeMutablePointer<Int32>) throws {
        let physical = place.column.physicalType
        switch encoding {
        case ParquetEncoding.plainDictionary, ParquetEncoding.rleDictionary:
            guard let dictionaryCount else {
                throw ParquetDecodeError.corrupt("dictionary-encoded page but the column chunk has no dictionary page")
            }
            guard count > 0 else { return }
            guard let width = data.first else { throw ParquetDecodeError.corrupt("dictionary-encoded page has no bit width byte") }
            let rest = UnsafeRawBufferPointer(rebasing: data[1...])
            try target.withMemoryRebound(to: UInt32.self, capacity: count) { (raw) throws(ParquetDecodeError) in
                _ = try RLEBitPackedDecoder.decode(rest, bitWidth: Int(width), count: count, into: raw)
            }
            let limit = UInt32(truncatingIfNeeded: dictionaryCount)
            var largest: UInt32 = 0
            for i in 0 ..< count { largest = max(largest, UInt32(bitPattern: target[i])) }
            if largest >= limit {
                var k = 0
                while k < count && UInt32(bitPattern: target[k]) < limit { k &+= 1 }
                throw RowFailure(error: .corrupt("dictionary index \(UInt32(bitPattern: target[k])) is out of range: the dictionary has \(dictionaryCount) entries"),
                                 row: k)
            }
            return
        case ParquetEncoding.plain:
            break
        case ParquetEncoding.rle where physical == .boolean:
            guard data.count >= 4 else { throw ParquetDecodeError.corrupt("RLE boolean page ends before its length") }
            let length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            guard length <= data.count &- 4 else { throw ParquetDecodeError.corrupt("RLE booleans of \(length) bytes run past the page") }
            bits.count = 0
            try bits.reserve(count)
            _ = try RLEBitPackedDecoder.decode(UnsafeRawBufferPointer(rebasing: data[4 ..< 4 &+ length]), bitWidth: 1, count: count, into: bits.base)
            try values.booleans.reserve(count)
            let out = values.booleans.base + values.booleans.count
            for i in 0 ..< count { out[i] = bits.base[i] != 0 }
            values.booleans.count &+= count
            fillSequential(target, count: count, first: values.count &- count)
            return
        case ParquetEncoding.deltaBinaryPacked where physical == .int32 || physical == .int64:
            let first = values.count
            let slots = try values.rawIntegerSlots(count)
            _ = try DeltaBinaryPackedDecoder.decode(data, expectedCount: count, into: slots)
            if physical == .int32 {
                for i in 0 ..< count { slots[i] = Int64(Int32(truncatingIfNeeded: slots[i])) }
            }
            try values.commitIntegers(count)
            fillSequential(target, count: count, first: first)
            return
        case ParquetEncoding.deltaLengthByteArray where physical == .byteArray:
            let first = values.count
            _ = try DeltaByteArrayDecoder.decodeLengthPrefixed(data, count: count, into: values)
            fillSequential(target, count: count, first: first)
            return
        case ParquetEncoding.deltaByteArray where physical == .byteArray || physical == .fixedLenByteArray:
            let first = values.count
            var fixed: Int?
            if case .fixed(let length) = place.column.conversion { fixed = length }
            _ = try DeltaByteArrayDecoder.decodeIncremental(data, count: count, fixedLength: fixed, into: values)
            fillSequential(target, count: count, first: first)
            return
        default:
            throw ParquetDecodeError(.unsupported, "encoding \(ParquetEncoding.name(encoding)) is not supported for \(physical.name) column '\(place.column.source.name)'")
        }
        let first = values.count
        _ = try PlainDecoder.decode(data, count: count, physicalType: physical, into: values)
        fillSequential(target, count: count, first: first)
    }

    /// Writes `first, first + 1, …` (values appended in row order).
    private func fillSequential(_ target: UnsafeMutablePointer<Int32>, count: Int, first: Int) {
        var index = Int32(truncatingIfNeeded: first)
        for i in 0 ..< count {
            target[i] = index
            index &+= 1
        }
    }
}
