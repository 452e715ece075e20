/// Opens history files of either format.
public enum HistoryFile {
    /// Opens `path` as Parquet (by its `PAR1` magic) or CSV (by a `.csv`
    /// name, or text whose first line has a comma).
    ///
    /// - Throws: ``HistoryError`` `notHistory` when the file is neither,
    ///   `io` when it cannot be read.
    public static func open(_ path: String) throws -> any HistoryReader {
        let head = try FileHandleReader.readHead(of: path, count: 4096)
        if head.starts(with: [0x50, 0x41, 0x52, 0x31]) {  // "PAR1"
            return try ParquetReader(path: path)
        }
        if path.lowercased().hasSuffix(".csv") || looksLikeCSV(head) {
            return try CSVReader(path: path)
        }
        throw HistoryError(.notHistory, file: path, offset: 0,
                           "not a history file: no Parquet magic 'PAR1' at byte 0, and not CSV text (no .csv name, no comma-separated header line)")
    }

    /// Opens `source` as Parquet or CSV: by its name's extension (`.parquet`,
    /// `.parq`, `.parquet.gzip`; `.csv`) without reading anything first, else
    /// by its first bytes, as ``open(_:)``.
    ///
    /// - Throws: ``HistoryError`` `notHistory` when it is neither; the source's errors.
    public static func open(source: any ByteRangeSource) throws -> any HistoryReader {
        let name = source.location.lowercased()
        if [".parquet", ".parq", ".parquet.gzip"].contains(where: { name.hasSuffix($0) }) {
            return try ParquetReader(source: source)
        }
        if name.hasSuffix(".csv") { return try CSVReader(source: source) }
        let head = try source.read(at: 0, count: min(4096, source.size))
        if head.starts(with: ParquetFormat.magic) { return try ParquetReader(source: source) }
        if looksLikeCSV(head) { return try CSVReader(source: source) }
        throw HistoryError(.notHistory, file: source.location, offset: 0,
                           "not a history file: no Parquet magic 'PAR1' at byte 0, and not CSV text (no .csv name, no comma-separated header line)")
    }

    /// Text without NUL bytes whose first line holds a comma.
    static func looksLikeCSV(_ head: [UInt8]) -> Bool {
        guard !head.isEmpty, !head.contains(0) else { return false }
        let firstLine = head.prefix { $0 != 0x0A }
        return firstLine.contains(0x2C)
    }
}
