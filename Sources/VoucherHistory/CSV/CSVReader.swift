/// Reads an RFC 4180 CSV file with a header row, streaming, in batches of
/// at most 65,536 rows.
///
/// Every column is text (`physicalType` `"text"`, no logical type, kind
/// ``ValueKind/text``). An unquoted empty field is null; a quoted empty
/// field (`""`) is the empty text. Quoted fields may hold commas, doubled
/// quotes and line breaks; lines end in CRLF or LF; a UTF-8 byte order mark
/// before the header is skipped; blank lines at the end are ignored.
///
/// The file is read in 1 MiB chunks; memory is bounded by one batch (the
/// columns asked for), not by the file. Malformed input throws
/// ``HistoryError`` with code `csvSyntax`, naming the 1-based line, the
/// 0-based data row and the byte offset; after an error every later call
/// throws it again. A reader is used by one thread at a time.
public final class CSVReader: HistoryReader {
    /// The path the reader was opened with.
    public let path: String
    /// `csv`, without codecs.
    public var format: HistoryFormat { HistoryFormat(name: "csv") }
    /// The header's columns, in file order, all text.
    public private(set) var columns: [SourceColumn] = []
    /// Always `nil`: a CSV file does not say how many rows it has.
    public var rowCount: Int? { nil }

    private let file: any ByteRangeSource
    private let chunkSize: Int
    private let batchRows: Int
    private var tokenizer: CSVTokenizer
    /// The current chunk, which starts at file offset `chunkOffset`.
    private var chunk: [UInt8] = []
    private var chunkOffset = 0
    /// The next byte of `chunk` to tokenize.
    private var position = 0
    /// The file offset of the next chunk.
    private var nextChunkOffset = 0
    private var finished = false
    private var failure: HistoryError?

    /// Opens `path` and reads its header row.
    ///
    /// - Throws: ``HistoryError``: `io` when the file cannot be read;
    ///   `csvSyntax` when it is empty, its header is malformed or blank, or
    ///   two columns share a name.
    public convenience init(path: String) throws {
        try self.init(path: path, chunkSize: CSVFormat.defaultChunkSize, batchRows: CSVFormat.maxBatchRows)
    }

    /// Opens `source` (a local file, or an object in storage, read in order
    /// chunk by chunk) and reads its header row.
    ///
    /// - Throws: like ``init(path:)``, and the source's own errors.
    public convenience init(source: any ByteRangeSource) throws {
        try self.init(source: source, chunkSize: CSVFormat.defaultChunkSize, batchRows: CSVFormat.maxBatchRows)
    }

    /// Opens `path` with a given chunk size and batch length (tests use small ones).
    package convenience init(path: String, chunkSize: Int, batchRows: Int) throws {
        try self.init(source: FileHandleReader(path: path), chunkSize: chunkSize, batchRows: batchRows)
    }

    init(source: any ByteRangeSource, chunkSize: Int, batchRows: Int) throws {
        let path = source.location
        self.path = path
        self.file = source
        self.chunkSize = max(1, chunkSize)
        self.batchRows = max(1, batchRows)
        self.tokenizer = CSVTokenizer(path: path)

        let bom = CSVFormat.byteOrderMark
        let head = try file.read(at: 0, count: min(bom.count, file.size))
        nextChunkOffset = head == bom ? bom.count : 0
        chunkOffset = nextChunkOffset

        var header = CSVBatchBuilder.header()
        try fill(&header)
        guard header.rowCount == 1 else {
            throw HistoryError(.csvSyntax, file: path, line: 1, offset: nextChunkOffset,
                               "empty file: no header row")
        }
        let names = header.columns[0]
        var columns: [SourceColumn] = []
        var seen: [String: Int] = [:]
        for (position, index) in names.indices.enumerated() {
            let name = index < 0 ? "" : names.values.string(at: Int(index))
            if let first = seen[name] {
                throw HistoryError(.csvSyntax, file: path, line: 1, offset: head == bom ? bom.count : 0,
                                   "duplicate column name '\(name)' in the header (columns \(first + 1) and \(position + 1))")
            }
            seen[name] = position
            columns.append(SourceColumn(name: name, physicalType: "text", logicalType: nil, kind: .text))
        }
        self.columns = columns
        tokenizer.beginData(fields: columns.count)
    }

    /// Reads the next batch of at most 65,536 rows.
    ///
    /// - Parameter columns: indices into ``columns``, in the order the batch
    ///   should hold them; the other columns are checked but not stored.
    /// - Returns: the batch, or `nil` after the last row.
    /// - Throws: ``HistoryError`` `csvSyntax` on a malformed row, `io` on a
    ///   failed read, `missingColumn` for an index out of range.
    public func nextBatch(columns requested: [Int]) throws -> HistoryBatch? {
        if let failure { throw failure }
        if let bad = requested.first(where: { !self.columns.indices.contains($0) }) {
            throw HistoryError(.missingColumn, file: path,
                               "no column number \(bad) (the file has \(self.columns.count) columns)")
        }
        if finished { return nil }
        let firstRow = tokenizer.rowsDone
        var builder = CSVBatchBuilder(fileColumnCount: self.columns.count, requested: requested, maxRows: batchRows)
        try fill(&builder)
        guard builder.rowCount > 0 else { return nil }
        return builder.makeBatch(firstRow: firstRow, requested: requested)
    }

    /// Tokenizes chunks into `builder` until it is full or the file ends.
    private func fill(_ builder: inout CSVBatchBuilder) throws {
        do {
            while !builder.isFull {
                if position == chunk.count {
                    if nextChunkOffset >= file.size {
                        if !finished {
                            try tokenizer.finish(into: &builder)
                            finished = true
                        }
                        return
                    }
                    let count = min(chunkSize, file.size - nextChunkOffset)
                    try file.read(at: nextChunkOffset, count: count, into: &chunk)
                    chunkOffset = nextChunkOffset
                    nextChunkOffset += count
                    position = 0
                }
                let base = chunkOffset, start = position
                position = try chunk.withUnsafeBufferPointer { bytes in
                    try tokenizer.parse(bytes, from: start, base: base, into: &builder)
                }
            }
        } catch let error as HistoryError {
            failure = error
            throw error
        }
    }
}
