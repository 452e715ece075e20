/// `struct PageHeader` of parquet.thrift with the data page (v1, v2) and
/// dictionary page headers folded in. Statistics, CRCs and index pages are skipped.
struct PageHeader {
    /// Field 1: `enum PageType`.
    var type: Int32 = -1
    /// Field 2: the page's bytes after decompression (v2: levels included).
    var uncompressedSize = 0
    /// Field 3: the page's bytes in the file, after this header.
    var compressedSize = 0

    /// Values in the page, nulls included (data pages), or dictionary entries.
    var numValues = 0
    /// The values' encoding.
    var encoding: Int32 = ParquetEncoding.plain
    /// v1: the definition levels' encoding (RLE or BIT_PACKED).
    var definitionLevelEncoding: Int32 = ParquetEncoding.rle
    /// v2: nulls in the page.
    var numNulls = 0
    /// v2: bytes of (uncompressed) definition and repetition levels at the page start.
    var definitionLevelsByteLength = 0
    var repetitionLevelsByteLength = 0
    /// v2: whether the values section is compressed (default true).
    var isCompressed = true

    /// Decodes a page header at the reader's position and checks its sizes.
    static func decode(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) -> PageHeader {
        var h = PageHeader()
        var seen = Set<Int16>()
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "PageHeader.type"); h.type = try r.readI32()
            case 2: try r.expect(type, T.i32, "PageHeader.uncompressed_page_size"); h.uncompressedSize = Int(try r.readI32())
            case 3: try r.expect(type, T.i32, "PageHeader.compressed_page_size"); h.compressedSize = Int(try r.readI32())
            case 5: try r.expect(type, T.structure, "PageHeader.data_page_header"); try h.decodeDataPage(&r)
            case 7: try r.expect(type, T.structure, "PageHeader.dictionary_page_header"); try h.decodeDictionaryPage(&r)
            case 8: try r.expect(type, T.structure, "PageHeader.data_page_header_v2"); try h.decodeDataPageV2(&r)
            default: return false
            }
            seen.insert(id)
            return true
        }
        for (id, name) in [(Int16(1), "type"), (2, "uncompressed_page_size"), (3, "compressed_page_size")] where !seen.contains(id) {
            throw .corrupt("page header lacks its required field \(name)")
        }
        let expected: Int16? = switch h.type {
        case ParquetPageType.dataPage: 5
        case ParquetPageType.dictionaryPage: 7
        case ParquetPageType.dataPageV2: 8
        default: nil
        }
        if let expected, !seen.contains(expected) {
            throw .corrupt("page header of type \(h.type) lacks its field \(expected)")
        }
        for (value, name) in [(h.uncompressedSize, "uncompressed_page_size"), (h.compressedSize, "compressed_page_size")]
        where !(0 ... ParquetFormat.maxPageSize).contains(value) {
            throw .corrupt("page header declares \(name) \(value)")
        }
        guard h.numValues >= 0, h.numNulls >= 0, h.numNulls <= h.numValues else {
            throw .corrupt("page header declares \(h.numValues) values with \(h.numNulls) nulls")
        }
        return h
    }

    /// `struct DataPageHeader`: 1 num_values, 2 encoding, 3 definition_level_encoding, 4 repetition_level_encoding.
    private mutating func decodeDataPage(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) {
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "DataPageHeader.num_values"); numValues = Int(try r.readI32())
            case 2: try r.expect(type, T.i32, "DataPageHeader.encoding"); encoding = try r.readI32()
            case 3: try r.expect(type, T.i32, "DataPageHeader.definition_level_encoding"); definitionLevelEncoding = try r.readI32()
            default: return false
            }
            return true
        }
    }

    /// `struct DictionaryPageHeader`: 1 num_values, 2 encoding, 3 is_sorted.
    private mutating func decodeDictionaryPage(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) {
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "DictionaryPageHeader.num_values"); numValues = Int(try r.readI32())
            case 2: try r.expect(type, T.i32, "DictionaryPageHeader.encoding"); encoding = try r.readI32()
            default: return false
            }
            return true
        }
    }

    /// `struct DataPageHeaderV2`: 1 num_values, 2 num_nulls, 3 num_rows, 4 encoding,
    /// 5 definition_levels_byte_length, 6 repetition_levels_byte_length, 7 is_compressed.
    private mutating func decodeDataPageV2(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) {
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "DataPageHeaderV2.num_values"); numValues = Int(try r.readI32())
            case 2: try r.expect(type, T.i32, "DataPageHeaderV2.num_nulls"); numNulls = Int(try r.readI32())
            case 4: try r.expect(type, T.i32, "DataPageHeaderV2.encoding"); encoding = try r.readI32()
            case 5:
                try r.expect(type, T.i32, "DataPageHeaderV2.definition_levels_byte_length")
                definitionLevelsByteLength = Int(try r.readI32())
            case 6:
                try r.expect(type, T.i32, "DataPageHeaderV2.repetition_levels_byte_length")
                repetitionLevelsByteLength = Int(try r.readI32())
            case 7: isCompressed = try r.boolValue(type)
            default: return false
            }
            return true
        }
        guard definitionLevelsByteLength >= 0, repetitionLevelsByteLength >= 0 else {
            throw .corrupt("data page v2 declares negative level lengths")
        }
    }
}
