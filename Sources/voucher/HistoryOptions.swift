import VoucherCompiler
import VoucherTable

/// What `compile` and `report` share: the history files, the segment
/// configuration, and the one pass that compiles them.
struct HistoryOptions {
    static let arguments = PositionalSpec(
        name: "history", help: "History files (Parquet or CSV); all are compiled together, as one table.", isRepeated: true)
    static let segmentsOption = OptionSpec(
        long: "segments", value: "file",
        help: "Segment configuration (JSON); default: the SPEC §3 segments, as in artifacts/segments.json.")

    let history: [String]
    let segments: String?

    init(_ arguments: ParsedArguments) {
        history = arguments.positionals
        segments = arguments.string("segments")
    }

    /// Compiles every history file in one pass, with `observers` watching it.
    ///
    /// - Throws: a configuration, history or I/O error naming the file.
    func compile(observers: [any CompileObserver] = []) throws -> CompileResult {
        let configuration = try segments.map { try SegmentConfiguration.load(path: $0) } ?? .standard
        let compiler = HistoryCompiler(segments: configuration)
        for observer in observers { compiler.addObserver(observer) }
        for path in history { try compiler.add(path: path) }
        return try compiler.finish()
    }
}
