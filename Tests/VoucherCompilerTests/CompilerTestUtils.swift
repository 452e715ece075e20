import VoucherCompiler
import VoucherHistory
import VoucherTable
import VoucherTestSupport

/// Compiles in-memory rows (one file per array) with the standard segments.
func compile(_ files: [[String?]]..., segments: SegmentConfiguration = .standard) throws -> CompileResult {
    let compiler = HistoryCompiler(segments: segments)
    for (i, rows) in files.enumerated() {
        try compiler.add(MemoryHistory("file\(i).csv", rows: rows))
    }
    return try compiler.finish()
}

extension CompileResult {
    /// The entry for a country key, segment name and bucket name.
    func entry(_ country: String, _ segment: String, _ bucket: String) -> TableEntry? {
        guard let c = contents.countries.first(where: { $0.key == country }),
              let s = contents.segments.index(of: segment),
              let b = contents.segments.segments[s].buckets.firstIndex(where: { $0.name == bucket }) else { return nil }
        return c.entries[s][b]
    }

    /// Drop counts in behaviour §2's order.
    var dropCounts: [Int] { DropReason.allCases.map { dropped($0) } }
}
