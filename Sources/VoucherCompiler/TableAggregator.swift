import VoucherTable

/// Counts kept rows per country, segment, bucket and amount, and turns the
/// counts into the table (SPEC §4).
struct TableAggregator {
    let segments: SegmentConfiguration
    var countryTable = CountryTable()
    /// Flat index of each segment's first bucket.
    private let bucketBase: [Int]
    private let bucketTotal: Int
    private var amountIDs: [Int64: Int] = [:]
    private var amounts: [Int64] = []
    private var perCountry: [CountryCounts] = []

    /// The counts of one country.
    private struct CountryCounts {
        var kept = 0
        var spellings: [Int32: Int] = [:]
        /// Amount id → rows.
        var amounts: [Int] = []
        /// Flat bucket index → amount id → rows.
        var buckets: [[Int]]
    }

    init(segments: SegmentConfiguration) {
        self.segments = segments
        var base: [Int] = []
        var total = 0
        for segment in segments.segments {
            base.append(total)
            total += segment.buckets.count
        }
        bucketBase = base
        bucketTotal = total
    }

    /// Counts one kept row.
    mutating func add(_ key: RowKey, spelling: Int32) {
        let amountID = amountID(of: key.amount)
        let country = Int(key.country)
        while perCountry.count <= country {
            perCountry.append(CountryCounts(buckets: Array(repeating: [], count: bucketTotal)))
        }
        perCountry[country].kept += 1
        perCountry[country].spellings[spelling, default: 0] += 1
        Self.increment(&perCountry[country].amounts, amountID)
        for (s, segment) in segments.segments.enumerated() {
            let metric: Int64
            switch segment.metric {
            case .totalOrders: metric = key.totalOrders
            case .daysSinceLastOrder: metric = TimeText.days(from: key.lastOrder, to: key.timestamp)
            }
            Self.increment(&perCountry[country].buckets[bucketBase[s] + segment.bucketIndex(for: metric)], amountID)
        }
    }

    @inline(__always)
    private mutating func amountID(of amount: Int64) -> Int {
        if let id = amountIDs[amount] { return id }
        amounts.append(amount)
        amountIDs[amount] = amounts.count - 1
        return amounts.count - 1
    }

    @inline(__always)
    private static func increment(_ counts: inout [Int], _ id: Int) {
        if counts.count <= id { counts.append(contentsOf: repeatElement(0, count: id + 1 - counts.count)) }
        counts[id] += 1
    }

    /// The countries with kept rows, sorted by key in byte order, with their entries.
    func countries() -> [CountryContents] {
        var result: [CountryContents] = []
        for (id, counts) in perCountry.enumerated() where counts.kept > 0 {
            let overall = histogram(counts.amounts)
            let fallback = overall.mostUsed ?? 0
            let entries = segments.segments.enumerated().map { s, segment in
                segment.buckets.indices.map { b in
                    let h = histogram(counts.buckets[bucketBase[s] + b])
                    guard let amount = h.mostUsed else {
                        return TableEntry(amount: fallback, samples: 0, isFallback: true, histogram: AmountHistogram())
                    }
                    return TableEntry(amount: amount, samples: h.total, isFallback: false, histogram: h)
                }
            }
            result.append(CountryContents(key: countryTable.keys[id], displayName: displayName(counts.spellings),
                                          keptRows: counts.kept, amounts: overall, entries: entries))
        }
        return result.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Amount-sorted histogram of per-amount-id counts.
    private func histogram(_ counts: [Int]) -> AmountHistogram {
        let pairs = counts.enumerated().filter { $0.element > 0 }.map { (amounts[$0.offset], $0.element) }.sorted { $0.0 < $1.0 }
        return AmountHistogram(amounts: pairs.map(\.0), counts: pairs.map(\.1))
    }

    /// The most frequent spelling; ties go to the smallest in byte order.
    private func displayName(_ spellings: [Int32: Int]) -> String {
        let names = spellings.map { (countryTable.spellings[Int($0.key)], $0.value) }
        let best = names.min { a, b in a.1 != b.1 ? a.1 > b.1 : a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        return best?.0 ?? ""
    }
}
