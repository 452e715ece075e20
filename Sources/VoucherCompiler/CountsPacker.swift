import VoucherHistory
public import VoucherTable

/// `voucher pack`: the counts of a compile made by an SQL engine (the
/// output of `voucher sql`, see the README's "Beyond one machine") into
/// the table, through the same aggregation as ``HistoryCompiler`` (ties,
/// fallbacks, display names, behaviour document §4).
///
/// Feed it every part file of the counts with ``add(path:)`` (Parquet or
/// CSV, in any order: counts add up) and take the result with
/// ``finish()``. The counts are checked before the table is made: every
/// value of the right kind, segments and buckets of the configuration,
/// every country key the key of its spellings (behaviour document §2.9, by
/// this program's rules, so an engine that lower-cases otherwise is caught),
/// and the totals consistent (each segment's entries add up to the kept
/// rows; kept and dropped rows to the rows read).
public final class CountsPacker {
    /// The segments the counts were made for.
    public let segments: SegmentConfiguration
    private var read = 0
    private var dropped = [Int](repeating: 0, count: DropReason.allCases.count)
    private var spellings: [(where: Place, spelling: String, key: String, rows: Int)] = []
    private var entries: [(where: Place, segment: Int, bucket: Int, key: String, amount: Int64, rows: Int)] = []
    private var sources: [BackgroundWork<SourceIdentity>] = []

    /// Where a row came from, for errors.
    private struct Place {
        let file: String
        let row: Int
    }

    /// A packer for counts made with `segments` (the default segments unless given).
    public init(segments: SegmentConfiguration = .standard) {
        self.segments = segments
    }

    /// Reads one counts file (Parquet or CSV with the columns `kind`,
    /// `name`, `country`, `bucket`, `amount`, `row_count`).
    ///
    /// - Throws: ``HistoryError`` for an unreadable file or a missing
    ///   column; ``CountsError`` for a row that is not a count.
    public func add(path: String) throws {
        let reader = try HistoryFile.open(path)
        sources.append(BackgroundWork { try SourceIdentity(hashing: path) })
        let names = ["kind", "name", "country", "bucket", "amount", "row_count"]
        let columns = try names.map { try reader.columnIndex(named: $0) }
        while let batch = try reader.nextBatch(columns: columns) {
            for row in 0 ..< batch.rowCount {
                let place = Place(file: path, row: batch.firstRow + row)
                let values = batch.columns.map { $0.value(at: row) }
                try add(values, at: place)
            }
        }
    }

    private func add(_ v: [HistoryValue], at place: Place) throws {
        func fail(_ column: String, _ message: String) -> CountsError {
            CountsError(file: place.file, row: place.row, column: column, message)
        }
        func text(_ i: Int, _ column: String) throws -> String {
            guard case .text(let s) = v[i] else { throw fail(column, "expected text, found \(v[i])") }
            return s
        }
        func integer(_ i: Int, _ column: String) throws -> Int64 {
            switch v[i] {
            case .integer(let n): return n
            case .text(let s): if let n = Int64(s) { return n }
            default: break
            }
            throw fail(column, "expected a whole number, found \(v[i])")
        }
        let rows = try integer(5, "row_count")
        guard rows >= 0 else { throw fail("row_count", "a negative count, \(rows)") }
        let n = Int(rows)
        switch try text(0, "kind") {
        case "read":
            read += n
        case "dropped":
            let reason = try text(1, "name")
            guard let r = DropReason.allCases.first(where: { $0.name == reason }) else {
                throw fail("name", "'\(reason)' is not a drop reason (\(DropReason.allCases.map(\.name).joined(separator: ", ")))")
            }
            dropped[r.rawValue] += n
        case "spelling":
            let spelling = try text(1, "name"), key = try text(2, "country")
            guard TableKey.trimmed(spelling) == spelling else {
                throw fail("name", "the spelling '\(spelling)' is blank or not trimmed of white space")
            }
            guard TableKey.key(spelling) == key else {
                throw fail("country", "the engine's key '\(key)' of the spelling '\(spelling)' is not this program's, "
                           + "'\(TableKey.key(spelling) ?? "")': the engine lower-cases otherwise (behaviour document §2.9)")
            }
            spellings.append((place, spelling, key, n))
        case "entry":
            let name = try text(1, "name")
            guard let s = segments.index(of: name) else {
                throw fail("name", "'\(name)' is not a segment of the configuration (\(segments.segments.map(\.name).joined(separator: ", ")))")
            }
            let bucketName = try text(3, "bucket")
            guard let b = segments.segments[s].buckets.firstIndex(where: { $0.name == bucketName }) else {
                throw fail("bucket", "'\(bucketName)' is not a bucket of segment '\(name)'")
            }
            let amount = try integer(4, "amount")
            guard amount >= 0 else { throw fail("amount", "a negative amount, \(amount)") }
            entries.append((place, s, b, try text(2, "country"), amount, n))
        case let other:
            throw fail("kind", "'\(other)' is not one of read, dropped, spelling, entry")
        }
    }

    /// The table's contents from every counts file added; its sources are
    /// the counts files.
    ///
    /// - Throws: ``CountsError`` when the counts do not add up or name a
    ///   country without spellings; ``HistoryError`` when a file could not
    ///   be read for its SHA-256.
    public func finish() throws -> CompileResult {
        var aggregator = TableAggregator(segments: segments)
        var countryIDs: [String: Int32] = [:]
        for (_, spelling, key, rows) in spellings {
            let id = aggregator.countryTable.intern(spelling)
            countryIDs[key] = aggregator.countryTable.country(ofSpelling: id)
            aggregator.addKept(spelling: id, rows: rows)
        }
        // Per country and segment, the rows of its entries: they must be its kept rows.
        var perSegment: [String: [Int]] = [:]
        for (place, segment, bucket, key, amount, rows) in entries {
            guard let country = countryIDs[key] else {
                throw CountsError(file: place.file, row: place.row, column: "country",
                                  "the country '\(key)' has entries but no kept spellings")
            }
            aggregator.addKept(country: country, segment: segment, bucket: bucket, amount: amount, rows: rows)
            perSegment[key, default: Array(repeating: 0, count: segments.segments.count)][segment] += rows
        }
        var keptPerKey: [String: Int] = [:]
        for (_, _, key, rows) in spellings { keptPerKey[key, default: 0] += rows }
        for (key, kept) in keptPerKey.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let totals = perSegment[key] ?? Array(repeating: 0, count: segments.segments.count)
            for (s, total) in totals.enumerated() where total != kept {
                throw CountsError(file: "", "country '\(key)': segment '\(segments.segments[s].name)' counts \(total) rows, its spellings \(kept)")
            }
        }
        let kept = keptPerKey.values.reduce(0, +)
        guard kept + dropped.reduce(0, +) == read else {
            throw CountsError(file: "", "\(kept) kept and \(dropped.reduce(0, +)) dropped rows do not make the \(read) rows read")
        }
        let summary = CleaningSummary(rowsRead: read, kept: kept,
                                      dropped: DropReason.allCases.map { (reason: $0.name, count: dropped[$0.rawValue]) })
        let contents = TableContents(segments: segments, countries: aggregator.countries(), summary: summary,
                                     sources: try sources.map { try $0.wait() })
        return CompileResult(contents: contents, examples: Array(repeating: [], count: DropReason.allCases.count))
    }
}
