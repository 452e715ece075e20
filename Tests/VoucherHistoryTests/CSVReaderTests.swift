import Testing
@testable import VoucherHistory

/// One RFC 4180 case: the file's text and what a reader must hand out.
struct CSVCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var columns: [String]
    var rows: [[String?]]

    var testDescription: String { name }
}

@Suite("CSVReader: RFC 4180")
struct CSVReaderTests {
    static let cases: [CSVCase] = [
        CSVCase(name: "LF line ends", text: "a,b\n1,2\n3,4\n", columns: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        CSVCase(name: "CRLF line ends", text: "a,b\r\n1,2\r\n3,4\r\n", columns: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        CSVCase(name: "mixed CRLF and LF", text: "a,b\r\n1,2\n3,4\r\n", columns: ["a", "b"], rows: [["1", "2"], ["3", "4"]]),
        CSVCase(name: "last line without a line break", text: "a,b\n1,2\n3,4", columns: ["a", "b"],
                rows: [["1", "2"], ["3", "4"]]),
        CSVCase(name: "quoted field with a comma", text: "a,b\n\"x,y\",2\n", columns: ["a", "b"], rows: [["x,y", "2"]]),
        CSVCase(name: "doubled quotes", text: "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", columns: ["a", "b"],
                rows: [["say \"hi\"", "\""]]),
        CSVCase(name: "line breaks inside quotes", text: "a,b\n\"l1\nl2\",\"c1\r\nc2\"\n3,4\n", columns: ["a", "b"],
                rows: [["l1\nl2", "c1\r\nc2"], ["3", "4"]]),
        CSVCase(name: "unquoted empty is null, quoted empty is empty", text: "a,b,c\n,\"\",x\n", columns: ["a", "b", "c"],
                rows: [[nil, "", "x"]]),
        CSVCase(name: "trailing comma is a null last field", text: "a,b\n1,\n,\n", columns: ["a", "b"],
                rows: [["1", nil], [nil, nil]]),
        CSVCase(name: "quoted last field at end of file", text: "a,b\n1,\"\"", columns: ["a", "b"], rows: [["1", ""]]),
        CSVCase(name: "null last field at end of file", text: "a,b\n1,", columns: ["a", "b"], rows: [["1", nil]]),
        CSVCase(name: "byte order mark before the header", text: "\u{FEFF}a,b\n1,2\n", columns: ["a", "b"],
                rows: [["1", "2"]]),
        CSVCase(name: "byte order mark is only skipped at the start", text: "a\n\u{FEFF}x\n", columns: ["a"],
                rows: [["\u{FEFF}x"]]),
        CSVCase(name: "blank lines at the end are ignored", text: "a,b\n1,2\n\n\r\n\n", columns: ["a", "b"],
                rows: [["1", "2"]]),
        CSVCase(name: "one column: a blank line in the middle is a null row", text: "a\n1\n\n\r\n2\n\n",
                columns: ["a"], rows: [["1"], [nil], [nil], ["2"]]),
        CSVCase(name: "one column: a quoted empty line is the empty text", text: "a\n\"\"\n1\n", columns: ["a"],
                rows: [[""], ["1"]]),
        CSVCase(name: "header only", text: "a,b\n", columns: ["a", "b"], rows: []),
        CSVCase(name: "header only, no line break", text: "a,b", columns: ["a", "b"], rows: []),
        CSVCase(name: "quoted header names", text: "\"a,1\",\"b\"\"\"\n1,2\n", columns: ["a,1", "b\""],
                rows: [["1", "2"]]),
        CSVCase(name: "spaces are kept", text: "a,b\n 1 , 2\t\n", columns: ["a", "b"], rows: [[" 1 ", " 2\t"]]),
        CSVCase(name: "UTF-8 text", text: "país,名前\nPerú,東京\n", columns: ["país", "名前"], rows: [["Perú", "東京"]]),
        CSVCase(name: "quoted field ending in CRLF at the end", text: "a\n\"x\"\r\n", columns: ["a"], rows: [["x"]]),
    ]

    @Test(arguments: cases, CSVTestUtils.chunkSizes)
    func reads(_ csv: CSVCase, chunkSize: Int) throws {
        let contents = try CSVTestUtils.read(csv.text, chunkSize: chunkSize)
        #expect(contents.columns == csv.columns)
        #expect(contents.rows == csv.rows)
    }

    @Test func schemaIsTextWithoutRowCount() throws {
        try CSVTestUtils.withFile("timestamp,country_code\n2020-01-01,Peru\n") { path in
            let reader = try CSVReader(path: path)
            #expect(reader.path == path)
            #expect(reader.format == HistoryFormat(name: "csv"))
            #expect(reader.rowCount == nil)
            #expect(reader.columns == [
                SourceColumn(name: "timestamp", physicalType: "text", logicalType: nil, kind: .text),
                SourceColumn(name: "country_code", physicalType: "text", logicalType: nil, kind: .text),
            ])
            #expect(try reader.columnIndex(named: "country_code") == 1)
        }
    }

    @Test func historyFileOpensCSV() throws {
        try CSVTestUtils.withFile("a,b\n1,2\n") { path in
            let reader = try HistoryFile.open(path)
            #expect(reader is CSVReader)
        }
    }

    @Test func batchIsInDictionaryForm() throws {
        try CSVTestUtils.withFile("a,b\nx,\ny,\"\"\n,z\n") { path in
            let batch = try #require(try CSVReader(path: path).nextBatch(columns: [0, 1]))
            #expect(batch.firstRow == 0 && batch.rowCount == 3)
            guard case .text(let a) = batch.columns[0].values, case .text(let b) = batch.columns[1].values else {
                Issue.record("CSV columns must be text")
                return
            }
            #expect(a == TextValues(bytes: Array("xy".utf8), offsets: [0, 1, 2]))
            #expect(batch.columns[0].indices == [0, 1, -1])
            #expect(b == TextValues(bytes: Array("z".utf8), offsets: [0, 0, 1]))
            #expect(batch.columns[1].indices == [-1, 0, 1])
        }
    }

    @Test func columnsInTheOrderAsked() throws {
        try CSVTestUtils.withFile("a,b,c\n1,2,3\n4,5,6\n") { path in
            let reader = try CSVReader(path: path)
            let batch = try #require(try reader.nextBatch(columns: [2, 0, 2]))
            #expect((0 ..< 2).map { row in batch.columns.map { $0.value(at: row) } } == [
                [.text("3"), .text("1"), .text("3")],
                [.text("6"), .text("4"), .text("6")],
            ])
            #expect(try reader.nextBatch(columns: [2, 0, 2]) == nil)
        }
    }

    @Test func noColumnsStillCountsRows() throws {
        let rows = try CSVTestUtils.withFile("a,b\n1,2\n3,4\n") { path in
            try CSVReader(path: path).nextBatch(columns: [])?.rowCount
        }
        #expect(rows == 2)
    }

    @Test func columnIndexOutOfRangeThrows() throws {
        try CSVTestUtils.withFile("a,b\n1,2\n") { path in
            let reader = try CSVReader(path: path)
            #expect { try reader.nextBatch(columns: [2]) } throws: { error in
                (error as? HistoryError)?.code == .missingColumn
            }
        }
    }

    @Test func moreRowsThanOneBatch() throws {
        let count = CSVFormat.maxBatchRows * 2 + 5
        var text = "n,half\n"
        for i in 0 ..< count { text += "\(i),\(i % 2 == 0 ? "\"even\"" : "")\n" }
        let contents = try CSVTestUtils.read(text)
        #expect(contents.batches == [[0, 65_536], [65_536, 65_536], [131_072, 5]])
        #expect(contents.rows.count == count)
        #expect(contents.rows.enumerated().allSatisfy { i, row in
            row == [String(i), i % 2 == 0 ? "even" : nil]
        })
    }

    /// Blank rows of a one-column file are held back until a row follows; a batch may fill up among them.
    @Test(arguments: [1, 2, 3])
    func pendingBlankLinesAcrossBatches(batchRows: Int) throws {
        let contents = try CSVTestUtils.read("a\n1\n\n\n\n2\n\n", chunkSize: 2, batchRows: batchRows)
        #expect(contents.rows == [["1"], [nil], [nil], [nil], ["2"]])
        #expect(contents.batches.map { $0[1] }.reduce(0, +) == 5)
        #expect(contents.batches.allSatisfy { $0[1] <= batchRows })
        #expect(contents.batches.map { $0[0] } == Array(stride(from: 0, to: 5, by: batchRows)))
    }

    @Test(arguments: [1, 5, 1000, 1024, 4096])
    func quotedFieldSpanningChunks(chunkSize: Int) throws {
        var long = ""
        for i in 0 ..< 500 { long += "part \(i), \"quoted\"\r\nnext line\n" }
        let escaped = long.replacingOccurrences(of: "\"", with: "\"\"")
        let text = "id,note,tail\r\n1,\"\(escaped)\",x\r\n2,\"\",\"\"\r\n"
        let contents = try CSVTestUtils.read(text, chunkSize: chunkSize, batchRows: 1)
        #expect(contents.rows == [["1", long, "x"], ["2", "", ""]])
        #expect(contents.batches == [[0, 1], [1, 1]])
    }

    @Test func endsWithNilAndStaysEnded() throws {
        try CSVTestUtils.withFile("a\n1\n") { path in
            let reader = try CSVReader(path: path)
            #expect(try reader.nextBatch(columns: [0])?.rowCount == 1)
            #expect(try reader.nextBatch(columns: [0]) == nil)
            #expect(try reader.nextBatch(columns: [0]) == nil)
        }
    }
}
