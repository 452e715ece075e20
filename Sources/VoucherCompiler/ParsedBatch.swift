import VoucherHistory
import VoucherTable

/// A batch's six columns parsed into the values behaviour §2 checks, each
/// distinct (dictionary) value parsed once.
///
/// Invalid values are sentinels: a negative number for the whole numbers,
/// ``noTime`` for times, a negative spelling id for the country.
public struct ParsedBatch: Sendable {
    /// The sentinel of a missing or unparseable time.
    public static let noTime = Int64.min

    // Usable from inlinable code: the accessors below inline into other
    // modules' row loops (the report's tallies).
    @usableFromInline let timestamps: Column<Int64>
    @usableFromInline let spellings: Column<Int32>
    @usableFromInline let lastOrders: Column<Int64>
    @usableFromInline let firstOrders: Column<Int64>
    @usableFromInline let orders: Column<Int64>
    @usableFromInline let amounts: Column<Int64>

    /// Parses the batch's columns, in ``HistoryCompiler``'s column order,
    /// interning country spellings into `countries`; a time column's
    /// text on `parallelism`'s threads.
    init(_ batch: HistoryBatch, countries: inout CountryTable, parallelism: Parallelism = .serial) {
        let c = batch.columns
        timestamps = Self.times(c[0], parallelism)
        spellings = Column(c[1], invalid: -1) { countries.intern($0) }
        lastOrders = Self.times(c[2], parallelism)
        firstOrders = Self.times(c[3], parallelism)
        orders = Column(c[4], invalid: -1, Self.parseWholeNumbers)
        amounts = Column(c[5], invalid: -1, Self.parseWholeNumbers)
    }

    /// `timestamp` of a row (ns since the epoch), or ``noTime``.
    @inlinable @inline(__always) public func timestamp(_ row: Int) -> Int64 { timestamps[row] }
    /// `last_order_ts` of a row, or ``noTime``.
    @inlinable @inline(__always) public func lastOrder(_ row: Int) -> Int64 { lastOrders[row] }
    /// `first_order_ts` of a row, or ``noTime``.
    @inlinable @inline(__always) public func firstOrder(_ row: Int) -> Int64 { firstOrders[row] }
    /// `total_orders` of a row, or -1 when it is not a whole number ≥ 0.
    @inlinable @inline(__always) public func totalOrders(_ row: Int) -> Int64 { orders[row] }
    /// `voucher_amount` of a row, or -1 when it is not a whole number ≥ 0.
    @inlinable @inline(__always) public func amount(_ row: Int) -> Int64 { amounts[row] }
    /// The country spelling id of a row, or -1 when missing or blank.
    @inlinable @inline(__always) public func spelling(_ row: Int) -> Int32 { spellings[row] }
    /// The index of a row's `voucher_amount` among ``amountValues`` (-1 for null).
    @inline(__always) func amountValueIndex(_ row: Int) -> Int32 { amounts.indices[row] }
    /// The parsed distinct `voucher_amount` values of the batch (-1 for invalid ones).
    var amountValues: [Int64] { amounts.values }

    // MARK: - Parsing each stored value once

    /// A time column: the times the reader parsed while decoding (beside
    /// the text it kept), or the values parsed here.
    private static func times(_ batch: ColumnBatch, _ parallelism: Parallelism) -> Column<Int64> {
        if let parsed = batch.parsedTimes { return Column(batch, values: parsed, invalid: noTime) }  // notATime is noTime
        return Column(batch, invalid: noTime) { parseTimes($0, parallelism) }
    }

    static func parseTimes(_ values: ColumnValues, _ parallelism: Parallelism = .serial) -> [Int64] {
        switch values {
        case .time(let times): return times
        case .text(let text):
            let count = text.count
            guard count >= 1 << 16 else { return text.map(parseTime) }
            // Hundreds of thousands of distinct times (a `timestamp` column):
            // a slice per thread, each written in place.
            return [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
                let slices = parallelism.threads, perSlice = (count + slices - 1) / slices
                let target = buffer.baseAddress!
                parallelism.forEach(slices) { s in
                    let rows = min(s * perSlice, count) ..< min((s + 1) * perSlice, count)
                    text.map(in: rows, into: target + rows.lowerBound, parseTime)
                }
                initialized = count
            }
        case .integer, .double, .boolean:
            return Array(repeating: noTime, count: values.count)
        }
    }

    @Sendable private static func parseTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
        TimeText.nanoseconds(bytes) ?? noTime
    }

    static func parseWholeNumbers(_ values: ColumnValues) -> [Int64] {
        switch values {
        case .integer(let numbers): return numbers.map { $0 >= 0 ? $0 : -1 }
        case .double(let numbers): return numbers.map { WholeNumber.parse($0) ?? -1 }
        case .text(let text):
            return text.map { WholeNumber.parse(text: $0) ?? -1 }
        case .time, .boolean:
            return Array(repeating: -1, count: values.count)
        }
    }

    /// A column's parsed values and per-row indices into them.
    @usableFromInline
    struct Column<T: Sendable>: Sendable {
        @usableFromInline let values: [T]
        @usableFromInline let indices: [Int32]
        @usableFromInline let invalid: T

        init(_ batch: ColumnBatch, invalid: T, _ parse: (ColumnValues) -> [T]) {
            self.init(batch, values: parse(batch.values), invalid: invalid)
        }

        init(_ batch: ColumnBatch, values: [T], invalid: T) {
            self.values = values
            self.indices = batch.indices
            self.invalid = invalid
        }

        @inlinable @inline(__always) subscript(row: Int) -> T {
            let index = Int(indices[row])
            return index < 0 ? invalid : values[index]
        }
    }
}
