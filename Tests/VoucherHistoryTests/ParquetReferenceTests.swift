import Foundation
import Testing
import VoucherTestSupport
@testable import VoucherHistory

/// The reference history (../shared/data/voucher_history.parquet.gzip):
/// one GZIP row group of 285,570 rows, dictionary pages, and a `timestamp`
/// column whose chunk falls back from dictionary to PLAIN pages.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
struct ParquetReferenceTests {
    static let path = SharedData.referenceHistoryPath

    @Test func schemaAndCounts() throws {
        let reader = try ParquetReader(path: Self.path)
        #expect(reader.rowCount == 285_570)
        #expect(reader.format == HistoryFormat(name: "parquet", codecs: ["GZIP"]))
        #expect(reader.columns == [
            SourceColumn(name: "timestamp", physicalType: "BYTE_ARRAY", logicalType: "STRING", kind: .text),
            SourceColumn(name: "country_code", physicalType: "BYTE_ARRAY", logicalType: "STRING", kind: .text),
            SourceColumn(name: "last_order_ts", physicalType: "BYTE_ARRAY", logicalType: "STRING", kind: .text),
            SourceColumn(name: "first_order_ts", physicalType: "INT64", logicalType: "TIMESTAMP(MILLIS)", kind: .time),
            SourceColumn(name: "total_orders", physicalType: "BYTE_ARRAY", logicalType: "STRING", kind: .text),
            SourceColumn(name: "voucher_amount", physicalType: "DOUBLE", logicalType: nil, kind: .double),
        ])
    }

    /// The timestamps, whose chunk the reader cuts into pieces decoded on
    /// several threads (read as times, as a compile does, or as text): the
    /// pieces put together give the values of one reader alone, and the
    /// chunk is cut.
    @Test func cutTimestampChunkDecodesAlike() throws {
        let parse: @Sendable (UnsafeBufferPointer<UInt8>) -> Int64? = { text in
            // Stand-in: seconds of the day from "YYYY-MM-DD HH:MM:SS", nil for other shapes.
            guard text.count >= 19, text[13] == UInt8(ascii: ":") else { return nil }
            func two(_ i: Int) -> Int64 { Int64(text[i] &- 48) * 10 + Int64(text[i + 1] &- 48) }
            return two(11) * 3600 + two(14) * 60 + two(17)
        }
        for (parse, keepingText) in [(parse, false), (nil, false), (parse, true)] {
            let cut = try ParquetFixtureTests.cutChunksDecodeAlike(Self.path, columns: { $0.source.name == "timestamp" },
                                                                  parse: parse, keepingText: keepingText)
            #expect(cut == 1)
        }
    }

    /// A corrupt page among the timestamps' later pages (a later piece's,
    /// when the chunk is cut) is an error naming the column,
    /// the page's first row and its byte offset, read as times or as text.
    @Test func aCorruptLaterPageIsAnError() throws {
        let folder = try SharedData.temporaryDirectory("voucher-corrupt-shared")
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.path))
        bytes[2_000_000] ^= 0xFF  // inside the timestamp chunk's last pages (bytes 4 to 2,110,040)
        let path = folder.appendingPathComponent("corrupt.parquet").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let times = TimeTextParser(columns: [0]) { $0.isEmpty ? nil : Int64($0.count) }
        for parser in [times, nil] {
            var errors: [String] = []
            for threads in [1, 8] {
                let reader = try ParquetReader(path: path, parallelism: Parallelism(threads: threads))
                let all = Array(reader.columns.indices)
                do {
                    _ = try parser.map { try reader.nextBatch(columns: all, times: $0) } ?? reader.nextBatch(columns: all)
                    Issue.record("a corrupt page was read")
                } catch let error as HistoryError {
                    #expect(error.code == .corrupt && error.column == "timestamp", "\(error)")
                    #expect((error.row ?? 0) > 200_000 && (error.offset ?? 0) > 1_800_000, "\(error)")
                    errors.append(error.description)
                }
            }
            #expect(Set(errors).count == 1, "the error differs with the thread count: \(errors)")
        }
    }

    @Test func everyColumnDecodes() throws {
        let (reader, batches) = try ParquetTestUtils.readAll(Self.path)
        #expect(batches.count == 1)
        let batch = try #require(batches.first)
        #expect(batch.firstRow == 0)
        #expect(batch.rowCount == 285_570)
        #expect(batch.columns.allSatisfy { $0.indices.count == 285_570 })

        // First row.
        let first = (0 ..< 6).map { batch.columns[$0].value(at: 0) }
        #expect(first[0] == .text("2018-07-21 18:59:21.102761"))
        #expect(first[1] == .text("Latvia"))
        #expect(first[2] == .text("2018-04-20"))
        #expect(first[3] == .time(1_523_923_200_000_000_000))  // 2018-04-17 00:00, not UTC-adjusted: read as UTC
        #expect(first[3].description == "2018-04-17 00:00:00")
        #expect(first[4] == .text("0.0"))
        #expect(first[5] == .double(4400.0))

        // Nulls and empty strings.
        let amounts = batch.columns[5]
        #expect(amounts.indices.filter { $0 < 0 }.count == 1_731)
        let orders = batch.columns[4]
        guard case .text(let orderTexts) = orders.values else { Issue.record("total_orders is not text"); return }
        let emptyEntries = Set((0 ..< orderTexts.count).filter { orderTexts.offsets[$0] == orderTexts.offsets[$0 + 1] }.map(Int32.init))
        #expect(orders.indices.filter { emptyEntries.contains($0) }.count == 22_845)

        // Rows per country, counted through the dictionary.
        let countries = batch.columns[1]
        guard case .text(let names) = countries.values else { Issue.record("country_code is not text"); return }
        #expect(names.count == 4, "country_code is dictionary-encoded: 4 values")
        var perEntry = [Int](repeating: 0, count: names.count)
        for index in countries.indices { perEntry[Int(index)] += 1 }
        var perCountry: [String: Int] = [:]
        for entry in 0 ..< names.count { perCountry[names.string(at: entry), default: 0] += perEntry[entry] }
        #expect(perCountry == ["China": 99_738, "Australia": 78_396, "Latvia": 62_516, "Peru": 44_920])

        // The timestamp chunk: its dictionary, then the PLAIN values of the pages that fell back.
        let timestamps = batch.columns[0]
        #expect(timestamps.values.count > 4 && timestamps.values.count <= 285_570)
        #expect(timestamps.indices.allSatisfy { $0 >= 0 && Int($0) < timestamps.values.count })
        #expect(timestamps.value(at: 285_569) != .null)
        _ = reader
    }

    @Test func oneColumnAlone() throws {
        let reader = try ParquetReader(path: Self.path)
        let index = try reader.columnIndex(named: "voucher_amount")
        let batch = try #require(try reader.nextBatch(columns: [index]))
        #expect(batch.columns.count == 1)
        guard case .double(let amounts) = batch.columns[0].values else { Issue.record("not double"); return }
        #expect(Set(amounts).count == amounts.count, "dictionary entries are distinct")
        #expect(try reader.nextBatch(columns: [index]) == nil)
    }
}
