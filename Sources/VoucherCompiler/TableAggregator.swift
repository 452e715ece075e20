import VoucherTable

/// Counts kept rows per country, segment, bucket and amount, and turns the
/// counts into the table (SPEC §4).
///
/// Counts live in one flat array: per country, one histogram per bucket of
/// every segment plus one over all its kept rows, each `stride` amount ids
/// wide (the stride doubles when a new amount needs it). The per-row work is
/// a handful of array increments; nothing is hashed per row.
struct TableAggregator: Sendable {
    let segments: SegmentConfiguration
    var countryTable = CountryTable()
    /// Flat index of each segment's first bucket within a country.
    private let bucketBase: [Int]
    /// Per segment: whether it measures days since the last order (else total orders).
    private let measuresDays: [Bool]
    /// Per segment: the open (last) bucket's lower bound when the segment
    /// has a map in ``bucketMaps``, else -1 (too large a bound: searched).
    private let openLower: [Int64]
    /// Per segment: where its map starts in ``bucketMaps``.
    private let mapStart: [Int]
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
        var base: [Int] = []
        var total = 0
        for segment in segments.segments {
            base.append(total)
            total += segment.buckets.count
        }
        bucketBase = base
        measuresDays = segments.segments.map { $0.metric == .daysSinceLastOrder }
        histogramsPerCountry = total + 1
        var maps: [UInt8] = [], starts: [Int] = [], open: [Int64] = []
        for segment in segments.segments {
            let mapped = segment.buckets.last!.lower <= Self.largestMappedBound
            starts.append(maps.count)
            open.append(mapped ? segment.buckets.last!.lower : -1)
            if mapped { maps += segment.bucketMap + [UInt8(segment.buckets.count - 1)] }
        }
        (openLower, mapStart, bucketMaps) = (open, starts, maps)
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

    /// Counts one kept row whose amount has id `amountID` (inlined into the
    /// counting loop: called for every kept row).
    @inline(__always)
    mutating func add(_ key: RowKey, spelling: Int32, amountID: Int32) {
        let country = Int(key.country)
        if country >= keptPerCountry.count { addCountries(upTo: country) }
        let spelling = Int(spelling)
        if spelling >= keptPerSpelling.count {
            keptPerSpelling.append(contentsOf: repeatElement(0, count: spelling + 1 - keptPerSpelling.count))
        }
        keptPerCountry[country] += 1
        keptPerSpelling[spelling] += 1
        let first = country * histogramsPerCountry
        let amount = Int(amountID)
        let days = TimeText.days(from: key.lastOrder, to: key.timestamp)
        let stride = stride
        counts.withUnsafeMutableBufferPointer { counts in
            counts[(first + histogramsPerCountry - 1) * stride + amount] += 1
            for s in 0 ..< measuresDays.count {
                let metric = measuresDays[s] ? days : key.totalOrders  // ≥ 0 for a kept row
                let bucket = openLower[s] >= 0 ? Int(bucketMaps[mapStart[s] + Int(min(metric, openLower[s]))])
                    : segments.segments[s].bucketIndex(for: metric)
                counts[(first + bucketBase[s] + bucket) * stride + amount] += 1
            }
        }
    }

    /// Sizes the counts for `countries` countries and `spellings` spellings,
    /// so that adding rows of those changes no array's size.
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
                    let h = histogram(first + bucketBase[s] + b)
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
}
