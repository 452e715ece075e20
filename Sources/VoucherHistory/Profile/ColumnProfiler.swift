#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
/// Accumulates one column's ``ColumnProfile`` batch by batch.
///
/// Work is done per dictionary entry that some row uses: entries no row
/// uses are skipped, and each used entry is counted, compared and hashed
/// once per batch (values repeating across batches are merged by the
/// distinct sets). Memory: the distinct sets, which stop growing at the
/// bound, plus one use count per dictionary entry of the current batch.
package struct ColumnProfiler {
    /// A value in a form that compares without allocating per row.
    enum Key {
        case text([UInt8])
        case integer(Int64)
        /// Stored with -0.0 as 0.0 and every NaN as the same NaN, so equal values have equal keys.
        case double(Double)
        case time(Int64)
        case boolean(Bool)

        var value: HistoryValue {
            switch self {
            case .text(let bytes): .text(String(decoding: bytes, as: UTF8.self))
            case .integer(let v): .integer(v)
            case .double(let v): .double(v)
            case .time(let v): .time(v)
            case .boolean(let v): .boolean(v)
            }
        }
    }

    let column: SourceColumn
    let distinctLimit: Int
    let exampleLimit = 3
    private(set) var nulls = 0
    private(set) var emptyStrings = 0
    private var textSet = ByteStringSet()
    private var numberSet = Set<UInt64>()
    private var distinctIsExact = true
    private var minKey: Key?
    private var maxKey: Key?
    private var examples: [Key] = []

    package init(column: SourceColumn, distinctLimit: Int) {
        self.column = column
        self.distinctLimit = max(0, distinctLimit)
    }

    /// Adds one batch of this column.
    ///
    /// - Throws: ``HistoryError`` `corrupt` when an index points past the values.
    package mutating func add(_ batch: ColumnBatch, file: String) throws {
        let valueCount = batch.values.count
        var uses = [UInt32](repeating: 0, count: valueCount)  // 4 bytes a value: a timestamp column has one per row
        var nulls = 0
        for index in batch.indices {
            if index < 0 {
                nulls += 1
            } else if Int(index) < valueCount {
                uses[Int(index)] &+= 1
            } else {
                throw HistoryError(.corrupt, file: file, column: column.name,
                                   "value index \(index) is past the batch's \(valueCount) values")
            }
        }
        self.nulls += nulls
        switch batch.values {
        case .text(let text): addText(text, uses: uses)
        case .integer(let values):
            addNumbers(values, uses: uses, bits: { UInt64(bitPattern: $0) }, ordered: { _ in true }, key: Key.integer)
        case .time(let values):
            addNumbers(values, uses: uses, bits: { UInt64(bitPattern: $0) }, ordered: { _ in true }, key: Key.time)
        case .double(let values):
            addNumbers(values.map(Self.canonical), uses: uses, bits: { $0.bitPattern }, ordered: { !$0.isNaN },
                       key: Key.double)
        case .boolean(let values):
            addNumbers(values.map { $0 ? 1 : 0 } as [UInt64], uses: uses, bits: { $0 }, ordered: { _ in true },
                       key: { Key.boolean($0 != 0) })
        }
        if examples.count < exampleLimit { addExamples(batch) }
    }

    /// The profile so far.
    package var profile: ColumnProfile {
        ColumnProfile(column: column, nulls: nulls, emptyStrings: column.kind == .text ? emptyStrings : nil,
                      distinctCount: distinctIsExact ? textSet.count + numberSet.count : distinctLimit,
                      distinctIsExact: distinctIsExact, min: minKey?.value, max: maxKey?.value,
                      examples: examples.map(\.value))
    }

    // MARK: - Per kind

    private mutating func addText(_ text: TextValues, uses: [UInt32]) {
        text.bytes.withUnsafeBufferPointer { bytes in
            text.offsets.withUnsafeBufferPointer { offsets in
                var lowest: UnsafeBufferPointer<UInt8>? = nil, highest: UnsafeBufferPointer<UInt8>? = nil
                for entry in uses.indices where uses[entry] > 0 {
                    let start = Int(offsets[entry]), end = Int(offsets[entry + 1])
                    guard 0 <= start, start <= end, end <= bytes.count else { continue }
                    let value = UnsafeBufferPointer(rebasing: bytes[start ..< end])
                    if value.isEmpty { emptyStrings += Int(uses[entry]) }
                    if distinctIsExact {
                        textSet.insert(value)
                        if textSet.count > distinctLimit { stopCounting() }
                    }
                    if lowest.map({ Self.bytes(value, precede: $0) }) ?? true { lowest = value }
                    if highest.map({ Self.bytes($0, precede: value) }) ?? true { highest = value }
                }
                if let lowest, minKey.map({ Self.precedes(lowest, $0) }) ?? true { minKey = .text(Array(lowest)) }
                if let highest, maxKey.map({ Self.follows(highest, $0) }) ?? true { maxKey = .text(Array(highest)) }
            }
        }
    }

    private mutating func addNumbers<T: Comparable>(_ values: [T], uses: [UInt32], bits: (T) -> UInt64,
                                                    ordered: (T) -> Bool, key: (T) -> Key) {
        var lowest: T? = nil, highest: T? = nil
        for entry in uses.indices where uses[entry] > 0 {
            let value = values[entry]
            if distinctIsExact {
                numberSet.insert(bits(value))
                if numberSet.count > distinctLimit { stopCounting() }
            }
            guard ordered(value) else { continue }
            if lowest.map({ value < $0 }) ?? true { lowest = value }
            if highest.map({ value > $0 }) ?? true { highest = value }
        }
        if let lowest, minKey.map({ Self.less(key(lowest), $0) }) ?? true { minKey = key(lowest) }
        if let highest, maxKey.map({ Self.less($0, key(highest)) }) ?? true { maxKey = key(highest) }
    }

    private mutating func addExamples(_ batch: ColumnBatch) {
        for index in batch.indices where index >= 0 {
            if examples.contains(where: { Self.key($0, matches: batch.values, at: Int(index)) }) { continue }
            examples.append(Self.key(batch.values, at: Int(index)))
            if examples.count >= exampleLimit { return }
        }
    }

    private mutating func stopCounting() {
        distinctIsExact = false
        textSet = ByteStringSet()
        numberSet = []
    }

    // MARK: - Keys

    private static func canonical(_ value: Double) -> Double {
        value.isNaN ? .nan : (value == 0 ? 0 : value)
    }

    private static func key(_ values: ColumnValues, at index: Int) -> Key {
        switch values {
        case .text(let text): .text(text.withBytes(at: index) { Array($0) })
        case .integer(let v): .integer(v[index])
        case .double(let v): .double(canonical(v[index]))
        case .time(let v): .time(v[index])
        case .boolean(let v): .boolean(v[index])
        }
    }

    /// Whether `key` equals value `index` of `values`, without allocating.
    private static func key(_ key: Key, matches values: ColumnValues, at index: Int) -> Bool {
        switch (key, values) {
        case (.text(let bytes), .text(let text)): text.withBytes(at: index) { $0.elementsEqual(bytes) }
        case (.integer(let x), .integer(let v)), (.time(let x), .time(let v)): x == v[index]
        case (.double(let x), .double(let v)): x.bitPattern == canonical(v[index]).bitPattern
        case (.boolean(let x), .boolean(let v)): x == v[index]
        default: false
        }
    }

    /// Byte order, as `lexicographicallyPrecedes` but through `memcmp` (the
    /// generic one costs tens of instructions a byte, and a `timestamp`
    /// column compares hundreds of thousands of values).
    @inline(__always)
    static func bytes(_ a: UnsafeBufferPointer<UInt8>, precede b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }

    private static func precedes(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Key) -> Bool {
        guard case .text(let other) = key else { return true }
        return bytes.lexicographicallyPrecedes(other)
    }

    private static func follows(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Key) -> Bool {
        guard case .text(let other) = key else { return true }
        return other.lexicographicallyPrecedes(bytes)
    }

    /// Order within a kind; a batch whose kind differs from the last one's replaces it.
    private static func less(_ a: Key, _ b: Key) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)), (.time(let x), .time(let y)): x < y
        case (.double(let x), .double(let y)): x < y
        case (.boolean(let x), .boolean(let y)): !x && y
        case (.text(let x), .text(let y)): x.lexicographicallyPrecedes(y)
        default: true
        }
    }
}
