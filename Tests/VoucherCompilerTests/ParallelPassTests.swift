import Foundation
import Testing
import VoucherCompiler
import VoucherHistory
import VoucherTestSupport

/// The compiler judges large batches on N threads, with the duplicate
/// check split by key hash: the verdicts must be those of one thread going
/// through the rows in order (the first of equal rows kept).
@Suite struct ParallelPassTests {
    @Test(arguments: [1, 2, 3, 8])
    func manyDuplicatesAcrossChunksGiveTheOrderedVerdicts(threads: Int) throws {
        // 150,000 rows over few distinct values: thousands of duplicates, spread
        // over every chunk, spelled in several ways.
        var generator = SplitMix(seed: 42)
        let spellings = ["Peru", " peru ", "PERU", "Latvia", "latvia"]
        var rows: [[String?]] = []
        var expected: [Verdict] = []
        var seen = Set<String>()
        for _ in 0 ..< 150_000 {
            let second = generator.next() % 40_000
            let spelling = spellings[Int(generator.next() % 5)]
            let orders = generator.next() % 3
            let amount = [2640, 4400][Int(generator.next() % 2)]
            let broken = generator.next() % 50 == 0  // an amount that fails its check
            let timestamp = "2018-05-\(10 + second / 86_400) \(two(second / 3600 % 24)):\(two(second / 60 % 60)):\(two(second % 60))"
            rows.append(goodRow(timestamp: timestamp, country: spelling, totalOrders: orders == 1 ? "1.0" : "\(orders)",
                                amount: broken ? "-5" : "\(amount)"))
            if broken {
                expected.append(.dropped)
                continue
            }
            let key = "\(second)|\(spelling.trimmingCharacters(in: .whitespaces).lowercased())|\(orders)|\(amount)"
            expected.append(seen.insert(key).inserted ? .kept : .duplicate)
        }
        let compiler = HistoryCompiler(threads: threads)
        let observer = VerdictRecorder()
        compiler.addObserver(observer)
        try compiler.add(MemoryHistory(rows: rows))
        let result = try compiler.finish()

        #expect(observer.verdicts.count == rows.count)
        #expect(observer.verdicts == expected)
        #expect(result.contents.summary.kept == expected.filter { $0 == .kept }.count)
        #expect(result.dropped(.duplicate) == expected.filter { $0 == .duplicate }.count)
        #expect(result.dropped(.duplicate) > 10_000)
        let keptPerCountry = Dictionary(grouping: zip(rows, expected).filter { $0.1 == .kept }) {
            $0.0[1]!.trimmingCharacters(in: .whitespaces).lowercased()
        }.mapValues(\.count)
        #expect(Dictionary(uniqueKeysWithValues: result.contents.countries.map { ($0.key, $0.keptRows) }) == keptPerCountry)
    }

    /// The compile's thread count reaches a Parquet reader it is given
    /// (`voucher compile --threads`), whatever the reader was opened with.
    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipReason), arguments: [1, 3])
    func aParquetReaderDecodesOnTheCompilesThreads(threads: Int) throws {
        let reader = try ParquetReader(path: SharedData.referenceHistoryPath, parallelism: Parallelism(threads: 8))
        let compiler = HistoryCompiler(threads: threads)
        try compiler.add(reader)
        #expect(reader.parallelism.threads == threads)
        #expect(try compiler.finish().contents.summary.rowsRead == 285_570)
    }

    private func two(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

private enum Verdict: Equatable { case kept, duplicate, dropped }

private final class VerdictRecorder: CompileObserver {
    var verdicts: [Verdict] = []
    private var nextRow = 0
    func begin(reader: any HistoryReader) {}
    func batch(_ batch: HistoryBatch) { nextRow = 0 }
    func parsed(_ parsed: ParsedBatch) {}
    func rows(_ rows: Range<Int>, verdicts judged: UnsafeBufferPointer<RowVerdict>) {
        #expect(rows.lowerBound == nextRow, "runs of rows in order, none left out")
        nextRow = rows.upperBound
        for verdict in judged {
            switch verdict {
            case .kept: verdicts.append(.kept)
            case .dropped(.duplicate): verdicts.append(.duplicate)
            case .dropped: verdicts.append(.dropped)
            }
        }
    }
    func end(reader: any HistoryReader) {}
}
