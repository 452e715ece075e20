/// The values of one column chunk as they are decoded: the dictionary page's
/// entries first, then the values of any PLAIN (or delta) data pages, in
/// the typed storage of the column's ``ValueKind``.
///
/// Row indices point into these values, so a dictionary entry is stored
/// once however many rows use it. The chunk reader points the output
/// buffers at the arrays it hands out (``GrowableBuffer/collect(capacity:_:)``);
/// the scratch buffers are reused from one chunk to the next.
///
/// Times that do not fit in 64-bit nanoseconds are stored as 0 and their
/// value indices remembered in ``timeOverflows``: the chunk reader turns
/// the first one a row uses into an error naming that row.
final class ColumnValueBuilder {
    private(set) var conversion = ParquetValueConversion.int64
    let bytes = GrowableBuffer<UInt8>(capacity: 1 << 16)
    /// Text offsets: one more than the number of text values, starting at 0.
    let offsets = GrowableBuffer<Int32>(capacity: 1 << 10)
    /// Integers and times (nanoseconds).
    let integers = GrowableBuffer<Int64>()
    let doubles = GrowableBuffer<Double>()
    let booleans = GrowableBuffer<Bool>()
    /// Raw integers awaiting a conversion to doubles (DECIMAL), and delta-encoded lengths.
    let scratch = GrowableBuffer<Int64>()
    /// Value indices of times out of the 64-bit nanosecond range.
    var timeOverflows: [Int] = []
    /// For a text chunk read as times: how. Each page's text then waits in
    /// ``bytes`` and ``offsets`` only until ``parsePendingTimes()`` turns it
    /// into ``integers`` (and, unless the text is kept, forgets it).
    private(set) var times: TimeTextParser?
    /// The text of the values that are not times, by value index.
    private(set) var unparsedText: [Int32: String] = [:]
    /// The index of this builder's first value: the dictionary's size when
    /// it decodes a later run of a chunk cut into pieces, whose dictionary
    /// another builder holds (``ColumnChunkReader/decode(_:run:)``), else 0.
    var valueBase = 0

    /// Whether a text chunk read as times keeps its text: then ``integers``
    /// holds the time of each text value, beside it.
    private var keepsText: Bool { times?.keepsText ?? false }

    /// Empties the builder for a new column chunk; with `times` (given
    /// for text chunks only: the reader's plan decides) it is read as times
    /// (``TimeTextParser``).
    func reset(_ conversion: ParquetValueConversion, times: TimeTextParser? = nil) {
        self.conversion = conversion
        self.times = times
        unparsedText = [:]
        valueBase = 0
        bytes.removeAll()
        offsets.removeAll()
        offsets.appendReserved(0)
        integers.removeAll()
        doubles.removeAll()
        booleans.removeAll()
        scratch.removeAll()
        timeOverflows.removeAll(keepingCapacity: true)
    }

    /// The number of values stored so far.
    var count: Int {
        valueBase &+ storedCount
    }

    private var storedCount: Int {
        switch conversion.kind {
        case .text: (times == nil || keepsText ? 0 : integers.count) &+ offsets.count &- 1
        case .integer, .time: integers.count
        case .double: doubles.count
        case .boolean: booleans.count
        }
    }

    // MARK: Integers (INT32, INT64 and their annotations)

    /// Room for `n` raw integers (INT32 sign-extended, or INT64) that
    /// ``commitIntegers(_:)`` then converts in place.
    func rawIntegerSlots(_ n: Int) throws(ParquetDecodeError) -> UnsafeMutablePointer<Int64> {
        if case .decimal = conversion {
            scratch.count = 0
            try scratch.reserve(n)
            return scratch.base
        }
        try integers.reserve(n)
        return integers.base + integers.count
    }

    /// Converts and keeps the `n` raw integers written to ``rawIntegerSlots(_:)``.
    func commitIntegers(_ n: Int) throws(ParquetDecodeError) {
        let first = integers.count
        let values = integers.base + first
        switch conversion {
        case .uint32:
            for i in 0 ..< n { values[i] = Int64(UInt32(truncatingIfNeeded: values[i])) }
        case .date:
            scale(values, n, first: first, by: ParquetFormat.nanosecondsPerDay)
        case .timestamp(let perUnit):
            if perUnit != 1 { scale(values, n, first: first, by: perUnit) }
        case .decimal(let scale):
            try doubles.reserve(n)
            var divisor = 1.0
            for _ in 0 ..< scale { divisor *= 10 }
            let out = doubles.base + doubles.count
            let raw = scratch.base
            for i in 0 ..< n { out[i] = Double(raw[i]) / divisor }
            doubles.count &+= n
            return
        default:
            break
        }
        integers.count &+= n
    }

    private func scale(_ values: UnsafeMutablePointer<Int64>, _ n: Int, first: Int, by factor: Int64) {
        for i in 0 ..< n {
            let (product, overflow) = values[i].multipliedReportingOverflow(by: factor)
            values[i] = overflow ? 0 : product
            if overflow { timeOverflows.append(first &+ i) }
        }
    }

    /// Appends INT96 timestamps: 8 bytes of nanoseconds in the day, then a
    /// 4-byte Julian day, both little-endian (the Impala/Hive layout).
    func appendInt96(_ base: UnsafeRawPointer, count n: Int) throws(ParquetDecodeError) {
        try integers.reserve(n)
        let first = integers.count
        let out = integers.base + first
        for i in 0 ..< n {
            let nanos = Int64(littleEndian: base.loadUnaligned(fromByteOffset: i &* 12, as: Int64.self))
            let day = Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: i &* 12 &+ 8, as: Int32.self)))
            let (dayNanos, o1) = (day &- ParquetFormat.julianDayOfEpoch).multipliedReportingOverflow(by: ParquetFormat.nanosecondsPerDay)
            let (sum, o2) = dayNanos.addingReportingOverflow(nanos)
            out[i] = o1 || o2 ? 0 : sum
            if o1 || o2 { timeOverflows.append(first &+ i) }
        }
        integers.count &+= n
    }

    // MARK: Text

    /// Turns the text values decoded since the last call into times (a text
    /// chunk read as times; otherwise nothing to do), and forgets their
    /// text unless it is kept.
    func parsePendingTimes() throws(ParquetDecodeError) {
        guard let parseTime = times?.parse else { return }
        // Kept text: the values past those already parsed; else all the text there is.
        let firstText = keepsText ? integers.count : 0
        let pending = offsets.count &- 1 &- firstText
        guard pending > 0 else { return }
        try integers.reserve(pending)
        let first = integers.count
        let out = integers.base + first
        let text = bytes.base, ends = offsets.base + firstText
        for i in 0 ..< pending {
            let start = Int(ends[i])
            let value = UnsafeBufferPointer(start: text + start, count: Int(ends[i &+ 1]) &- start)
            if let time = parseTime(value) {
                out[i] = time
            } else {
                out[i] = TimeTextParser.notATime
                if !keepsText {
                    unparsedText[Int32(truncatingIfNeeded: valueBase &+ first &+ i)] = String(decoding: value, as: UTF8.self)
                }
            }
        }
        integers.count &+= pending
        if !keepsText {
            bytes.count = 0
            offsets.count = 1  // the leading 0
        }
    }

    /// Appends `n` values of `length` bytes each, stored back to back.
    func appendFixed(_ base: UnsafeRawPointer, count n: Int, length: Int) throws(ParquetDecodeError) {
        let total = n &* length
        try bytes.reserve(total)
        try offsets.reserve(n)
        UnsafeMutableRawPointer(bytes.base + bytes.count).copyMemory(from: base, byteCount: total)
        var end = bytes.count
        let out = offsets.base + offsets.count
        for i in 0 ..< n {
            end &+= length
            out[i] = Int32(truncatingIfNeeded: end)
        }
        bytes.count = end
        offsets.count &+= n
    }

    /// Appends `lengths.count` values whose bytes lie back to back at `base`.
    ///
    /// - Throws: `corrupt` for a negative length or more bytes than `available`.
    func appendConcatenated(_ base: UnsafeRawPointer, available: Int,
                            lengths: UnsafeBufferPointer<Int64>) throws(ParquetDecodeError) -> Int {
        var total: Int64 = 0
        for length in lengths {
            guard length >= 0, length <= Int64(available) &- total else {
                throw .corrupt("byte array lengths add up past the \(available) bytes of the page")
            }
            total &+= length
        }
        try bytes.reserve(Int(total))
        try offsets.reserve(lengths.count)
        UnsafeMutableRawPointer(bytes.base + bytes.count).copyMemory(from: base, byteCount: Int(total))
        var end = bytes.count
        let out = offsets.base + offsets.count
        for (i, length) in lengths.enumerated() {
            end &+= Int(length)
            out[i] = Int32(truncatingIfNeeded: end)
        }
        bytes.count = end
        offsets.count &+= lengths.count
        return Int(total)
    }
}
