/// Placeholder: the Parquet reader is being written.
public final class CSVReader: HistoryReader {
    public let path: String
    public var format: HistoryFormat { HistoryFormat(name: "csv") }
    public var columns: [SourceColumn] { [] }
    public var rowCount: Int? { nil }
    public init(path: String) throws {
        self.path = path
        throw HistoryError(.unsupported, file: path, "CSV reading is not implemented yet")
    }
    public func nextBatch(columns: [Int]) throws -> HistoryBatch? { nil }
}
