/// `struct FileMetaData` of parquet.thrift: the footer, with the parts this
/// reader uses (schema, row groups and their column chunks).
struct ParquetFileMetadata {
    /// Field 1.
    var version: Int32 = 0
    /// Field 2: the schema tree, depth first, root first.
    var schema: [ParquetSchemaElement] = []
    /// Field 3.
    var numRows: Int64 = 0
    /// Field 4.
    var rowGroups: [ParquetRowGroup] = []
    /// Field 6.
    var createdBy: String?

    /// Decodes a whole footer.
    ///
    /// - Throws: `ParquetDecodeError` with the position of the bad byte.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(ParquetDecodeError) -> ParquetFileMetadata {
        var r = ThriftCompactReader(bytes)
        var m = ParquetFileMetadata()
        var seen = Set<Int16>()
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "FileMetaData.version"); m.version = try r.readI32()
            case 2:
                try r.expect(type, T.list, "FileMetaData.schema")
                try r.readStructList { (r) throws(ParquetDecodeError) in m.schema.append(try ParquetSchemaElement.decode(&r)) }
            case 3: try r.expect(type, T.i64, "FileMetaData.num_rows"); m.numRows = try r.readI64()
            case 4:
                try r.expect(type, T.list, "FileMetaData.row_groups")
                try r.readStructList { (r) throws(ParquetDecodeError) in m.rowGroups.append(try ParquetRowGroup.decode(&r)) }
            case 6: try r.expect(type, T.binary, "FileMetaData.created_by"); m.createdBy = try r.readString()
            default: return false
            }
            seen.insert(id)
            return true
        }
        for (id, name) in [(Int16(2), "schema"), (3, "num_rows"), (4, "row_groups")] where !seen.contains(id) {
            throw .corrupt("FileMetaData lacks its required field \(name)", position: r.position)
        }
        return m
    }
}

/// `struct RowGroup` of parquet.thrift.
struct ParquetRowGroup {
    /// Field 1: one chunk per leaf column, in schema order.
    var columns: [ParquetColumnChunk] = []
    /// Field 3.
    var numRows: Int64 = 0

    static func decode(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) -> ParquetRowGroup {
        var g = ParquetRowGroup()
        var hasRows = false
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1:
                try r.expect(type, T.list, "RowGroup.columns")
                try r.readStructList { (r) throws(ParquetDecodeError) in g.columns.append(try ParquetColumnChunk.decode(&r)) }
            case 3: try r.expect(type, T.i64, "RowGroup.num_rows"); g.numRows = try r.readI64(); hasRows = true
            default: return false
            }
            return true
        }
        guard hasRows else { throw .corrupt("a RowGroup lacks num_rows", position: r.position) }
        return g
    }
}

/// `struct ColumnChunk` of parquet.thrift, with its `ColumnMetaData` (field 3) folded in.
struct ParquetColumnChunk {
    /// ColumnChunk field 1: set when the data lives in another file (unsupported).
    var filePath: String?
    /// ColumnChunk fields 8/9: set when the column is encrypted (unsupported).
    var isEncrypted = false
    /// Whether ColumnMetaData (field 3) was present.
    var hasMetaData = false

    /// ColumnMetaData field 1: the physical type.
    var type: Int32 = -1
    /// ColumnMetaData field 2: every encoding the chunk's pages use.
    var encodings: [Int32] = []
    /// ColumnMetaData field 3.
    var pathInSchema: [String] = []
    /// ColumnMetaData field 4.
    var codec: Int32 = 0
    /// ColumnMetaData field 5: values, nulls included.
    var numValues: Int64 = 0
    /// ColumnMetaData field 6.
    var totalUncompressedSize: Int64 = 0
    /// ColumnMetaData field 7: bytes of all pages with their headers.
    var totalCompressedSize: Int64 = 0
    /// ColumnMetaData field 9.
    var dataPageOffset: Int64 = 0
    /// ColumnMetaData field 11.
    var dictionaryPageOffset: Int64?

    static func decode(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) -> ParquetColumnChunk {
        var c = ParquetColumnChunk()
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.binary, "ColumnChunk.file_path"); c.filePath = try r.readString()
            case 3:
                try r.expect(type, T.structure, "ColumnChunk.meta_data")
                try c.decodeMetaData(&r)
                c.hasMetaData = true
            case 8, 9: c.isEncrypted = true; return false
            default: return false
            }
            return true
        }
        return c
    }

    private mutating func decodeMetaData(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) {
        var seen = Set<Int16>()
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "ColumnMetaData.type"); self.type = try r.readI32()
            case 2: try r.expect(type, T.list, "ColumnMetaData.encodings"); encodings = try r.readI32List()
            case 3: try r.expect(type, T.list, "ColumnMetaData.path_in_schema"); pathInSchema = try r.readStringList()
            case 4: try r.expect(type, T.i32, "ColumnMetaData.codec"); codec = try r.readI32()
            case 5: try r.expect(type, T.i64, "ColumnMetaData.num_values"); numValues = try r.readI64()
            case 6: try r.expect(type, T.i64, "ColumnMetaData.total_uncompressed_size"); totalUncompressedSize = try r.readI64()
            case 7: try r.expect(type, T.i64, "ColumnMetaData.total_compressed_size"); totalCompressedSize = try r.readI64()
            case 9: try r.expect(type, T.i64, "ColumnMetaData.data_page_offset"); dataPageOffset = try r.readI64()
            case 11: try r.expect(type, T.i64, "ColumnMetaData.dictionary_page_offset"); dictionaryPageOffset = try r.readI64()
            default: return false
            }
            seen.insert(id)
            return true
        }
        let required: [(Int16, String)] = [(1, "type"), (3, "path_in_schema"), (4, "codec"), (5, "num_values"),
                                           (7, "total_compressed_size"), (9, "data_page_offset")]
        for (id, name) in required where !seen.contains(id) {
            throw .corrupt("ColumnMetaData lacks its required field \(name)", position: r.position)
        }
    }

    /// The byte range of the chunk's pages: from the dictionary page when
    /// there is one (and its offset is plausible), else from the first data page.
    var byteRange: (start: Int64, length: Int64) {
        var start = dataPageOffset
        if let dictionary = dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        return (start, totalCompressedSize)
    }
}
