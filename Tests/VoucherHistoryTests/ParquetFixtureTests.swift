import Foundation
import Testing
@testable import VoucherHistory

/// Every generated fixture (codecs × page versions × dictionary on/off,
/// delta encodings, RLE booleans, INT96, nested, empty) decodes to the values
/// its manifest lists, row by row, with the declared types.
@Suite struct ParquetFixtureTests {
    @Test func fixturesExist() {
        let names = ParquetTestUtils.fixtureNames
        #expect(names.count >= 20, "run make_parquet_fixtures.py: found \(names)")
        for codec in ["none", "gzip", "snappy", "zstd"] {
            for page in ["v1", "v2"] {
                for dictionary in ["dict", "plain"] {
                    #expect(names.contains("types_\(codec)_\(page)_\(dictionary)"))
                }
            }
        }
    }

    @Test(arguments: ParquetTestUtils.fixtureNames)
    func decodesEveryValue(_ name: String) throws {
        let manifest = try ParquetTestUtils.manifest(name)
        let expectedColumns = try #require(manifest["columns"] as? [[String: Any]])
        let reader = try ParquetReader(path: ParquetTestUtils.fixturePath(name))
        let rows = try #require(manifest["rows"] as? Int)
        #expect(reader.rowCount == rows)
        #expect(reader.format.name == "parquet")
        if let codec = manifest["codec"] as? String, rows > 0 {
            #expect(reader.format.codecs == [codec])
        }

        // Readable columns: by file position (the manifest's order unless it says otherwise).
        let readable = expectedColumns.filter { $0["unsupported"] as? Bool != true }
        let positions = manifest["columnIndices"] as? [String: Int]
        let indices = try readable.map { column -> Int in
            let columnName = try #require(column["name"] as? String)
            return try positions?[columnName] ?? reader.columnIndex(named: columnName)
        }
        var batches: [HistoryBatch] = []
        var firstRow = 0
        while let batch = try reader.nextBatch(columns: indices) {
            #expect(batch.firstRow == firstRow)
            #expect(batch.columns.count == indices.count)
            for column in batch.columns { #expect(column.indices.count == batch.rowCount) }
            firstRow += batch.rowCount
            batches.append(batch)
        }
        #expect(firstRow == rows)
        #expect(batches.count == manifest["rowGroups"] as? Int)

        for (position, column) in readable.enumerated() {
            let columnName = column["name"] as? String ?? "?"
            let source = reader.columns[indices[position]]
            #expect(source.name == columnName)
            #expect(source.physicalType == column["physicalType"] as? String, "\(name).\(columnName)")
            #expect(source.logicalType == column["logicalType"] as? String, "\(name).\(columnName)")
            #expect(source.kind.rawValue == column["kind"] as? String, "\(name).\(columnName)")
            let kind = column["kind"] as? String ?? ""
            let expected = (column["values"] as? [Any] ?? []).map { ParquetTestUtils.expected($0, kind: kind) }
            let actual = ParquetTestUtils.rows(batches, column: position)
            #expect(actual.count == expected.count, "\(name).\(columnName)")
            for (row, (a, e)) in zip(actual, expected).enumerated() where a != e {
                Issue.record("\(name).\(columnName) row \(row): got \(a), expected \(e)")
                break
            }
        }

        // Columns the reader cannot read are listed, and refused by name when asked for.
        for column in expectedColumns where column["unsupported"] as? Bool == true {
            let columnName = try #require(column["name"] as? String)
            let index = try reader.columnIndex(named: columnName)
            let again = try ParquetReader(path: ParquetTestUtils.fixturePath(name))
            let error = ParquetTestUtils.historyError { _ = try again.nextBatch(columns: [index]) }
            #expect(error?.code == .unsupported)
            #expect(error?.column == columnName)
            #expect(error?.description.contains(columnName) == true)
        }
    }

    /// Text read as times page by page (``TimeTextParser``) gives, row by
    /// row, what parsing the text read as text gives: the time where the
    /// parser takes the text, the text itself where it does not; other
    /// columns are untouched. Every fixture: dictionary and plain pages, v1
    /// and v2, every codec, delta encodings, nulls, several row groups.
    @Test(arguments: ParquetTestUtils.fixtureNames)
    func textReadAsTimesMatchesTextParsedAfterwards(_ name: String) throws {
        // A stand-in parser: some texts are "times", the others are not.
        let parse: @Sendable (UnsafeBufferPointer<UInt8>) -> Int64? = { text in
            guard let first = text.first, first % 3 != 0 else { return nil }
            return Int64(text.count) * 1000 + Int64(first)
        }
        let plain = try ParquetReader(path: ParquetTestUtils.fixturePath(name))
        let manifest = try ParquetTestUtils.manifest(name)
        let readable = try #require(manifest["columns"] as? [[String: Any]]).filter { $0["unsupported"] as? Bool != true }
        let positions = manifest["columnIndices"] as? [String: Int]
        let indices = try readable.map { column -> Int in
            let columnName = try #require(column["name"] as? String)
            return try positions?[columnName] ?? plain.columnIndex(named: columnName)
        }
        let text = Set(indices.filter { plain.columns[$0].kind == .text })
        let parsing = try ParquetReader(path: ParquetTestUtils.fixturePath(name))
        var parsedTexts = 0, keptTexts = 0
        while let batch = try plain.nextBatch(columns: indices) {
            let other = try #require(try parsing.nextBatch(columns: indices, times: TimeTextParser(columns: text, parse: parse)))
            #expect(other.rowCount == batch.rowCount)
            for (position, index) in indices.enumerated() {
                for row in 0 ..< batch.rowCount {
                    let value = batch.columns[position].value(at: row)
                    var expected = value
                    if text.contains(index), case .text(let string) = value {
                        var copy = string
                        if let time = copy.withUTF8(parse) {
                            expected = .time(time)
                            parsedTexts += 1
                        } else {
                            keptTexts += 1
                        }
                    }
                    #expect(other.columns[position].value(at: row) == expected, "\(name) column \(index) row \(row)")
                }
            }
        }
        #expect(try parsing.nextBatch(columns: indices) == nil)
        if !text.isEmpty && plain.rowCount ?? 0 > 0 { #expect(parsedTexts + keptTexts > 0) }

        // Keeping the text: the same text, and beside it each value's time.
        let again = try ParquetReader(path: ParquetTestUtils.fixturePath(name))
        let keeping = try ParquetReader(path: ParquetTestUtils.fixturePath(name))
        while let batch = try again.nextBatch(columns: indices) {
            let other = try #require(try keeping.nextBatch(columns: indices,
                                                           times: TimeTextParser(columns: text, keepsText: true, parse: parse)))
            for (position, index) in indices.enumerated() {
                #expect((other.columns[position].parsedTimes != nil) == text.contains(index))
                for row in 0 ..< batch.rowCount {
                    let value = batch.columns[position].value(at: row)
                    #expect(other.columns[position].value(at: row) == value, "\(name) column \(index) row \(row)")
                    guard text.contains(index), case .text(let string) = value else { continue }
                    var copy = string
                    #expect(Self.parsedTime(other.columns[position], row) == copy.withUTF8(parse) ?? TimeTextParser.notATime)
                }
            }
        }
    }

    /// A text chunk, read as times (`parse`) or as text, decodes to the same
    /// batch when its pages are cut into 2, 3 or 8 runs
    /// (``ColumnChunkReader/runs(of:count:)``), each decoded by a reader of
    /// its own from the bytes the first one read, and put back together
    /// (``ColumnChunkReader/assemble(_:_:dictionaryEntries:)``). Returns how
    /// many chunks were cut in more than one run.
    static func cutChunksDecodeAlike(_ path: String, columns: (ParquetColumnDescriptor) -> Bool = { _ in true },
                                     parse: (@Sendable (UnsafeBufferPointer<UInt8>) -> Int64?)?,
                                     keepingText: Bool = false) throws -> Int {
        let reader = try ParquetReader(path: path)
        let chunkReaders = (0 ..< 9).map { _ in ColumnChunkReader(file: reader.file, dataEnd: reader.dataEnd) }
        let times = parse.map { TimeTextParser(columns: [], keepsText: keepingText, parse: $0) }  // the chunk's own: columns unused
        var cut = 0
        var firstRow = 0
        for group in reader.rowGroups {
            let rows = Int(group.numRows)
            defer { firstRow += rows }
            for column in reader.descriptors where column.leafIndex != nil && column.conversion.kind == .text && columns(column) {
                let meta = group.columns[column.leafIndex!]
                let expected = ParquetTestUtils.Decoded.Column(try chunkReaders[0].read(column, meta, rowCount: rows, firstRow: firstRow,
                                                                                        times: times))
                guard case .pages(let plan) = try chunkReaders[0].prepare(column, meta, rowCount: rows, firstRow: firstRow, times: times)
                else { continue }
                for count in [2, 3, 8] {
                    let runs = ColumnChunkReader.runs(of: plan, count: count)
                    #expect(runs.count <= count && runs.first?.lowerBound == 0 && runs.last?.upperBound == plan.scan.pages.count)
                    #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty })
                    if count == 2 && runs.count > 1 { cut += 1 }
                    // Later runs first, on other readers: the first run's reader holds the bytes.
                    let later = try runs.indices.dropFirst().map { try chunkReaders[$0].decode(plan, run: runs[$0]) }
                    let first = try chunkReaders[0].decode(plan, run: runs[0])
                    let batch = ColumnChunkReader.assemble(first, later, dictionaryEntries: plan.scan.dictionaryEntries ?? 0)
                    #expect((batch.parsedTimes == nil) == !keepingText || parse == nil)
                    #expect(ParquetTestUtils.Decoded.Column(batch) == expected,
                            "\(path) \(column.source.name) rows from \(firstRow) in \(runs.count) runs")
                }
            }
        }
        return cut
    }

    /// The time the reader parsed for a row's value, when it kept the text too.
    static func parsedTime(_ batch: ColumnBatch, _ row: Int) -> Int64? {
        guard let times = batch.parsedTimes, batch.indices[row] >= 0 else { return nil }
        return times[Int(batch.indices[row])]
    }

    @Test(arguments: ParquetTestUtils.fixtureNames)
    func cutChunksDecodeAlike(_ name: String) throws {
        let parse: @Sendable (UnsafeBufferPointer<UInt8>) -> Int64? = { text in
            guard let first = text.first, first % 3 != 0 else { return nil }
            return Int64(text.count) * 1000 + Int64(first)
        }
        _ = try Self.cutChunksDecodeAlike(ParquetTestUtils.fixturePath(name), parse: parse)
        _ = try Self.cutChunksDecodeAlike(ParquetTestUtils.fixturePath(name), parse: nil)
        _ = try Self.cutChunksDecodeAlike(ParquetTestUtils.fixturePath(name), parse: parse, keepingText: true)
    }

    @Test func columnsNotAskedForAreNotDecoded() throws {
        let reader = try ParquetReader(path: ParquetTestUtils.fixturePath("types_zstd_v2_dict"))
        let batch = try #require(try reader.nextBatch(columns: []))
        #expect(batch.columns.isEmpty)
        #expect(batch.rowCount > 0)
        // The same column twice is decoded once and handed out twice.
        let f64 = try reader.columnIndex(named: "f64")
        let twice = try #require(try reader.nextBatch(columns: [f64, f64]))
        #expect(ParquetTestUtils.rows([twice], column: 0) == ParquetTestUtils.rows([twice], column: 1))
    }

    @Test func historyFileOpensParquet() throws {
        let reader = try HistoryFile.open(ParquetTestUtils.fixturePath("int96"))
        #expect(reader is ParquetReader)
        #expect(reader.columns.map(\.name) == ["legacy_ts", "id"])
    }
}
