/// A failure inside one decoder (Thrift, levels, values, codec), before the
/// caller knows which file, column and byte it belongs to.
///
/// The Parquet reader catches it and rethrows a ``HistoryError`` that names
/// the file, the column, the absolute byte offset and, where known, the row.
struct ParquetDecodeError: Error {
    var code: HistoryError.Code
    var message: String
    /// Byte position inside the buffer being decoded, when the decoder knows it.
    var position: Int?

    init(_ code: HistoryError.Code, _ message: String, position: Int? = nil) {
        self.code = code
        self.message = message
        self.position = position
    }

    /// A `corrupt` failure.
    static func corrupt(_ message: String, position: Int? = nil) -> ParquetDecodeError {
        ParquetDecodeError(.corrupt, message, position: position)
    }

    /// A `HistoryError` for this failure, placed in `file` at `offset`
    /// (plus ``position`` when `offsetIsBase` and the decoder gave one).
    func historyError(file: String, column: String? = nil, row: Int? = nil, offset: Int?,
                      offsetIsBase: Bool = false) -> HistoryError {
        var at = offset
        if offsetIsBase, let base = offset, let position { at = base &+ position }
        return HistoryError(code, file: file, column: column, row: row, offset: at, message)
    }
}
