/// The RFC 4180 state machine: splits bytes into fields and rows, chunk by
/// chunk, and hands each field's bytes to a ``CSVBatchBuilder``.
///
/// It keeps its state between chunks, so a field, a quoted line break or a
/// CRLF may straddle a chunk boundary. It tracks the 1-based line, the
/// 0-based data row and byte offsets for error messages. See ``CSVFormat``
/// for the dialect.
struct CSVTokenizer {
    private enum State {
        /// Before the first byte of a field (and, with `fieldIndex == 0`, of a row).
        case fieldStart
        /// Inside an unquoted field that has at least one byte.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// After a quote inside a quoted field: a second quote, or the field's end.
        case quoteInQuoted
        /// After a CR outside quotes: only LF may follow.
        case carriageReturn
    }

    /// The file, for errors.
    let path: String
    /// Fields per data row; `nil` while the header row is read.
    private(set) var expectedFields: Int?
    private var state = State.fieldStart
    /// Fields completed in the current row.
    private var fieldIndex = 0
    /// The builder column the current field goes to, or `-1`.
    private var slot = -1
    /// The 1-based line of the next byte.
    private(set) var line = 1
    /// Data rows completed (the header is not one).
    private(set) var rowsDone = 0
    private var rowStartLine = 1
    private var rowStartOffset = 0
    private var quoteLine = 1
    private var quoteOffset = 0
    private var carriageReturnOffset = 0
    /// Whether the pending CR ends a blank line rather than a row.
    private var carriageReturnEndsBlankLine = false
    /// Blank lines seen but not yet known to be in the middle of the file.
    private var pendingBlankLines = 0
    private var firstBlankLine = 0
    private var firstBlankOffset = 0

    init(path: String) { self.path = path }

    /// Switches from the header row to data rows of `fields` fields.
    mutating func beginData(fields: Int) { expectedFields = fields }

    /// Tokenizes `bytes[start...]`, whose first byte is at file offset `base`.
    ///
    /// - Returns: the index in `bytes` where it stopped: `bytes.count`, or
    ///   the start of the next row once `builder` is full.
    /// - Throws: ``HistoryError`` `csvSyntax` on a malformed row.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, base: Int,
                        into builder: inout CSVBatchBuilder) throws -> Int {
        var i = start
        let n = bytes.count
        while i < n {
            switch state {
            case .fieldStart:
                let byte = bytes[i]
                if fieldIndex == 0 {
                    if byte == CSVFormat.lineFeed {
                        try noteBlankLine(offset: base + i)
                        line += 1
                        i += 1
                        continue
                    }
                    if byte == CSVFormat.carriageReturn {
                        carriageReturnEndsBlankLine = true
                        carriageReturnOffset = base + i
                        state = .carriageReturn
                        i += 1
                        continue
                    }
                    if pendingBlankLines > 0 {
                        guard try flushBlankLines(into: &builder) else { return i }
                    }
                    rowStartLine = line
                    rowStartOffset = base + i
                }
                slot = builder.slot(forField: fieldIndex)
                switch byte {
                case CSVFormat.comma, CSVFormat.lineFeed, CSVFormat.carriageReturn:
                    i += 1
                    if try endField(at: byte, offset: base + i - 1, isNull: true, into: &builder) { return i }
                case CSVFormat.quote:
                    quoteLine = line
                    quoteOffset = base + i
                    state = .quoted
                    i += 1
                default:
                    state = .unquoted
                }

            case .unquoted:
                var j = i
                while j < n {
                    let byte = bytes[j]
                    if byte == CSVFormat.comma || byte == CSVFormat.lineFeed
                        || byte == CSVFormat.carriageReturn || byte == CSVFormat.quote { break }
                    j += 1
                }
                try append(bytes, i ..< j, base: base, into: &builder)
                i = j
                guard j < n else { break }
                switch bytes[j] {
                case CSVFormat.comma, CSVFormat.lineFeed, CSVFormat.carriageReturn:
                    i += 1
                    if try endField(at: bytes[j], offset: base + j, isNull: false, into: &builder) { return i }
                default:  // a quote
                    throw syntaxError(line: line, offset: base + j,
                                      "a quote inside an unquoted field (field \(fieldIndex + 1)); quote the whole field and double the quote")
                }

            case .quoted:
                var j = i
                while j < n {
                    let byte = bytes[j]
                    if byte == CSVFormat.quote { break }
                    if byte == CSVFormat.lineFeed { line += 1 }
                    j += 1
                }
                try append(bytes, i ..< j, base: base, into: &builder)
                i = j
                guard j < n else { break }
                state = .quoteInQuoted
                i += 1

            case .quoteInQuoted:
                switch bytes[i] {
                case CSVFormat.quote:
                    try append(bytes, i ..< i + 1, base: base, into: &builder)
                    state = .quoted
                    i += 1
                case CSVFormat.comma, CSVFormat.lineFeed, CSVFormat.carriageReturn:
                    i += 1
                    if try endField(at: bytes[i - 1], offset: base + i - 1, isNull: false, into: &builder) { return i }
                default:
                    throw syntaxError(line: line, offset: base + i,
                                      "unexpected character after the closing quote of field \(fieldIndex + 1) (a quote inside a quoted field is written as two quotes)")
                }

            case .carriageReturn:
                guard bytes[i] == CSVFormat.lineFeed else { throw bareCarriageReturn() }
                state = .fieldStart
                if carriageReturnEndsBlankLine {
                    carriageReturnEndsBlankLine = false
                    try noteBlankLine(offset: carriageReturnOffset)
                    line += 1
                    i += 1
                } else {
                    line += 1
                    i += 1
                    try endRow(into: &builder)
                    if builder.isFull { return i }
                }
            }
        }
        return i
    }

    /// Ends the input: completes a last row without a line break and drops trailing blank lines.
    ///
    /// - Throws: ``HistoryError`` `csvSyntax` for a quote left open or a CR at the very end.
    mutating func finish(into builder: inout CSVBatchBuilder) throws {
        switch state {
        case .fieldStart:
            pendingBlankLines = 0
            guard fieldIndex > 0 else { return }  // at a row start: nothing left
            slot = builder.slot(forField: fieldIndex)
            endField(isNull: true, into: &builder)
        case .unquoted, .quoteInQuoted:
            endField(isNull: false, into: &builder)
        case .quoted:
            throw syntaxError(line: quoteLine, offset: quoteOffset,
                              "unterminated quoted field (field \(fieldIndex + 1)): the quote opened here is never closed")
        case .carriageReturn:
            throw bareCarriageReturn()
        }
        state = .fieldStart
        try endRow(into: &builder)
    }

    // MARK: - Steps

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, base: Int,
                                 into builder: inout CSVBatchBuilder) throws {
        guard slot >= 0, !range.isEmpty else { return }
        guard builder.append(UnsafeBufferPointer(rebasing: bytes[range]), toSlot: slot) else {
            throw HistoryError(.unsupported, file: path, row: expectedFields == nil ? nil : rowsDone,
                               line: line, offset: base + range.lowerBound,
                               "field \(fieldIndex + 1) holds more than 2 GiB of text in one batch (an unterminated quote?)")
        }
    }

    private mutating func endField(isNull: Bool, into builder: inout CSVBatchBuilder) {
        if slot >= 0 { builder.endField(slot: slot, isNull: isNull) }
        fieldIndex += 1
    }

    /// Ends the current field at its terminator, a comma, LF or CR at file
    /// byte `offset`: the next field starts, the row ends (LF), or a CR
    /// waits for its LF. Returns true when the row ended and the batch is full.
    private mutating func endField(at terminator: UInt8, offset: Int, isNull: Bool,
                                   into builder: inout CSVBatchBuilder) throws -> Bool {
        endField(isNull: isNull, into: &builder)
        switch terminator {
        case CSVFormat.comma:
            state = .fieldStart
        case CSVFormat.lineFeed:
            state = .fieldStart
            line += 1
            try endRow(into: &builder)
            return builder.isFull
        default:  // CR
            beginCarriageReturn(offset: offset)
        }
        return false
    }

    private mutating func beginCarriageReturn(offset: Int) {
        carriageReturnEndsBlankLine = false
        carriageReturnOffset = offset
        state = .carriageReturn
    }

    private mutating func endRow(into builder: inout CSVBatchBuilder) throws {
        if let expected = expectedFields {
            guard fieldIndex == expected else {
                throw syntaxError(line: rowStartLine, offset: rowStartOffset,
                                  "expected \(expected) field\(expected == 1 ? "" : "s"), got \(fieldIndex)")
            }
            rowsDone += 1
        }
        fieldIndex = 0
        builder.endRow()
    }

    /// A line break at a row start: a blank line, kept pending until a row follows it.
    private mutating func noteBlankLine(offset: Int) throws {
        guard expectedFields != nil else {
            throw syntaxError(line: line, offset: offset, "the header line is blank")
        }
        if pendingBlankLines == 0 {
            firstBlankLine = line
            firstBlankOffset = offset
        }
        pendingBlankLines += 1
    }

    /// A row follows blank lines: with one column they are null rows, otherwise an error.
    ///
    /// - Returns: `false` when `builder` is full, so the row that follows goes to the next batch.
    private mutating func flushBlankLines(into builder: inout CSVBatchBuilder) throws -> Bool {
        guard expectedFields == 1 else {
            throw syntaxError(line: firstBlankLine, offset: firstBlankOffset,
                              "expected \(expectedFields ?? 0) fields, got 1: the line is blank (blank lines are allowed only at the end of the file)")
        }
        while pendingBlankLines > 0 {
            if builder.isFull { return false }
            slot = builder.slot(forField: 0)
            endField(isNull: true, into: &builder)
            try endRow(into: &builder)
            pendingBlankLines -= 1
        }
        return !builder.isFull
    }

    private func bareCarriageReturn() -> HistoryError {
        syntaxError(line: line, offset: carriageReturnOffset,
                    "a carriage return outside quotes must be followed by a line feed")
    }

    private func syntaxError(line: Int, offset: Int, _ message: String) -> HistoryError {
        HistoryError(.csvSyntax, file: path, row: expectedFields == nil ? nil : rowsDone,
                     line: line, offset: offset, message)
    }
}
