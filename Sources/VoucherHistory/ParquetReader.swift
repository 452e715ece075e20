/// Placeholder: the Parquet reader is being written.
public final class ParquetReader: HistoryReader {
    public let path: String
    public var format: HistoryFormat { HistoryFormat(name: "parquet") }
    public var columns: [SourceColumn] { [] }
    public var rowCount: Int? { nil }
    public init(path: String) throws {
        self.path = path
        throw HistoryError(.unsupported, file: path, "Parquet reading is not implemented yet")
    }
    public func nextBatch(columns: [Int]) throws -> HistoryBatch? { nil }
}
