import Foundation
import VoucherTable

/// Times in-process lookups: every country (in three spellings) × every
/// segment × a spread of metric values, cycled, through the public API an
/// embedding service uses.
struct LookupBenchmark {
    let table: VoucherTable

    func run(count: Int) -> String {
        var queries: [(country: String, segment: Int, value: Int64)] = []
        for key in table.countryKeys {
            for spelling in [key, key.uppercased(), " \(key.capitalized) "] {
                for segment in 0 ..< table.segmentNames.count {
                    for value: Int64 in [0, 3, 7, 20, 45, 95, 150, 400] {
                        queries.append((spelling, segment, value))
                    }
                }
            }
        }
        queries.shuffle()
        let clock = ContinuousClock()
        var checksum: Int64 = 0
        let start = clock.now
        var i = 0
        for _ in 0 ..< count {
            let q = queries[i]
            i = i + 1 == queries.count ? 0 : i + 1
            if let answer = try? table.lookup(country: q.country, segment: q.segment, metricValue: q.value) {
                checksum &+= answer.amount
            }
        }
        let elapsed = start.duration(to: clock.now)
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        return "\(count) lookups over \(queries.count) distinct queries (\(table.countryCount) countries, 3 spellings each, "
            + "\(table.segmentNames.count) segments): \(String(format: "%.1f", ns / Double(count))) ns per lookup (checksum \(checksum))"
    }
}

extension String {
    /// `peru` → `Peru`.
    fileprivate var capitalized: String { prefix(1).uppercased() + dropFirst() }
}
