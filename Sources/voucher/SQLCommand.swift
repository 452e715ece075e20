import VoucherCompiler
import VoucherSQL
import VoucherTable

/// `voucher sql`: the compile's counts as one SQL query, for DuckDB or Spark
/// (README, "Beyond one machine").
struct SQLCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "sql",
        abstract: "Print the compile as one SQL query that counts what the table is built from (for voucher pack).",
        discussion: """
          The query reads a relation named history: the six history columns (text or typed) and row_order,
          which sorts the rows as voucher compile reads them. It returns rows (kind, name, country, bucket,
          amount, row_count); write them to Parquet or CSV and run voucher pack on them. Run it with the
          session time zone set to UTC. Example:
            voucher sql --dialect spark > counts.sql
          """,
        options: [
            OptionSpec(long: "dialect", value: "engine", help: "The SQL engine: duckdb or spark.", defaultValue: "duckdb"),
            HistoryOptions.segmentsOption,
        ])

    let dialect: SQLDialect
    let segments: String?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let name = arguments.string("dialect") ?? "duckdb"
        guard let dialect = SQLDialect(rawValue: name) else {
            throw UsageError("--dialect must be one of \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
        }
        self.dialect = dialect
        segments = arguments.string("segments")
    }

    func run() throws {
        let configuration = try segments.map { try SegmentConfiguration.load(path: $0) } ?? .standard
        print(CountsQuery(segments: configuration, dialect: dialect).text, terminator: "")
    }
}
