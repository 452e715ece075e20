/// The fuzz targets: each a property over arbitrary bytes that traps
/// (`precondition`) when it does not hold.
///
/// The libFuzzer executables (`Tests/Fuzz/<Name>Fuzzer`, built by
/// `build/fuzz.sh`) call ``run(_:)`` for every input; the replay test calls
/// it for every file under `Tests/Fuzz/Corpus/<corpus>/` and
/// `Tests/Fuzz/Crashers/<corpus>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Parquet reader: every column decoded as values and as times.
    case parquet
    /// CSV reader: the whole file and tiny chunk sizes agree.
    case csv
    /// Table open and lookups, the input as the file.
    case table
    /// Table open and lookups, lengths, layout and CRCs repaired first.
    case tableRepair = "table-repair"
    /// JSON request validation: every answer's body is valid JSON.
    case json
    /// HTTP request parser: whole stream, random splits and one byte at a time agree.
    case http

    /// The folder under `Tests/Fuzz/Corpus/` and `Tests/Fuzz/Crashers/` (the
    /// two table targets share the table corpus).
    public var corpus: String {
        switch self {
        case .tableRepair: "table"
        default: rawValue
        }
    }

    /// Checks the target's property on one input; traps when it does not hold.
    public func run(_ data: UnsafeRawBufferPointer) {
        switch self {
        case .parquet: ParquetFuzz.run(data)
        case .csv: CSVFuzz.run(data)
        case .table: TableFuzz.run(data)
        case .tableRepair: TableFuzz.runRepaired(data)
        case .json: JSONRequestFuzz.run(data)
        case .http: HTTPParserFuzz.run(data)
        }
    }
}
