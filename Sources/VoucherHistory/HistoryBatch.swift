/// A run of consecutive rows: one Parquet row group, or a block of CSV rows.
public struct HistoryBatch: Sendable {
    /// The 0-based index, in the file, of the batch's first row.
    public var firstRow: Int
    /// The number of rows in the batch.
    public var rowCount: Int
    /// One entry per column asked for, in the order asked.
    public var columns: [ColumnBatch]

    public init(firstRow: Int, rowCount: Int, columns: [ColumnBatch]) {
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.columns = columns
    }
}

/// The values of one column over a batch, in a dictionary form.
///
/// `values` holds each value once where the file stores a dictionary (and
/// once per row where it does not); `indices` has one entry per row: the
/// index into `values`, or `-1` for null. A consumer that parses values
/// (text into times, say) parses `values` once and maps the indices, so a
/// dictionary-encoded column is parsed once per dictionary entry, not once
/// per row.
public struct ColumnBatch: Sendable {
    /// The distinct (dictionary) or per-row values.
    public var values: ColumnValues
    /// Per row: an index into `values`, or `-1` for null. `indices.count` is the batch's row count.
    public var indices: [Int32]
    /// For a text column read as times (``TimeTextParser``): the text of each
    /// value that is not a time, by index into `values` (whose entry is
    /// ``TimeTextParser/notATime``). Empty otherwise.
    public var unparsedText: [Int32: String]
    /// For a text column read as times that keeps its text
    /// (``TimeTextParser/keepsText``): the time of each of `values`
    /// (``TimeTextParser/notATime`` for text that is not one). Nil otherwise.
    public var parsedTimes: [Int64]?

    public init(values: ColumnValues, indices: [Int32], unparsedText: [Int32: String] = [:], parsedTimes: [Int64]? = nil) {
        self.values = values
        self.indices = indices
        self.unparsedText = unparsedText
        self.parsedTimes = parsedTimes
    }

    /// The value of row `row` (0-based within the batch); `.null` for null,
    /// the text of a value that was to be read as a time and is not one.
    public func value(at row: Int) -> HistoryValue {
        let index = indices[row]
        guard index >= 0 else { return .null }
        if !unparsedText.isEmpty, let text = unparsedText[index] { return .text(text) }
        return values.value(at: Int(index))
    }
}

/// Text columns to read as times while they are decoded, for a consumer
/// that needs the instants and not the text (the compiler, when nothing
/// else watches it): each page's text is parsed while it is in the cache
/// and never kept, but for values that are not times (``ColumnBatch/unparsedText``).
/// Such a column comes back as ``ColumnValues/time(_:)``. With `keepsText`
/// (a consumer that needs both, such as a compile with a report) it comes
/// back as text, with the times beside it (``ColumnBatch/parsedTimes``).
public struct TimeTextParser: Sendable {
    /// The time of a value that is not one.
    public static let notATime = Int64.min
    /// Indices (in ``HistoryReader/columns``) of the columns to read as times.
    public var columns: Set<Int>
    /// The instant a text stands for, in nanoseconds since 1970-01-01T00:00:00Z; nil when it is not a time.
    public var parse: @Sendable (UnsafeBufferPointer<UInt8>) -> Int64?
    /// Whether the text is kept too.
    public var keepsText: Bool

    public init(columns: Set<Int>, keepsText: Bool = false, parse: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Int64?) {
        self.columns = columns
        self.keepsText = keepsText
        self.parse = parse
    }
}

/// The stored values of a column, typed.
public enum ColumnValues: Sendable {
    case text(TextValues)
    case integer([Int64])
    case double([Double])
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    case time([Int64])
    case boolean([Bool])

    /// The number of stored values.
    public var count: Int {
        switch self {
        case .text(let v): v.count
        case .integer(let v): v.count
        case .double(let v): v.count
        case .time(let v): v.count
        case .boolean(let v): v.count
        }
    }

    /// Value `index` as a ``HistoryValue`` (slow path: allocates for text).
    public func value(at index: Int) -> HistoryValue {
        switch self {
        case .text(let v): .text(v.string(at: index))
        case .integer(let v): .integer(v[index])
        case .double(let v): .double(v[index])
        case .time(let v): .time(v[index])
        case .boolean(let v): .boolean(v[index])
        }
    }
}

/// Byte strings stored back to back: value `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
public struct TextValues: Sendable, Equatable {
    /// All values' bytes, concatenated.
    public var bytes: [UInt8]
    /// `count + 1` offsets into `bytes`; the first is 0, the last `bytes.count`.
    public var offsets: [Int32]

    public init() {
        bytes = []
        offsets = [0]
    }

    public init(bytes: [UInt8], offsets: [Int32]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    /// The number of values.
    public var count: Int { offsets.count - 1 }

    /// Appends one value.
    public mutating func append<C: Collection<UInt8>>(_ value: C) {
        bytes.append(contentsOf: value)
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Calls `body` with the bytes of value `index`, without copying them.
    public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(offsets[index]), end = Int(offsets[index + 1])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start ..< end])) }
    }

    /// Value `index` as a `String` (invalid UTF-8 is repaired with U+FFFD).
    public func string(at index: Int) -> String {
        withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }
}

/// One cell, typed; the slow, convenient form (tests, profiles, error messages).
public enum HistoryValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case text(String)
    case integer(Int64)
    case double(Double)
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    case time(Int64)
    case boolean(Bool)

    /// The value as a person reads it: text as is, times as ISO 8601 UTC
    /// with as many fraction digits as needed, `null` for null.
    public var description: String {
        switch self {
        case .null: "null"
        case .text(let s): s
        case .integer(let i): String(i)
        case .double(let d): String(d)
        case .time(let ns): HistoryValue.format(nanoseconds: ns)
        case .boolean(let b): String(b)
        }
    }

    /// Formats an instant as `YYYY-MM-DD HH:MM:SS[.fraction]` in UTC.
    public static func format(nanoseconds ns: Int64) -> String {
        let perDay: Int64 = 86_400_000_000_000
        var days = ns / perDay
        var rest = ns % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        let (y, m, d) = civilDate(fromDays: days)
        let secs = rest / 1_000_000_000, frac = rest % 1_000_000_000
        func pad(_ v: Int64, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2))"
        if frac != 0 {
            var f = pad(frac, 9)
            while f.hasSuffix("0") { f.removeLast() }
            out += "." + f
        }
        return out
    }

    /// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01
    /// (Howard Hinnant's `civil_from_days`).
    package static func civilDate(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension TextValues {
    /// `transform` applied to every value's bytes, in order, without copying them.
    @inlinable
    public func map<T>(_ transform: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> [T] {
        // Not through `unsafeUninitializedCapacity` when empty: with capacity
        // 0 it stores the count into the standard library's one shared empty
        // array, a data race between threads doing the same (ThreadSanitizer).
        guard count > 0 else { return [] }
        return try [T](unsafeUninitializedCapacity: count) { result, initialized in
            initialized = 0
            guard let target = result.baseAddress else { return }
            try map(in: 0 ..< count, into: target, transform)
            initialized = count
        }
    }

    /// `transform` applied to the bytes of the values at `indices`, in order,
    /// initializing `target[0 ..< indices.count]` (two threads can each fill
    /// their part of one array).
    @inlinable
    public func map<T>(in indices: Range<Int>, into target: UnsafeMutablePointer<T>,
                       _ transform: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows {
        precondition(indices.lowerBound >= 0 && indices.upperBound <= count, "indices out of range")
        try bytes.withUnsafeBufferPointer { bytes in
            try offsets.withUnsafeBufferPointer { offsets in
                for i in indices {
                    let value = UnsafeBufferPointer(rebasing: bytes[Int(offsets[i]) ..< Int(offsets[i + 1])])
                    (target + (i - indices.lowerBound)).initialize(to: try transform(value))
                }
            }
        }
    }
}
