/// How the stored values of a column become the values handed out.
enum ParquetValueConversion: Equatable {
    case boolean
    /// INT32 as a signed integer.
    case int32
    /// INT32 annotated unsigned: zero-extended.
    case uint32
    /// INT64 as an integer (an unsigned 64-bit annotation keeps the bit pattern).
    case int64
    /// INT32 DATE: days since the epoch, to nanoseconds at midnight UTC.
    case date
    /// INT64 TIMESTAMP: units since the epoch, times `nanosecondsPerUnit`.
    case timestamp(nanosecondsPerUnit: Int64)
    /// INT96 legacy timestamp: nanoseconds of the day (8 bytes LE) then the Julian day (4 bytes LE).
    case int96
    /// INT32/INT64 DECIMAL: the unscaled integer divided by 10^scale, as a double.
    case decimal(scale: Int32)
    case float
    case double
    case byteArray
    /// FIXED_LEN_BYTE_ARRAY of `length` bytes.
    case fixed(length: Int)

    /// The kind of the handed-out values.
    var kind: ValueKind {
        switch self {
        case .boolean: .boolean
        case .int32, .uint32, .int64: .integer
        case .date, .timestamp, .int96: .time
        case .decimal, .float, .double: .double
        case .byteArray, .fixed: .text
        }
    }
}

/// One top-level column of the file: how it is declared, where its chunks
/// are in each row group, and how to decode it.
struct ParquetColumnDescriptor {
    /// The public view (name, Parquet type names, kind).
    var source: SourceColumn
    /// The index of its chunk in every row group; nil for a column this reader cannot read.
    var leafIndex: Int?
    /// Why it cannot be read (nested, repeated, unknown type), naming it.
    var unsupportedReason: String?
    var physicalType: ParquetPhysicalType
    var conversion: ParquetValueConversion
    /// 1 for an OPTIONAL column (definition levels present), 0 for REQUIRED.
    var maxDefinitionLevel: Int

    /// The top-level columns of a schema, and the number of leaves (chunks per row group).
    ///
    /// Groups (nested columns) and REPEATED columns are listed, so that a file
    /// holding them can still be read for its other columns; asking for one
    /// is an `unsupported` error that names it.
    static func columns(of schema: [ParquetSchemaElement]) throws(ParquetDecodeError) -> (columns: [ParquetColumnDescriptor], leafCount: Int) {
        guard let root = schema.first else { throw .corrupt("the schema is empty") }
        let childCount = Int(root.numChildren ?? 0)
        guard childCount >= 0 else { throw .corrupt("the schema root declares \(childCount) children") }
        var columns: [ParquetColumnDescriptor] = []
        var next = 1
        var leaves = 0
        for _ in 0 ..< childCount {
            guard next < schema.count else { throw .corrupt("the schema root declares \(childCount) children but the schema ends after \(columns.count)") }
            let element = schema[next]
            let start = next
            next += 1
            if element.numChildren != nil {
                try skipSubtree(schema, children: Int(element.numChildren ?? 0), next: &next, leaves: &leaves, depth: 1)
                var column = unreadable(element,
                                        reason: "column '\(element.name)' is a nested group (schema element \(start)); only flat columns are supported")
                column.source.physicalType = "GROUP"
                columns.append(column)
            } else {
                columns.append(try leaf(element, leafIndex: leaves))
                leaves += 1
            }
        }
        guard next == schema.count else { throw .corrupt("the schema has \(schema.count) elements but its tree uses \(next)") }
        return (columns, leaves)
    }

    private static func skipSubtree(_ schema: [ParquetSchemaElement], children: Int, next: inout Int,
                                    leaves: inout Int, depth: Int) throws(ParquetDecodeError) {
        guard depth <= ParquetFormat.maxThriftDepth else { throw .corrupt("the schema nests deeper than \(ParquetFormat.maxThriftDepth)") }
        guard children >= 0, children <= schema.count - next else { throw .corrupt("a schema group declares \(children) children past the schema's end") }
        for _ in 0 ..< children {
            let element = schema[next]
            next += 1
            if let n = element.numChildren {
                try skipSubtree(schema, children: Int(n), next: &next, leaves: &leaves, depth: depth + 1)
            } else {
                leaves += 1
            }
        }
    }

    private static func unreadable(_ element: ParquetSchemaElement, reason: String) -> ParquetColumnDescriptor {
        let physical = element.type.flatMap(ParquetPhysicalType.init(rawValue:))
        let logical = annotation(element)
        return ParquetColumnDescriptor(
            source: SourceColumn(name: element.name, physicalType: physical?.name ?? "GROUP", logicalType: logical?.name, kind: .text),
            leafIndex: nil, unsupportedReason: reason, physicalType: physical ?? .byteArray, conversion: .byteArray,
            maxDefinitionLevel: 0)
    }

    private static func annotation(_ e: ParquetSchemaElement) -> ParquetLogicalType? {
        if let logical = e.logicalType { return logical }
        return e.convertedType.flatMap { ParquetLogicalType.fromConverted($0, scale: e.scale, precision: e.precision) }
    }

    /// A primitive top-level column.
    private static func leaf(_ e: ParquetSchemaElement, leafIndex: Int) throws(ParquetDecodeError) -> ParquetColumnDescriptor {
        guard let raw = e.type else { throw .corrupt("schema element '\(e.name)' has neither a type nor children") }
        let logical = annotation(e)
        guard let physical = ParquetPhysicalType(rawValue: raw) else {
            var column = unreadable(e, reason: "column '\(e.name)' has an unknown physical type \(raw)")
            column.source.physicalType = "type \(raw)"
            return column
        }
        if e.repetition == ParquetRepetition.repeated {
            var column = unreadable(e,
                                    reason: "column '\(e.name)' is REPEATED; only flat required or optional columns are supported")
            column.source.physicalType = physical.name
            return column
        }
        let conversion: ParquetValueConversion
        switch physical {
        case .boolean: conversion = .boolean
        case .int32:
            switch logical {
            case .date: conversion = .date
            case .decimal(let scale, _): conversion = .decimal(scale: scale)
            case .integer(_, false): conversion = .uint32
            default: conversion = .int32
            }
        case .int64:
            switch logical {
            case .timestamp(_, let unit): conversion = .timestamp(nanosecondsPerUnit: unit.nanoseconds)
            case .decimal(let scale, _): conversion = .decimal(scale: scale)
            default: conversion = .int64
            }
        case .int96: conversion = .int96
        case .float: conversion = .float
        case .double: conversion = .double
        case .byteArray: conversion = .byteArray
        case .fixedLenByteArray:
            let length = Int(e.typeLength ?? 0)
            guard length > 0 else { throw .corrupt("FIXED_LEN_BYTE_ARRAY column '\(e.name)' declares length \(length)") }
            conversion = .fixed(length: length)
        }
        if case .decimal(let scale) = conversion, !(0 ... 38).contains(scale) {
            throw .corrupt("DECIMAL column '\(e.name)' declares scale \(scale)")
        }
        return ParquetColumnDescriptor(
            source: SourceColumn(name: e.name, physicalType: physical.name, logicalType: logical?.name, kind: conversion.kind),
            leafIndex: leafIndex, unsupportedReason: nil, physicalType: physical, conversion: conversion,
            maxDefinitionLevel: e.repetition == ParquetRepetition.optional ? 1 : 0)
    }
}
