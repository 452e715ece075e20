import Testing
@testable import VoucherHistory

/// One malformed file and the error it must raise: where, and in which words.
struct CSVErrorCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var row: Int?
    var line: Int
    var offset: Int
    var message: String

    var testDescription: String { name }
}

@Suite("CSVReader: errors")
struct CSVReaderErrorTests {
    static let blank = "the line is blank (blank lines are allowed only at the end of the file)"
    static let cases: [CSVErrorCase] = [
        CSVErrorCase(name: "too few fields", text: "a,b\n1,2\n3\n", row: 1, line: 3, offset: 8,
                     message: "expected 2 fields, got 1"),
        CSVErrorCase(name: "too many fields", text: "a,b\n1,2,3\n", row: 0, line: 2, offset: 4,
                     message: "expected 2 fields, got 3"),
        CSVErrorCase(name: "too few fields, CRLF", text: "a,b\r\n1\r\n", row: 0, line: 2, offset: 5,
                     message: "expected 2 fields, got 1"),
        CSVErrorCase(name: "too few fields in the last line without a line break", text: "a,b\n1,2\n3", row: 1,
                     line: 3, offset: 8, message: "expected 2 fields, got 1"),
        CSVErrorCase(name: "wrong count after a multi-line quoted field", text: "a,b\n\"x\ny\",2\n3\n", row: 1,
                     line: 4, offset: 12, message: "expected 2 fields, got 1"),
        CSVErrorCase(name: "offsets count the byte order mark", text: "\u{FEFF}a,b\n1\n", row: 0, line: 2, offset: 7,
                     message: "expected 2 fields, got 1"),
        CSVErrorCase(name: "blank line in the middle", text: "a,b\n1,2\n\n3,4\n", row: 1, line: 3, offset: 8,
                     message: "expected 2 fields, got 1: \(blank)"),
        CSVErrorCase(name: "blank CRLF line in the middle", text: "a,b\r\n1,2\r\n\r\n\r\n3,4\r\n", row: 1, line: 3,
                     offset: 10, message: "expected 2 fields, got 1: \(blank)"),
        CSVErrorCase(name: "unterminated quote", text: "a,b\n1,\"abc\n", row: 0, line: 2, offset: 6,
                     message: "unterminated quoted field (field 2): the quote opened here is never closed"),
        CSVErrorCase(name: "unterminated quote over several lines", text: "a\n1\n\"abc\ndef\n\n", row: 1, line: 3,
                     offset: 4, message: "unterminated quoted field (field 1): the quote opened here is never closed"),
        CSVErrorCase(name: "quote inside an unquoted field", text: "a,b\n1,ab\"c\n", row: 0, line: 2, offset: 8,
                     message: "a quote inside an unquoted field (field 2); quote the whole field and double the quote"),
        CSVErrorCase(name: "characters after a closing quote", text: "a,b\n\"ab\"c,2\n", row: 0, line: 2, offset: 8,
                     message: "unexpected character after the closing quote of field 1 (a quote inside a quoted field is written as two quotes)"),
        CSVErrorCase(name: "space after a closing quote", text: "a,b\n1,\"x\" \n", row: 0, line: 2, offset: 9,
                     message: "unexpected character after the closing quote of field 2 (a quote inside a quoted field is written as two quotes)"),
        CSVErrorCase(name: "carriage return without a line feed", text: "a,b\n1,2\r3,4\n", row: 0, line: 2, offset: 7,
                     message: "a carriage return outside quotes must be followed by a line feed"),
        CSVErrorCase(name: "carriage return at the end of the file", text: "a,b\n1,2\r", row: 0, line: 2, offset: 7,
                     message: "a carriage return outside quotes must be followed by a line feed"),
        CSVErrorCase(name: "duplicate column name", text: "a,b,a\n1,2,3\n", row: nil, line: 1, offset: 0,
                     message: "duplicate column name 'a' in the header (columns 1 and 3)"),
        CSVErrorCase(name: "duplicate empty column name", text: "\u{FEFF}a,,\n1,2,3\n", row: nil, line: 1, offset: 3,
                     message: "duplicate column name '' in the header (columns 2 and 3)"),
        CSVErrorCase(name: "quote inside an unquoted header name", text: "a,b\"\n", row: nil, line: 1, offset: 3,
                     message: "a quote inside an unquoted field (field 2); quote the whole field and double the quote"),
        CSVErrorCase(name: "empty file", text: "", row: nil, line: 1, offset: 0, message: "empty file: no header row"),
        CSVErrorCase(name: "byte order mark only", text: "\u{FEFF}", row: nil, line: 1, offset: 3,
                     message: "empty file: no header row"),
        CSVErrorCase(name: "blank header line", text: "\n1,2\n", row: nil, line: 1, offset: 0,
                     message: "the header line is blank"),
    ]

    @Test(arguments: cases, [1, 3, CSVFormat.defaultChunkSize])
    func reportsWhereAndWhat(_ csv: CSVErrorCase, chunkSize: Int) throws {
        let error = try #require(try CSVTestUtils.error(reading: csv.text, chunkSize: chunkSize))
        #expect(error.code == .csvSyntax)
        #expect(error.file == "FILE")
        #expect(error.row == csv.row)
        #expect(error.line == csv.line)
        #expect(error.offset == csv.offset)
        #expect(error.message == csv.message)
    }

    @Test func descriptionNamesFileRowLineAndByte() throws {
        let error = try #require(try CSVTestUtils.error(reading: "a,b\n1,2\n3\n"))
        #expect(error.description == "FILE: row 1: line 3: byte 8: expected 2 fields, got 1")
    }

    @Test func rowNumberCountsEarlierBatches() throws {
        var text = "a,b\n"
        for i in 0 ..< 7 { text += "\(i),x\n" }
        text += "oops\n"
        let error = try #require(try CSVTestUtils.error(reading: text, chunkSize: 5, batchRows: 2))
        #expect(error.row == 7)
        #expect(error.line == 9)
    }

    @Test func anErrorIsRaisedAgainOnTheNextCall() throws {
        try CSVTestUtils.withFile("a\n1\n\"x\n") { path in
            let reader = try CSVReader(path: path, chunkSize: 2, batchRows: 1)
            #expect(try reader.nextBatch(columns: [0])?.rowCount == 1)
            #expect(throws: HistoryError.self) { try reader.nextBatch(columns: [0]) }
            #expect(throws: HistoryError.self) { try reader.nextBatch(columns: [0]) }
        }
    }

    @Test func missingFileIsAnIOError() {
        #expect { try CSVReader(path: "/nonexistent/history.csv") } throws: { error in
            (error as? HistoryError)?.code == .io
        }
    }

    /// Random well-formed files, some with a random piece spliced in: never a
    /// trap, and the same rows or the same error whatever the chunk size and batch length.
    @Test func randomInputReadsTheSameWithEveryChunkSize() throws {
        let fields = ["a", "bc", "", "\"\"", "\"x,y\"", "\"say \"\"hi\"\"\"", "\"l1\r\nl2\"", "é", " "]
        let splices = [",", "\"", "\"\"", "\n", "\r\n", "\r", "x", "\n\n"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var outcomes: [String: Int] = [:]
        for _ in 0 ..< 300 {
            let width = 1 + next(3)
            var bytes: [UInt8] = next(4) == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0 ..< 1 + next(6) {
                let row = (0 ..< width).map { _ in fields[next(fields.count)] }.joined(separator: ",")
                bytes += Array((row + (next(2) == 0 ? "\n" : "\r\n")).utf8)
            }
            if next(3) == 0 { bytes.removeLast(next(2) + 1) }
            if next(2) == 0 { bytes.insert(contentsOf: Array(splices[next(splices.count)].utf8), at: next(bytes.count + 1)) }
            let text = String(decoding: bytes, as: UTF8.self)
            let reference = try Self.outcome(text, chunkSize: CSVFormat.defaultChunkSize, batchRows: 65_536)
            outcomes[reference.hasPrefix("error") ? "error" : "rows", default: 0] += 1
            for (chunkSize, batchRows) in [(1, 1), (2, 3), (3, 2)] {
                #expect(try Self.outcome(text, chunkSize: chunkSize, batchRows: batchRows) == reference,
                        "input \(text.debugDescription)")
            }
        }
        #expect(outcomes["error", default: 0] > 20 && outcomes["rows", default: 0] > 20)
    }

    private static func outcome(_ text: String, chunkSize: Int, batchRows: Int) throws -> String {
        if let error = try CSVTestUtils.error(reading: text, chunkSize: chunkSize, batchRows: batchRows) {
            return "error \(error.code) \(error)"
        }
        let contents = try CSVTestUtils.read(text, chunkSize: chunkSize, batchRows: batchRows)
        return "rows \(contents.columns) \(contents.rows)"
    }
}
