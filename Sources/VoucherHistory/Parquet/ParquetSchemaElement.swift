/// `struct SchemaElement` of parquet.thrift: one node of the schema tree,
/// flattened depth-first into FileMetaData's `schema` list.
struct ParquetSchemaElement {
    /// Field 1: the physical type (`enum Type`); absent on groups.
    var type: Int32?
    /// Field 2: the byte length of FIXED_LEN_BYTE_ARRAY values.
    var typeLength: Int32?
    /// Field 3: REQUIRED, OPTIONAL or REPEATED; absent on the root.
    var repetition: Int32?
    /// Field 4: the name.
    var name = ""
    /// Field 5: the number of children of a group.
    var numChildren: Int32?
    /// Field 6: the legacy ConvertedType.
    var convertedType: Int32?
    /// Fields 7 and 8: the legacy DECIMAL scale and precision.
    var scale: Int32?
    var precision: Int32?
    /// Field 10: the LogicalType union.
    var logicalType: ParquetLogicalType?

    /// Decodes one SchemaElement at the reader's position.
    static func decode(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) -> ParquetSchemaElement {
        var e = ParquetSchemaElement()
        var hasName = false
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            switch id {
            case 1: try r.expect(type, T.i32, "SchemaElement.type"); e.type = try r.readI32()
            case 2: try r.expect(type, T.i32, "SchemaElement.type_length"); e.typeLength = try r.readI32()
            case 3: try r.expect(type, T.i32, "SchemaElement.repetition_type"); e.repetition = try r.readI32()
            case 4: try r.expect(type, T.binary, "SchemaElement.name"); e.name = try r.readString(); hasName = true
            case 5: try r.expect(type, T.i32, "SchemaElement.num_children"); e.numChildren = try r.readI32()
            case 6: try r.expect(type, T.i32, "SchemaElement.converted_type"); e.convertedType = try r.readI32()
            case 7: try r.expect(type, T.i32, "SchemaElement.scale"); e.scale = try r.readI32()
            case 8: try r.expect(type, T.i32, "SchemaElement.precision"); e.precision = try r.readI32()
            case 10: try r.expect(type, T.structure, "SchemaElement.logicalType"); e.logicalType = try ParquetLogicalType.decode(&r)
            default: return false
            }
            return true
        }
        guard hasName else { throw .corrupt("a SchemaElement has no name", position: r.position) }
        return e
    }
}

/// `union LogicalType` of parquet.thrift (LogicalTypes.md), as far as this reader cares.
enum ParquetLogicalType: Equatable {
    case string
    case map
    case list
    case enumeration
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(utc: Bool, unit: ParquetTimeUnit)
    case timestamp(utc: Bool, unit: ParquetTimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    case unknown
    case json
    case bson
    case uuid
    case float16
    /// A member this reader does not know (its field id).
    case other(Int16)

    /// Decodes the union at the reader's position.
    static func decode(_ r: inout ThriftCompactReader) throws(ParquetDecodeError) -> ParquetLogicalType? {
        var result: ParquetLogicalType?
        typealias T = ThriftCompactReader.FieldType
        try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
            guard type == T.structure else { return false }
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 6: result = .date
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.readStruct { (r, id, type) throws(ParquetDecodeError) in
                    switch id {
                    case 1: try r.expect(type, T.i32, "DecimalType.scale"); scale = try r.readI32()
                    case 2: try r.expect(type, T.i32, "DecimalType.precision"); precision = try r.readI32()
                    default: return false
                    }
                    return true
                }
                result = .decimal(scale: scale, precision: precision)
                return true
            case 7, 8:
                var utc = false
                var unit = ParquetTimeUnit.millis
                try r.readStruct { (r, field, type) throws(ParquetDecodeError) in
                    switch field {
                    case 1: utc = try r.boolValue(type); return true
                    case 2:
                        try r.expect(type, T.structure, "TimeUnit")
                        try r.readStruct { (r, member, _) throws(ParquetDecodeError) in
                            switch member {
                            case 1: unit = .millis
                            case 2: unit = .micros
                            case 3: unit = .nanos
                            default: break
                            }
                            return false  // the members are empty structs: skip them
                        }
                        return true
                    default: return false
                    }
                }
                result = id == 7 ? .time(utc: utc, unit: unit) : .timestamp(utc: utc, unit: unit)
                return true
            case 10:
                var bits: Int8 = 0, signed = true
                try r.readStruct { (r, field, type) throws(ParquetDecodeError) in
                    switch field {
                    case 1:
                        try r.expect(type, T.i8, "IntType.bitWidth")
                        bits = Int8(bitPattern: try r.readByte())
                    case 2: signed = try r.boolValue(type)
                    default: return false
                    }
                    return true
                }
                result = .integer(bitWidth: bits, signed: signed)
                return true
            default:
                result = .other(id)
            }
            return false  // skip the (empty) struct of the simple members
        }
        return result
    }

    /// The annotation as ``SourceColumn/logicalType`` shows it, e.g. `TIMESTAMP(MILLIS, UTC)`.
    var name: String {
        switch self {
        case .string: "STRING"
        case .map: "MAP"
        case .list: "LIST"
        case .enumeration: "ENUM"
        case .decimal(let scale, let precision): "DECIMAL(\(precision), \(scale))"
        case .date: "DATE"
        case .time(let utc, let unit): utc ? "TIME(\(unit.name), UTC)" : "TIME(\(unit.name))"
        case .timestamp(let utc, let unit): utc ? "TIMESTAMP(\(unit.name), UTC)" : "TIMESTAMP(\(unit.name))"
        case .integer(let bits, let signed): "INT(\(bits), \(signed ? "SIGNED" : "UNSIGNED"))"
        case .unknown: "UNKNOWN"
        case .json: "JSON"
        case .bson: "BSON"
        case .uuid: "UUID"
        case .float16: "FLOAT16"
        case .other(let id): "LogicalType \(id)"
        }
    }

    /// The LogicalType equivalent of a legacy ConvertedType (LogicalTypes.md,
    /// "Backward compatibility"); the TIMESTAMP and TIME ones are UTC-adjusted.
    static func fromConverted(_ converted: Int32, scale: Int32?, precision: Int32?) -> ParquetLogicalType? {
        typealias C = ParquetConvertedType
        switch converted {
        case C.utf8: return .string
        case C.map, C.mapKeyValue: return .map
        case C.list: return .list
        case C.enumeration: return .enumeration
        case C.decimal: return .decimal(scale: scale ?? 0, precision: precision ?? 0)
        case C.date: return .date
        case C.timeMillis: return .time(utc: true, unit: .millis)
        case C.timeMicros: return .time(utc: true, unit: .micros)
        case C.timestampMillis: return .timestamp(utc: true, unit: .millis)
        case C.timestampMicros: return .timestamp(utc: true, unit: .micros)
        case C.uint8: return .integer(bitWidth: 8, signed: false)
        case C.uint16: return .integer(bitWidth: 16, signed: false)
        case C.uint32: return .integer(bitWidth: 32, signed: false)
        case C.uint64: return .integer(bitWidth: 64, signed: false)
        case C.int8: return .integer(bitWidth: 8, signed: true)
        case C.int16: return .integer(bitWidth: 16, signed: true)
        case C.int32: return .integer(bitWidth: 32, signed: true)
        case C.int64: return .integer(bitWidth: 64, signed: true)
        case C.json: return .json
        case C.bson: return .bson
        default: return nil
        }
    }
}
