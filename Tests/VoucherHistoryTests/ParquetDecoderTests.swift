import Foundation
import Testing
import VoucherTestSupport
@testable import VoucherHistory

/// The decoders on their own, with the examples of the format articles.
@Suite struct ParquetDecoderTests {
    typealias B = ParquetFileBuilder

    @Test func rleBitPackedExampleOfEncodingsMd() throws {
        // Encodings.md: 0…7 with bit width 3 bit-packed is 10001000 11000110 11111010.
        let data: [UInt8] = [0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010]
        var out = [UInt32](repeating: 9, count: 8)
        let used = try data.withUnsafeBytes { raw in
            try out.withUnsafeMutableBufferPointer { try RLEBitPackedDecoder.decode(raw, bitWidth: 3, count: 8, into: $0.baseAddress!) }
        }
        #expect(out == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(used == 4)
    }

    @Test func rleRunsAndWidths() throws {
        // An RLE run of 5 × 0x0102 (width 9: two value bytes), then bit width 32 and 0.
        var out = [UInt32](repeating: 0, count: 5)
        try ([0x0A, 0x02, 0x01] as [UInt8]).withUnsafeBytes { raw in
            _ = try out.withUnsafeMutableBufferPointer { try RLEBitPackedDecoder.decode(raw, bitWidth: 9, count: 5, into: $0.baseAddress!) }
        }
        #expect(out == [0x102, 0x102, 0x102, 0x102, 0x102])
        try ([0x04, 0xFF, 0xFF, 0xFF, 0xFF] as [UInt8]).withUnsafeBytes { raw in
            _ = try out.withUnsafeMutableBufferPointer { try RLEBitPackedDecoder.decode(raw, bitWidth: 32, count: 2, into: $0.baseAddress!) }
        }
        #expect(out[0 ..< 2] == [UInt32.max, UInt32.max])
        try [UInt8]().withUnsafeBytes { raw in
            _ = try out.withUnsafeMutableBufferPointer { try RLEBitPackedDecoder.decode(raw, bitWidth: 0, count: 5, into: $0.baseAddress!) }
        }
        #expect(out == [0, 0, 0, 0, 0])
        for (bytes, width) in [([0x02, 0x05], 1), ([0x03], 2), ([0x04, 0x01], 33)] as [([UInt8], Int)] {
            #expect(throws: ParquetDecodeError.self) {
                try bytes.withUnsafeBytes { raw in
                    _ = try out.withUnsafeMutableBufferPointer { try RLEBitPackedDecoder.decode(raw, bitWidth: width, count: 5, into: $0.baseAddress!) }
                }
            }
        }
    }

    @Test func deltaBinaryPacked() throws {
        // Block 128, 4 miniblocks of 32, 5 values, first 7: deltas -2, -2, 1, 1 → min -2, width 2.
        var w = ThriftWriter()
        w.varint(128); w.varint(4); w.varint(5); w.zigzag(7)
        w.zigzag(-2)
        w.bytes += [2, 0, 0, 0]
        w.bytes += [0b1111_0000] + [UInt8](repeating: 0, count: 7)  // 0, 0, 3, 3, then padding to 32 values × 2 bits
        var out = [Int64](repeating: 0, count: 5)
        let used = try w.bytes.withUnsafeBytes { raw in
            try out.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(raw, expectedCount: 5, into: $0.baseAddress!) }
        }
        #expect(out == [7, 5, 3, 4, 5])
        #expect(used == w.bytes.count)
        #expect(throws: ParquetDecodeError.self) {
            try w.bytes.withUnsafeBytes { raw in
                _ = try out.withUnsafeMutableBufferPointer { try DeltaBinaryPackedDecoder.decode(raw, expectedCount: 4, into: $0.baseAddress!) }
            }
        }
    }

    @Test func thriftSkipsUnknownFieldsOfEveryType() throws {
        var builder = ParquetBadInputTests.valid()
        builder.footerExtra = { w in
            w.field(40, 7); w.bytes += [UInt8](repeating: 0x3F, count: 8)  // double
            w.field(41, 13); w.bytes += [UInt8](repeating: 0xAB, count: 16)  // uuid
            w.field(42, 9); w.listHeader(1, 3); w.bytes += [1, 0, 1]  // list<bool>
            w.field(43, 10); w.listHeader(8, 1); w.varint(2); w.bytes += [0x61, 0x62]  // set<string>
            w.field(44, 11); w.varint(2); w.bytes.append(0x8C)  // map<string, struct>
            for key in ["k1", "k2"] {
                w.varint(UInt64(key.utf8.count)); w.bytes += Array(key.utf8)
                w.beginStruct(); w.i32(1, 5); w.structure(2) { $0.stringList(1, ["x", "y"]) }; w.endStruct()
            }
            w.field(45, 11); w.varint(0)  // empty map
            w.field(46, 3); w.bytes.append(0x7F)  // i8
            w.field(300, 4); w.zigzag(-3)  // i16 with a long-form id
            w.bool(301, true)
        }
        let folder = try SharedData.temporaryDirectory("parquet-thrift")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try ParquetTestUtils.write(builder.build().bytes, to: folder, name: "extra.parquet")
        let (_, batches) = try ParquetTestUtils.readAll(path)
        #expect(ParquetTestUtils.rows(batches, column: 0) == [.integer(1), .integer(2), .integer(3), .integer(4)])
    }

    @Test func convertedTypesWithoutLogicalTypes() throws {
        let folder = try SharedData.temporaryDirectory("parquet-converted")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(type: Int64, converted: Int64, body: [UInt8], logical: String, kind: ValueKind, first: HistoryValue)] = [
            (2, 9, B.int64s([1_000, 0, 0, 0]), "TIMESTAMP(MILLIS, UTC)", .time, .time(1_000_000_000)),
            (2, 10, B.int64s([-1, 0, 0, 0]), "TIMESTAMP(MICROS, UTC)", .time, .time(-1_000)),
            (1, 6, B.int32s([-1, 0, 0, 0]), "DATE", .time, .time(-86_400_000_000_000)),
            (1, 13, B.int32s([-1, 0, 0, 0]), "INT(32, UNSIGNED)", .integer, .integer(4_294_967_295)),
            (6, 0, [1, 0, 0, 0, 0x41] + [UInt8](repeating: 0, count: 12), "STRING", .text, .text("A")),
        ]
        for (i, c) in cases.enumerated() {
            let page = B.page(body: c.body)
            let builder = B(columns: [B.Column(type: c.type, convertedType: c.converted, pages: [page])])
            let path = try ParquetTestUtils.write(builder.build().bytes, to: folder, name: "c\(i).parquet")
            let (reader, batches) = try ParquetTestUtils.readAll(path)
            #expect(reader.columns[0].logicalType == c.logical)
            #expect(reader.columns[0].kind == c.kind)
            #expect(ParquetTestUtils.rows(batches, column: 0).first == c.first)
        }
    }

    @Test func int96Layout() throws {
        // 1970-01-02 00:00:01: Julian day 2440589 and one second of nanoseconds.
        var bytes = B.int64s([1_000_000_000])
        bytes += [0x8D, 0x3D, 0x25, 0x00]  // 2440589 = 0x253D8D, little-endian
        let builder = ParquetFileBuilder(columns: [B.Column(type: 3, pages: [B.page(body: bytes, numValues: 1)], numValues: 1)], rows: 1)
        let folder = try SharedData.temporaryDirectory("parquet-int96")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try ParquetTestUtils.write(builder.build().bytes, to: folder, name: "int96.parquet")
        let (reader, batches) = try ParquetTestUtils.readAll(path)
        #expect(reader.columns[0].physicalType == "INT96")
        #expect(ParquetTestUtils.rows(batches, column: 0) == [.time(86_401_000_000_000)])
    }

    @Test func dataPageV2WithNulls() throws {
        // OPTIONAL INT32, 4 rows: 5, null, null, 6. Levels: bit-packed group 1,0,0,1 (width 1).
        let levels: [UInt8] = [0x03, 0b0000_1001]
        let page = B.page(type: 3, body: levels + B.int32s([5, 6]), numNulls: 2, definitionLevelsLength: 2)
        let builder = B(columns: [B.Column(repetition: 1, pages: [page])])
        let folder = try SharedData.temporaryDirectory("parquet-v2")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try ParquetTestUtils.write(builder.build().bytes, to: folder, name: "v2.parquet")
        let (_, batches) = try ParquetTestUtils.readAll(path)
        #expect(ParquetTestUtils.rows(batches, column: 0) == [.integer(5), .null, .null, .integer(6)])
        #expect(batches[0].columns[0].indices == [0, -1, -1, 1])
    }
}
