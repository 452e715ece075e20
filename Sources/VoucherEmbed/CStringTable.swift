/// NUL-terminated UTF-8 copies of a few strings in one allocation, for
/// functions of the C ABI that return `const char *` owned by a table.
///
/// The storage is written once in `init` and freed in `deinit`: the
/// pointers ``subscript(_:)`` returns stay valid, unchanged, for the
/// object's lifetime. Read-only after `init`, so any number of threads may
/// read it at once.
final class CStringTable: Sendable {
    /// Written only in `init`, read-only after it and freed in `deinit`, so
    /// sharing it between threads is safe.
    nonisolated(unsafe) private let storage: UnsafeMutablePointer<CChar>
    private let starts: [Int]

    /// Copies `strings`, each followed by a NUL (a NUL inside a string ends it early for C readers).
    init(_ strings: [String]) {
        var starts: [Int] = []
        starts.reserveCapacity(strings.count)
        var total = 0
        for string in strings {
            starts.append(total)
            total += string.utf8.count + 1
        }
        storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        for (string, start) in zip(strings, starts) {
            var offset = start
            for byte in string.utf8 {
                storage[offset] = CChar(bitPattern: byte)
                offset += 1
            }
            storage[offset] = 0
        }
        self.starts = starts
    }

    deinit {
        storage.deallocate()
    }

    /// The number of strings.
    var count: Int { starts.count }

    /// The `index`th string, or `nil` when `index` is out of range.
    subscript(_ index: Int) -> UnsafePointer<CChar>? {
        guard index >= 0, index < starts.count else { return nil }
        return UnsafePointer(storage + starts[index])
    }
}
