import VoucherHistory

/// A reader that hands out batches built in memory, in dictionary form, for any value kind.
final class ProfileFakeReader: HistoryReader {
    let path = "memory.parquet"
    let format = HistoryFormat(name: "parquet", codecs: ["SNAPPY", "GZIP"])
    let columns: [SourceColumn]
    var rowCount: Int? { batches.reduce(0) { $0 + $1.rowCount } }
    private var batches: [HistoryBatch]
    private var next = 0

    init(columns: [SourceColumn], batches: [HistoryBatch]) {
        self.columns = columns
        self.batches = batches
    }

    func nextBatch(columns requested: [Int]) throws -> HistoryBatch? {
        guard next < batches.count else { return nil }
        var batch = batches[next]
        next += 1
        batch.columns = requested.map { batch.columns[$0] }
        return batch
    }
}

extension TextValues {
    /// Text values from strings, in order.
    init(_ strings: [String]) {
        self.init()
        for string in strings { append(Array(string.utf8)) }
    }
}
