/// The Parquet format constants this reader uses, in one place.
///
/// Each constant cites the `parquet-format` article that defines it:
/// `parquet.thrift` (the footer and page header structures), `Encodings.md`
/// and `Compression.md`. A Parquet file is laid out as:
///
/// ```
/// +------+------------------------------+-------------+----------+------+
/// | PAR1 | column chunks (pages) ...    | FileMetaData| len (LE) | PAR1 |
/// +------+------------------------------+-------------+----------+------+
///   4 B                                   len bytes     4 B        4 B
/// ```
///
/// FileMetaData and every page header are Thrift compact-protocol structs.
enum ParquetFormat {
    /// `PAR1`, at byte 0 and in the last 4 bytes (parquet-format README, "File Format").
    static let magic: [UInt8] = [0x50, 0x41, 0x52, 0x31]
    /// `PARE`: the trailing magic of a file with an encrypted footer (Encryption.md).
    static let encryptedMagic: [UInt8] = [0x50, 0x41, 0x52, 0x45]
    /// Head magic + footer length + tail magic: the smallest possible file.
    static let minimumFileSize = 12

    /// Limit on the footer (FileMetaData) size: this reader's choice, far above real files.
    static let maxFooterSize = 64 << 20
    /// How much of a file's end is announced to the source before the footer
    /// is read: holds the footers of most files (the reference history's is 3.9 KB).
    static let tailPrefetch = 64 << 10
    /// Limit on one page's declared size, compressed or not: this reader's choice.
    static let maxPageSize = 1 << 30
    /// Limit on Thrift nesting (structs, lists, maps inside each other).
    static let maxThriftDepth = 64
    /// Julian day number of 1970-01-01, the epoch of INT96 timestamps.
    static let julianDayOfEpoch: Int64 = 2_440_588
    /// Nanoseconds in one day.
    static let nanosecondsPerDay: Int64 = 86_400_000_000_000
}

/// `enum Type` in parquet.thrift: how values are stored.
enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    /// The name parquet.thrift gives the type, e.g. `INT64`.
    var name: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .int96: "INT96"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        case .fixedLenByteArray: "FIXED_LEN_BYTE_ARRAY"
        }
    }
}

/// `enum Encoding` in parquet.thrift; the layouts are in Encodings.md.
enum ParquetEncoding {
    static let plain: Int32 = 0
    static let plainDictionary: Int32 = 2
    static let rle: Int32 = 3
    static let bitPacked: Int32 = 4
    static let deltaBinaryPacked: Int32 = 5
    static let deltaLengthByteArray: Int32 = 6
    static let deltaByteArray: Int32 = 7
    static let rleDictionary: Int32 = 8
    static let byteStreamSplit: Int32 = 9

    /// The name parquet.thrift gives an encoding, or `encoding N` for an unknown one.
    static func name(_ value: Int32) -> String {
        switch value {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        case 10: "ALP"
        default: "encoding \(value)"
        }
    }
}

/// `enum CompressionCodec` in parquet.thrift; the framings are in Compression.md.
enum ParquetCodec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    /// The name parquet.thrift gives the codec, e.g. `GZIP`.
    var name: String {
        switch self {
        case .uncompressed: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .lzo: "LZO"
        case .brotli: "BROTLI"
        case .lz4: "LZ4"
        case .zstd: "ZSTD"
        case .lz4Raw: "LZ4_RAW"
        }
    }

    /// The name of a codec number, known or not.
    static func name(_ value: Int32) -> String {
        ParquetCodec(rawValue: value)?.name ?? "codec \(value)"
    }

    /// Whether this reader can decompress it.
    var isSupported: Bool {
        switch self {
        case .uncompressed, .snappy, .gzip, .zstd: true
        default: false
        }
    }
}

/// `enum PageType` in parquet.thrift.
enum ParquetPageType {
    static let dataPage: Int32 = 0
    static let indexPage: Int32 = 1
    static let dictionaryPage: Int32 = 2
    static let dataPageV2: Int32 = 3
}

/// `enum FieldRepetitionType` in parquet.thrift.
enum ParquetRepetition {
    static let required: Int32 = 0
    static let optional: Int32 = 1
    static let repeated: Int32 = 2
}

/// `enum ConvertedType` in parquet.thrift (the legacy annotations this reader maps).
enum ParquetConvertedType {
    static let utf8: Int32 = 0
    static let map: Int32 = 1
    static let mapKeyValue: Int32 = 2
    static let list: Int32 = 3
    static let enumeration: Int32 = 4
    static let decimal: Int32 = 5
    static let date: Int32 = 6
    static let timeMillis: Int32 = 7
    static let timeMicros: Int32 = 8
    static let timestampMillis: Int32 = 9
    static let timestampMicros: Int32 = 10
    static let uint8: Int32 = 11
    static let uint16: Int32 = 12
    static let uint32: Int32 = 13
    static let uint64: Int32 = 14
    static let int8: Int32 = 15
    static let int16: Int32 = 16
    static let int32: Int32 = 17
    static let int64: Int32 = 18
    static let json: Int32 = 19
    static let bson: Int32 = 20
    static let interval: Int32 = 21
}

/// `union TimeUnit` in parquet.thrift.
enum ParquetTimeUnit: Sendable, Equatable {
    case millis, micros, nanos

    /// `MILLIS`, `MICROS` or `NANOS`, as LogicalTypes.md writes them.
    var name: String {
        switch self {
        case .millis: "MILLIS"
        case .micros: "MICROS"
        case .nanos: "NANOS"
        }
    }

    /// Nanoseconds per unit.
    var nanoseconds: Int64 {
        switch self {
        case .millis: 1_000_000
        case .micros: 1_000
        case .nanos: 1
        }
    }
}
