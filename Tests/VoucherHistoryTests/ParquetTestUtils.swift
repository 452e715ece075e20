import Foundation
import Testing
import VoucherTestSupport
@_spi(Testing) @testable import VoucherHistory

/// Helpers shared by the Parquet reader tests.
enum ParquetTestUtils {
    /// The folder of the generated fixtures (make_parquet_fixtures.py).
    static let fixtureFolder = SharedData.path("Tests/VoucherHistoryTests/Fixtures/parquet")

    /// The names (without extension) of every Parquet fixture.
    static var fixtureNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder)) ?? []
        return names.filter { $0.hasSuffix(".parquet") }.map { String($0.dropLast(".parquet".count)) }.sorted()
    }

    static func fixturePath(_ name: String) -> String { "\(fixtureFolder)/\(name).parquet" }

    /// A fixture's manifest (`NAME.json`), parsed.
    static func manifest(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(fixtureFolder)/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every batch of a file with every readable column (or `columns`),
    /// decoded on `threads` threads (cutting chunks however small with
    /// `cutting`), with the text columns `times` says read as times.
    static func readAll(_ path: String, columns: [Int]? = nil, threads: Int? = nil, cutting: Bool = false,
                        times: TimeTextParser? = nil) throws -> (reader: ParquetReader, batches: [HistoryBatch]) {
        let reader = try ParquetReader(path: path, parallelism: threads.map { Parallelism(threads: $0) } ?? .machine)
        if cutting { reader.parallelWork = 0 }
        let wanted = columns ?? Array(reader.columns.indices)
        var batches: [HistoryBatch] = []
        while let batch = try times.map({ try reader.nextBatch(columns: wanted, times: $0) }) ?? reader.nextBatch(columns: wanted) {
            batches.append(batch)
        }
        return (reader, batches)
    }

    /// The rows of column `position` (in the batches' order) as slow-path values.
    static func rows(_ batches: [HistoryBatch], column position: Int) -> [HistoryValue] {
        var out: [HistoryValue] = []
        for batch in batches {
            let column = batch.columns[position]
            for row in 0 ..< batch.rowCount { out.append(column.value(at: row)) }
        }
        return out
    }

    /// A manifest value as the reader should hand it out, for a column of `kind`.
    static func expected(_ value: Any, kind: String) -> HistoryValue {
        if value is NSNull { return .null }
        switch kind {
        case "integer": return .integer(Int64(value as? String ?? "") ?? Int64.min)
        case "time": return .time(Int64(value as? String ?? "") ?? Int64.min)
        case "double": return .double(Double(value as? String ?? "") ?? .nan)
        case "boolean": return .boolean((value as? NSNumber)?.boolValue ?? false)
        default: return .text(value as? String ?? "<not text>")
        }
    }

    /// A batch reduced to comparable arrays (values, indices, unparsed text
    /// and parsed times of each column).
    struct Decoded: Equatable {
        var rowCount: Int
        var columns: [Column]
        struct Column: Equatable {
            var text: TextValues?
            var numbers: [Int64]
            var doubles: [UInt64]
            var booleans: [Bool]
            var indices: [Int32]
            var unparsedText: [Int32: String]
            var parsedTimes: [Int64]?

            init(_ column: ColumnBatch) {
                (text, numbers, doubles, booleans) = (nil, [], [], [])
                (indices, unparsedText, parsedTimes) = (column.indices, column.unparsedText, column.parsedTimes)
                switch column.values {
                case .text(let t): text = t
                case .integer(let v), .time(let v): numbers = v
                case .double(let v): doubles = v.map(\.bitPattern)
                case .boolean(let v): booleans = v
                }
            }
        }

        init(_ batch: HistoryBatch) {
            rowCount = batch.rowCount
            columns = batch.columns.map(Column.init)
        }
    }

    /// Writes `bytes` to a new file in `folder` and returns its path.
    static func write(_ bytes: [UInt8], to folder: URL, name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The bytes of a file.
    static func bytes(of path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs `body`, which must throw a `HistoryError`, and returns it.
    static func historyError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> HistoryError? {
        do {
            try body()
            Issue.record("expected a HistoryError, got none", sourceLocation: sourceLocation)
            return nil
        } catch let error as HistoryError {
            return error
        } catch {
            Issue.record("expected a HistoryError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Opens `path` and reads every column of every batch (on `threads`
    /// threads, cutting chunks however small with `cutting`).
    static func decodeEverything(_ path: String, threads: Int? = nil, cutting: Bool = false,
                                 times: TimeTextParser? = nil) throws -> [Decoded] {
        try readAll(path, threads: threads, cutting: cutting, times: times).batches.map(Decoded.init)
    }
}

/// A Thrift compact-protocol writer, for hand-made footers and page headers.
struct ThriftWriter {
    var bytes: [UInt8] = []
    private var lastIDs: [Int16] = [0]

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func zigzag(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func field(_ id: Int16, _ type: UInt8) {
        let delta = Int(id) - Int(lastIDs[lastIDs.count - 1])
        if (1 ... 15).contains(delta) {
            bytes.append(UInt8(delta) << 4 | type)
        } else {
            bytes.append(type)
            zigzag(Int64(id))
        }
        lastIDs[lastIDs.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ v: Int64) { field(id, 5); zigzag(v) }
    mutating func i64(_ id: Int16, _ v: Int64) { field(id, 6); zigzag(v) }
    mutating func bool(_ id: Int16, _ v: Bool) { field(id, v ? 1 : 2) }
    mutating func string(_ id: Int16, _ s: String) {
        field(id, 8)
        varint(UInt64(s.utf8.count))
        bytes.append(contentsOf: Array(s.utf8))
    }

    mutating func beginStruct() { lastIDs.append(0) }
    mutating func endStruct() {
        bytes.append(0)
        lastIDs.removeLast()
    }

    mutating func structure(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
        field(id, 12)
        beginStruct()
        body(&self)
        endStruct()
    }

    mutating func listHeader(_ elementType: UInt8, _ count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType)
        } else {
            bytes.append(0xF0 | elementType)
            varint(UInt64(count))
        }
    }

    mutating func structList(_ id: Int16, _ count: Int, _ body: (inout ThriftWriter, Int) -> Void) {
        field(id, 9)
        listHeader(12, count)
        for i in 0 ..< count {
            beginStruct()
            body(&self, i)
            endStruct()
        }
    }

    mutating func i32List(_ id: Int16, _ values: [Int64]) {
        field(id, 9)
        listHeader(5, values.count)
        for v in values { zigzag(v) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        field(id, 9)
        listHeader(8, values.count)
        for s in values {
            varint(UInt64(s.utf8.count))
            bytes.append(contentsOf: Array(s.utf8))
        }
    }
}

/// Builds small single-row-group Parquet files by hand, so each bad-input
/// test can break exactly one thing.
struct ParquetFileBuilder {
    struct Column {
        var name = "n"
        var type: Int64 = 1  // INT32
        var repetition: Int64 = 0  // REQUIRED
        var convertedType: Int64?
        var codec: Int64 = 0
        /// Pages, each a header plus its body.
        var pages: [[UInt8]] = []
        var numValues: Int64 = 4
        /// Added to the chunk's total_compressed_size (a lie when not 0).
        var sizeLie: Int64 = 0
    }

    var columns: [Column]
    var rows: Int64 = 4
    /// Extra fields appended to FileMetaData (unknown to the reader).
    var footerExtra: ((inout ThriftWriter) -> Void)?

    /// A page header (PageHeader with DataPageHeader, DictionaryPageHeader or DataPageHeaderV2) plus `body`.
    static func page(type: Int64 = 0, body: [UInt8], uncompressed: Int? = nil, compressed: Int? = nil, numValues: Int64 = 4,
                     encoding: Int64 = 0, numNulls: Int64 = 0, definitionLevelsLength: Int64 = 0) -> [UInt8] {
        var w = ThriftWriter()
        w.beginStruct()
        w.i32(1, type)
        w.i32(2, Int64(uncompressed ?? body.count))
        w.i32(3, Int64(compressed ?? body.count))
        switch type {
        case 2:
            w.structure(7) { d in
                d.i32(1, numValues)
                d.i32(2, encoding)
            }
        case 3:
            w.structure(8) { d in
                d.i32(1, numValues)
                d.i32(2, numNulls)
                d.i32(3, numValues)
                d.i32(4, encoding)
                d.i32(5, definitionLevelsLength)
                d.i32(6, 0)
                d.bool(7, false)
            }
        default:
            w.structure(5) { d in
                d.i32(1, numValues)
                d.i32(2, encoding)
                d.i32(3, 3)
                d.i32(4, 3)
            }
        }
        w.endStruct()
        return w.bytes + body
    }

    /// PLAIN INT32 values, little-endian.
    static func int32s(_ values: [Int32]) -> [UInt8] {
        values.flatMap { v in (0 ..< 4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }

    /// PLAIN INT64 values, little-endian.
    static func int64s(_ values: [Int64]) -> [UInt8] {
        values.flatMap { v in (0 ..< 8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }

    /// The file's bytes and the byte offset of each column chunk.
    func build() -> (bytes: [UInt8], chunkOffsets: [Int]) {
        var out: [UInt8] = Array("PAR1".utf8)
        var offsets: [Int] = []
        for column in columns {
            offsets.append(out.count)
            for page in column.pages { out += page }
        }
        var w = ThriftWriter()
        w.beginStruct()
        w.i32(1, 1)
        w.structList(2, columns.count + 1) { e, i in
            if i == 0 {
                e.string(4, "schema")
                e.i32(5, Int64(columns.count))
            } else {
                let c = columns[i - 1]
                e.i32(1, c.type)
                if c.type == 7 { e.i32(2, 4) }
                e.i32(3, c.repetition)
                e.string(4, c.name)
                if let converted = c.convertedType { e.i32(6, converted) }
            }
        }
        w.i64(3, rows)
        w.structList(4, 1) { g, _ in
            g.structList(1, columns.count) { chunk, i in
                let c = columns[i]
                chunk.i64(2, 0)
                chunk.structure(3) { m in
                    m.i32(1, c.type)
                    m.i32List(2, [0, 3])
                    m.stringList(3, [c.name])
                    m.i32(4, c.codec)
                    m.i64(5, c.numValues)
                    let size = Int64(c.pages.reduce(0) { $0 + $1.count })
                    m.i64(6, size)
                    m.i64(7, size + c.sizeLie)
                    m.i64(9, Int64(offsets[i]))
                }
            }
            g.i64(2, 0)
            g.i64(3, rows)
        }
        footerExtra?(&w)
        w.endStruct()
        out += w.bytes
        let length = UInt32(w.bytes.count)
        out += (0 ..< 4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        out += Array("PAR1".utf8)
        return (out, offsets)
    }
}
