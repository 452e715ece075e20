import Foundation
import VoucherCompiler
import VoucherTable

/// `voucher pack COUNTS... -o TABLE`: the counts `voucher sql`'s query
/// returned, made into the table by the compile's own aggregation.
struct PackCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "pack",
        abstract: "Write the table from the counts of voucher sql's query (Parquet or CSV part files).",
        discussion: """
          The segments must be those the query was generated for. The table's sources are the counts files.
          Example:
            voucher pack counts/part-*.parquet -o artifacts/vouchers.vtab
          """,
        arguments: PositionalSpec(name: "counts", help: "Counts files (Parquet or CSV); all are added up.", isRepeated: true),
        options: [
            OptionSpec(long: "output", short: "o", value: "file",
                       help: "The table file to write (atomically).", defaultValue: "artifacts/vouchers.vtab"),
            HistoryOptions.segmentsOption,
            OptionSpec(long: "summary-json", value: "file", help: "Also write the summary as JSON to this file."),
        ])

    let counts: [String]
    let output: String
    let segments: String?
    let summaryJson: String?

    init(_ arguments: ParsedArguments) {
        counts = arguments.positionals
        output = arguments.string("output") ?? "artifacts/vouchers.vtab"
        segments = arguments.string("segments")
        summaryJson = arguments.string("summary-json")
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let configuration = try segments.map { try SegmentConfiguration.load(path: $0) } ?? .standard
        let packer = CountsPacker(segments: configuration)
        for path in counts { try packer.add(path: path) }
        let result = try packer.finish()
        try TableWriter.write(result.contents, to: output)
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = result.summaryText(output: output, seconds: seconds)
        print("packed" + summary.drop { $0 != " " })
        if let summaryJson {
            try result.summaryJSON(output: output, seconds: seconds).write(to: URL(fileURLWithPath: summaryJson), options: .atomic)
        }
    }
}
