/// A growable buffer of plain values that the Parquet reader reuses from one
/// page, column and row group to the next, so decoding allocates only when a
/// batch is larger than every one before it.
///
/// Callers ask for room (``reserve(_:)``), write through ``base`` and then
/// move ``count``. Sizes come from the file, so callers bound them before
/// asking (against page and chunk sizes); growth itself checks for overflow.
/// Not for concurrent use.
final class GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    /// The number of initialized elements.
    var count = 0

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { (owned?.base ?? base).deallocate() }

    /// The buffer's own memory while it writes into borrowed memory.
    private var owned: (base: UnsafeMutablePointer<Element>, capacity: Int)?

    /// Makes room for `additional` more elements after ``count``.
    ///
    /// - Throws: `corrupt` when the size overflows, exceeds `limit` elements,
    ///   or exceeds borrowed memory.
    @inline(__always)
    func reserve(_ additional: Int, limit: Int = Int(Int32.max)) throws(ParquetDecodeError) {
        let (needed, overflow) = count.addingReportingOverflow(additional)
        guard additional >= 0, !overflow, needed <= limit else {
            throw .corrupt("needs room for \(additional) more values after \(count), over the limit of \(limit)")
        }
        if needed > capacity {
            guard owned == nil else {
                throw .corrupt("decoded values need more than the \(capacity) the page headers allow")
            }
            grow(to: needed)
        }
    }

    /// Runs `body` with the buffer writing into the storage of a new array of
    /// `capacity` elements, and returns that array: values decoded straight
    /// into the array handed out, with no copy. Growth past `capacity` throws.
    func collect(capacity: Int, _ body: () throws -> Void) throws -> [Element] {
        try [Element](unsafeUninitializedCapacity: max(capacity, 1)) { storage, initialized in
            initialized = 0
            guard let start = storage.baseAddress else { return }
            owned = (base, self.capacity)
            base = start
            self.capacity = storage.count
            count = 0
            defer {
                initialized = count
                if let owned { (base, self.capacity) = owned }
                owned = nil
                count = 0
            }
            try body()
        }
    }

    private func grow(to needed: Int) {
        let doubled = capacity.multipliedReportingOverflow(by: 2)
        let newCapacity = doubled.overflow ? needed : max(needed, doubled.partialValue)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// The first ``count`` elements.
    var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// Appends one element (room must have been reserved).
    @inline(__always)
    func appendReserved(_ element: Element) {
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// A Swift array copy of the first ``count`` elements.
    func makeArray() -> [Element] {
        let n = count
        guard n > 0 else { return [] }  // capacity 0 would write the shared empty array (see TextValues.map)
        return [Element](unsafeUninitializedCapacity: n) { out, initialized in
            if n > 0, let dst = out.baseAddress { dst.update(from: base, count: n) }
            initialized = n
        }
    }

    /// Forgets the contents, keeping the memory for reuse unless it grew past `keepBytes`.
    func removeAll(keepingBytes keepBytes: Int = 32 << 20) {
        count = 0
        if owned == nil, capacity > keepBytes / MemoryLayout<Element>.stride {
            base.deallocate()
            capacity = 16
            base = .allocate(capacity: capacity)
        }
    }
}
