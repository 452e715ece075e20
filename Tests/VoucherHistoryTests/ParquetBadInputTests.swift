import Foundation
import Testing
import VoucherTestSupport
@testable import VoucherHistory

/// One case per kind of bad input: each ends in a `HistoryError` with the
/// right code whose message names the file, the column and the byte offset.
@Suite struct ParquetBadInputTests {
    typealias B = ParquetFileBuilder

    /// A valid file: one REQUIRED INT32 column `n` = 1, 2, 3, 4 in one PLAIN page.
    static func valid() -> B {
        B(columns: [B.Column(pages: [B.page(body: B.int32s([1, 2, 3, 4]))])])
    }

    /// Writes `bytes`, opens and reads every column, and returns the error.
    func failure(_ bytes: [UInt8], _ name: String = "bad.parquet") throws -> (error: HistoryError?, path: String) {
        let folder = try SharedData.temporaryDirectory("parquet-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try ParquetTestUtils.write(bytes, to: folder, name: name)
        let error = ParquetTestUtils.historyError { _ = try ParquetTestUtils.readAll(path) }
        return (error, path)
    }

    func expect(_ result: (error: HistoryError?, path: String), _ code: HistoryError.Code, column: String? = "n",
                offset: Bool = true, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = result.error else { return }
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(result.path), "names the file: \(error)", sourceLocation: sourceLocation)
        if let column { #expect(error.column == column && error.description.contains("column '\(column)'"), "\(error)", sourceLocation: sourceLocation) }
        if offset { #expect(error.offset != nil && error.description.contains("byte "), "\(error)", sourceLocation: sourceLocation) }
        #expect(error.message.contains(words), "\(error)", sourceLocation: sourceLocation)
    }

    @Test func theValidFileReads() throws {
        let folder = try SharedData.temporaryDirectory("parquet-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try ParquetTestUtils.write(Self.valid().build().bytes, to: folder, name: "ok.parquet")
        let (reader, batches) = try ParquetTestUtils.readAll(path)
        #expect(reader.columns == [SourceColumn(name: "n", physicalType: "INT32", logicalType: nil, kind: .integer)])
        #expect(ParquetTestUtils.rows(batches, column: 0) == [.integer(1), .integer(2), .integer(3), .integer(4)])
    }

    @Test func tooShortIsTruncated() throws {
        expect(try failure(Array("PAR1PAR1".utf8)), .truncated, column: nil, "at least 12 bytes")
    }

    @Test func cutFileHasNoTailMagic() throws {
        let bytes = Self.valid().build().bytes
        expect(try failure(Array(bytes.dropLast(3))), .badMagic, column: nil, "truncated")
    }

    @Test func badHeadMagic() throws {
        var bytes = Self.valid().build().bytes
        bytes[0] = UInt8(ascii: "X")
        let result = try failure(bytes)
        expect(result, .badMagic, column: nil, "PAR1")
        #expect(result.error?.offset == 0)
    }

    @Test func footerLengthPastTheFile() throws {
        var bytes = Self.valid().build().bytes
        bytes[bytes.count - 5] = 0x7F  // the footer length's high byte
        expect(try failure(bytes), .corrupt, column: nil, "footer length")
    }

    @Test func garbledFooter() throws {
        var bytes = Self.valid().build().bytes
        let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        let footerStart = bytes.count - 8 - length
        for i in footerStart ..< footerStart + 6 { bytes[i] = 0xFF }
        let result = try failure(bytes)
        expect(result, .corrupt, column: nil, "Thrift")
        #expect((result.error?.offset ?? 0) >= footerStart)
    }

    @Test func pageSizeLies() throws {
        let page = B.page(body: B.int32s([1, 2, 3, 4]), compressed: 4_000)
        expect(try failure(B(columns: [B.Column(pages: [page])]).build().bytes), .corrupt, "runs past the end of its column chunk")
    }

    @Test func chunkSizeLies() throws {
        var builder = Self.valid()
        builder.columns[0].sizeLie = 1_000_000
        expect(try failure(builder.build().bytes), .corrupt, "outside the data section")
    }

    @Test func dictionaryIndexOutOfRange() throws {
        let dictionary = B.page(type: 2, body: B.int32s([10, 20]), numValues: 2)
        // Bit width 2, one bit-packed group of 8: 0, 1, 3, 1 (then padding). Index 3 is at row 2.
        let data = B.page(body: [2, 0x03, 0b01_11_01_00, 0], encoding: 8)
        let result = try failure(B(columns: [B.Column(pages: [dictionary, data])]).build().bytes)
        expect(result, .corrupt, "dictionary index 3 is out of range")
        #expect(result.error?.row == 2)
    }

    @Test func bitWidthOver32() throws {
        let dictionary = B.page(type: 2, body: B.int32s([10, 20]), numValues: 2)
        let data = B.page(body: [33, 0x08, 0, 0, 0, 0, 0], encoding: 8)
        expect(try failure(B(columns: [B.Column(pages: [dictionary, data])]).build().bytes), .corrupt, "bit width 33")
    }

    @Test func corruptCompressedPage() throws {
        let body: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xDE, 0xAD, 0xBE, 0xEF, 0, 0, 0, 0]
        let page = B.page(body: body, uncompressed: 16)
        expect(try failure(B(columns: [B.Column(codec: 2, pages: [page])]).build().bytes), .corrupt, "GZIP")
        let snappy = B.page(body: [0x10, 0xFF, 0xFF, 0xFF], uncompressed: 16)
        expect(try failure(B(columns: [B.Column(codec: 1, pages: [snappy])]).build().bytes), .corrupt, "SNAPPY")
        let zstd = B.page(body: [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0], uncompressed: 16)
        expect(try failure(B(columns: [B.Column(codec: 6, pages: [zstd])]).build().bytes), .corrupt, "ZSTD")
    }

    @Test func pageValuesDisagreeWithRows() throws {
        let page = B.page(body: B.int32s([1, 2, 3, 4, 5]), numValues: 5)
        expect(try failure(B(columns: [B.Column(pages: [page])]).build().bytes), .corrupt, "only 4 rows remain")
        var chunkLies = Self.valid()
        chunkLies.columns[0].numValues = 5
        expect(try failure(chunkLies.build().bytes), .corrupt, "declares 5 values")
        let short = B.page(body: B.int32s([1, 2, 3]), numValues: 4)
        expect(try failure(B(columns: [B.Column(pages: [short])]).build().bytes), .corrupt, "cannot hold 4 INT32 values")
        let missing = B.page(body: B.int32s([1, 2]), numValues: 2)
        expect(try failure(B(columns: [B.Column(pages: [missing])]).build().bytes), .corrupt, "ends after 2 of its 4 values")
    }

    @Test func unsupportedCodecNamesIt() throws {
        let page = B.page(body: B.int32s([1, 2, 3, 4]))
        expect(try failure(B(columns: [B.Column(codec: 4, pages: [page])]).build().bytes), .unsupported, "BROTLI")
        expect(try failure(B(columns: [B.Column(codec: 7, pages: [page])]).build().bytes), .unsupported, "LZ4_RAW")
    }

    @Test func unsupportedEncodingNamesIt() throws {
        let page = B.page(body: B.int32s([1, 2, 3, 4]), encoding: 9)
        expect(try failure(B(columns: [B.Column(pages: [page])]).build().bytes), .unsupported, "BYTE_STREAM_SPLIT")
    }

    @Test func repeatedColumnIsRefusedByName() throws {
        var builder = Self.valid()
        builder.columns[0].repetition = 2
        expect(try failure(builder.build().bytes), .unsupported, offset: false, "REPEATED")
    }

    @Test func timeOutOfRangeNamesTheRow() throws {
        let page = B.page(body: B.int64s([0, 1, Int64.max / 1000, 3]))
        let column = B.Column(type: 2, convertedType: 9, pages: [page])  // INT64 TIMESTAMP_MILLIS
        let result = try failure(B(columns: [column]).build().bytes)
        expect(result, .corrupt, "time out of range")
        #expect(result.error?.row == 2)
    }

    @Test func deepNestingInUnknownFieldsIsRefused() throws {
        var builder = Self.valid()
        builder.footerExtra = { w in
            w.field(90, 12)
            for _ in 0 ..< 200 { w.bytes.append(0x1C) }  // field 1, type struct, nested 200 deep
            for _ in 0 ..< 201 { w.bytes.append(0) }
        }
        expect(try failure(builder.build().bytes), .corrupt, column: nil, "nested deeper")
    }
}
