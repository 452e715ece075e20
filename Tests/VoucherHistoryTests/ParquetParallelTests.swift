import Testing
import VoucherTestSupport
@testable import VoucherHistory

/// A row group's column chunks decoded as the tasks of ``Parallelism`` on
/// 1, 2, 3 and 8 threads, large text chunks cut into pieces: the batches
/// (values, indices, parsed times, unparsed text) are the same at every
/// count, read as text, as times, and as times with the text kept.
@Suite struct ParquetParallelTests {
    static let threadCounts = [1, 2, 3, 8]

    /// A stand-in time parser: some texts are times, some are not.
    static let parse: @Sendable (UnsafeBufferPointer<UInt8>) -> Int64? = { text in
        guard let first = text.first, first % 3 != 0 else { return nil }
        return Int64(text.count) * 1000 + Int64(first)
    }

    /// Decodes `path`'s readable columns at each thread count; with
    /// `cutting`, chunks however small are spread and cut.
    static func decodesAlike(_ path: String, cutting: Bool) throws {
        let reader = try ParquetReader(path: path)
        let readable = reader.descriptors.indices.filter { reader.descriptors[$0].leafIndex != nil }
        let text = Set(readable.filter { reader.descriptors[$0].conversion.kind == .text })
        let parsers = [nil, TimeTextParser(columns: text, parse: parse), TimeTextParser(columns: text, keepsText: true, parse: parse)]
        for times in parsers {
            let decoded = try threadCounts.map { threads in
                try ParquetTestUtils.readAll(path, columns: readable, threads: threads, cutting: cutting, times: times)
                    .batches.map(ParquetTestUtils.Decoded.init)
            }
            for (threads, batches) in zip(threadCounts, decoded).dropFirst() {
                #expect(batches == decoded[0], "\(path) on \(threads) threads, times \(times.map { "kept \($0.keepsText)" } ?? "no")")
            }
        }
    }

    @Test(arguments: ParquetTestUtils.fixtureNames)
    func fixturesDecodeAlikeOnAnyThreads(_ name: String) throws {
        try Self.decodesAlike(ParquetTestUtils.fixturePath(name), cutting: true)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
    func referenceDecodesAlikeOnAnyThreads() throws {
        try Self.decodesAlike(SharedData.referenceHistoryPath, cutting: false)
    }

    /// The reference's timestamps are cut at 2, 3 and 8 threads, and not at 1.
    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
    func referenceTimestampsAreCut() throws {
        let reader = try ParquetReader(path: SharedData.referenceHistoryPath)
        let group = try #require(reader.rowGroups.first)
        let column = reader.descriptors[try reader.columnIndex(named: "timestamp")]
        let chunkReader = ColumnChunkReader(file: reader.file, dataEnd: reader.dataEnd)
        guard case .pages(let plan) = try chunkReader.prepare(column, group.columns[column.leafIndex!], rowCount: Int(group.numRows),
                                                              firstRow: 0, times: nil) else {
            Issue.record("the timestamps have no pages")
            return
        }
        #expect(ColumnChunkReader.runs(of: plan, count: 1).count == 1)
        for count in [2, 3, 8] { #expect(ColumnChunkReader.runs(of: plan, count: count).count == count) }
    }
}
