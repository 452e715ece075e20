import VoucherTable

/// Counts kept rows per country, segment, bucket and amount, and turns the
/// counts into the table (behaviour §4).
///
/// Counts live in one flat array: per country, one histogram per bucket of
/// every segment plus one over all its kept rows, each `stride` amount ids
/// wide (the stride doubles when a new amount needs it). The per-row work is
/// a handful of array increments; nothing is hashed per row.
struct TableAggregator: Sendable {
    let segments: SegmentConfiguration
    var countryTable = CountryTable()
    /// How each segment's rows are counted.
    private let counting: [SegmentCounting]
    /// The segments' ``Segment/bucketMap``s, each followed by its open
    /// bucket's index, so `map[min(metric, openLower)]` is a row's bucket:
    /// one load per row and segment, no data-dependent branch.
    private let bucketMaps: [UInt8]
    /// The largest open-bucket bound given a map here.
    private static let largestMappedBound: Int64 = 1 << 16
    /// Histograms per country: every bucket, then the overall one.
    private let histogramsPerCountry: Int
    private var amountIDs: [Int64: Int32] = [:]
    private var amounts: [Int64] = []
    private var stride = 16
    private var counts: [Int] = []
    private var keptPerCountry: [Int] = []
    private var keptPerSpelling: [Int] = []

    init(segments: SegmentConfiguration) {
        self.segments = segments
        var counting: [SegmentCounting] = [], maps: [UInt8] = []
        var base = 0
        for segment in segments.segments {
            let mapped = segment.buckets.last!.lower <= Self.largestMappedBound
            counting.append(SegmentCounting(measuresDays: segment.metric == .daysSinceLastOrder, firstHistogram: base,
                                            openLower: mapped ? segment.buckets.last!.lower : -1, mapStart: maps.count))
            if mapped { maps += segment.bucketMap + [UInt8(segment.buckets.count - 1)] }
            base += segment.buckets.count
        }
        (self.counting, bucketMaps, histogramsPerCountry) = (counting, maps, base + 1)
    }

    /// The id of an amount, interned on first sight.
    mutating func amountID(of amount: Int64) -> Int32 {
        if let id = amountIDs[amount] { return id }
        let id = Int32(amounts.count)
        amounts.append(amount)
        amountIDs[amount] = id
        if amounts.count > stride { restride(stride * 2) }
        return id
    }

    /// Calls `body` with a ``RowCounter`` into these counts, for a loop over
    /// rows whose countries and spellings ``makeRoom(countries:spellings:)``
    /// made room for.
    mutating func withCounter<R>(_ body: (RowCounter) throws -> R) rethrows -> R {
        let (histograms, stride, segments) = (histogramsPerCountry, stride, segments)
        return try counts.withUnsafeMutableBufferPointer { counts in
            try keptPerCountry.withUnsafeMutableBufferPointer { perCountry in
                try keptPerSpelling.withUnsafeMutableBufferPointer { perSpelling in
                    try counting.withUnsafeBufferPointer { counting in
                        try bucketMaps.withUnsafeBufferPointer { maps in
                            try body(RowCounter(counts: counts, keptPerCountry: perCountry, keptPerSpelling: perSpelling,
                                                counting: counting, bucketMaps: maps, histogramsPerCountry: histograms,
                                                stride: stride, segments: segments))
                        }
                    }
                }
            }
        }
    }

    /// Sizes the counts for `countries` countries and `spellings` spellings,
    /// so that counting rows of those changes no array's size.
    mutating func makeRoom(countries: Int, spellings: Int) {
        if countries > keptPerCountry.count { addCountries(upTo: countries - 1) }
        if spellings > keptPerSpelling.count {
            keptPerSpelling.append(contentsOf: repeatElement(0, count: spellings - keptPerSpelling.count))
        }
    }

    /// This aggregator with every count zero: rows added to it can be
    /// ``merge(_:)``d back (the two count on two threads).
    func emptyCopy() -> TableAggregator {
        var copy = self
        copy.counts = Array(repeating: 0, count: counts.count)
        copy.keptPerCountry = Array(repeating: 0, count: keptPerCountry.count)
        copy.keptPerSpelling = Array(repeating: 0, count: keptPerSpelling.count)
        return copy
    }

    /// Adds the counts of `other`, an ``emptyCopy()`` of this aggregator
    /// that rows were added to (with no amount interned since).
    mutating func merge(_ other: TableAggregator) {
        precondition(other.stride == stride && other.amounts.count == amounts.count, "merging counts of other amounts")
        makeRoom(countries: other.keptPerCountry.count, spellings: other.keptPerSpelling.count)
        for (i, n) in other.counts.enumerated() where n > 0 { counts[i] += n }
        for (i, n) in other.keptPerCountry.enumerated() { keptPerCountry[i] += n }
        for (i, n) in other.keptPerSpelling.enumerated() { keptPerSpelling[i] += n }
    }

    private mutating func addCountries(upTo country: Int) {
        let missing = country + 1 - keptPerCountry.count
        keptPerCountry.append(contentsOf: repeatElement(0, count: missing))
        counts.append(contentsOf: repeatElement(0, count: missing * histogramsPerCountry * stride))
    }

    private mutating func restride(_ newStride: Int) {
        let histograms = keptPerCountry.count * histogramsPerCountry
        var fresh = [Int](repeating: 0, count: histograms * newStride)
        for h in 0 ..< histograms {
            for a in 0 ..< stride { fresh[h * newStride + a] = counts[h * stride + a] }
        }
        counts = fresh
        stride = newStride
    }

    /// The countries with kept rows, sorted by key in byte order, with their entries.
    func countries() -> [CountryContents] {
        var result: [CountryContents] = []
        for (country, kept) in keptPerCountry.enumerated() where kept > 0 {
            let first = country * histogramsPerCountry
            let overall = histogram(first + histogramsPerCountry - 1)
            let fallback = overall.mostUsed ?? 0
            let entries = segments.segments.enumerated().map { s, segment in
                segment.buckets.indices.map { b in
                    let h = histogram(first + counting[s].firstHistogram + b)
                    guard let amount = h.mostUsed else {
                        return TableEntry(amount: fallback, samples: 0, isFallback: true, histogram: AmountHistogram())
                    }
                    return TableEntry(amount: amount, samples: h.total, isFallback: false, histogram: h)
                }
            }
            result.append(CountryContents(key: countryTable.keys[country], displayName: displayName(of: Int32(country)),
                                          keptRows: kept, amounts: overall, entries: entries))
        }
        return result.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Histogram number `h`, sorted by amount, without zero counts.
    private func histogram(_ h: Int) -> AmountHistogram {
        let pairs = (0 ..< amounts.count).compactMap { a -> (Int64, Int)? in
            let n = counts[h * stride + a]
            return n > 0 ? (amounts[a], n) : nil
        }.sorted { $0.0 < $1.0 }
        return AmountHistogram(amounts: pairs.map(\.0), counts: pairs.map(\.1))
    }

    /// The country's most frequent kept spelling; ties go to the smallest in byte order.
    private func displayName(of country: Int32) -> String {
        let spellings = countryTable.spellings.indices.filter {
            countryTable.country(ofSpelling: Int32($0)) == country && $0 < keptPerSpelling.count && keptPerSpelling[$0] > 0
        }
        let best = spellings.min { a, b in
            keptPerSpelling[a] != keptPerSpelling[b] ? keptPerSpelling[a] > keptPerSpelling[b]
                : countryTable.spellings[a].utf8.lexicographicallyPrecedes(countryTable.spellings[b].utf8)
        }
        return best.map { countryTable.spellings[$0] } ?? ""
    }

    // MARK: - Counts made elsewhere (`voucher pack`)

    /// Adds `rows` kept rows of spelling `spelling` (interned in ``countryTable``).
    mutating func addKept(spelling: Int32, rows: Int) {
        let country = Int(countryTable.country(ofSpelling: spelling))
        makeRoom(countries: country + 1, spellings: Int(spelling) + 1)
        keptPerSpelling[Int(spelling)] += rows
        keptPerCountry[country] += rows
    }

    /// Adds `rows` kept rows of `country` with `amount` whose metric falls in
    /// bucket `bucket` of segment `segment`. The country's overall counts
    /// take them with the first segment (every kept row is in one bucket of each).
    mutating func addKept(country: Int32, segment: Int, bucket: Int, amount: Int64, rows: Int) {
        let id = Int(amountID(of: amount))  // may widen the stride: before the index is taken
        makeRoom(countries: Int(country) + 1, spellings: 0)
        let first = Int(country) * histogramsPerCountry
        counts[(first + counting[segment].firstHistogram + bucket) * stride + id] += rows
        if segment == 0 { counts[(first + histogramsPerCountry - 1) * stride + id] += rows }
    }
}

/// How one segment's rows are counted (see ``TableAggregator``).
struct SegmentCounting: Sendable {
    /// Whether the segment measures days since the last order (else total orders).
    let measuresDays: Bool
    /// The segment's first histogram within a country's.
    let firstHistogram: Int
    /// The open (last) bucket's lower bound when the segment has a map in
    /// the bucket maps, else -1 (too large a bound: searched).
    let openLower: Int64
    /// Where its map starts in the bucket maps.
    let mapStart: Int
}

/// Counts kept rows straight into a ``TableAggregator``'s arrays, valid
/// inside ``TableAggregator/withCounter(_:)`` only: per row a handful of
/// increments through pointers, no array access checks.
struct RowCounter {
    fileprivate let counts: UnsafeMutableBufferPointer<Int>
    fileprivate let keptPerCountry: UnsafeMutableBufferPointer<Int>
    fileprivate let keptPerSpelling: UnsafeMutableBufferPointer<Int>
    fileprivate let counting: UnsafeBufferPointer<SegmentCounting>
    fileprivate let bucketMaps: UnsafeBufferPointer<UInt8>
    fileprivate let histogramsPerCountry: Int
    fileprivate let stride: Int
    fileprivate let segments: SegmentConfiguration

    /// Counts one kept row whose amount has id `amountID`.
    @inline(__always)
    func add(_ key: RowKey, spelling: Int32, amountID: Int32) {
        let country = Int(key.country), spelling = Int(spelling)
        precondition(country < keptPerCountry.count && spelling < keptPerSpelling.count,
                     "a row of a country or spelling with no room made")
        keptPerCountry[country] += 1
        keptPerSpelling[spelling] += 1
        let first = country * histogramsPerCountry
        let amount = Int(amountID)
        let days = TimeText.days(from: key.lastOrder, to: key.timestamp)
        counts[(first + histogramsPerCountry - 1) * stride + amount] += 1
        for s in counting.indices {
            let segment = counting[s]
            let metric = segment.measuresDays ? days : key.totalOrders  // ≥ 0 for a kept row
            let bucket = segment.openLower >= 0 ? Int(bucketMaps[segment.mapStart + Int(min(metric, segment.openLower))])
                : segments.segments[s].bucketIndex(for: metric)
            counts[(first + segment.firstHistogram + bucket) * stride + amount] += 1
        }
    }
}
