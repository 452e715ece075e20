import Foundation
import VoucherCompiler
import VoucherReport
import VoucherS3
import VoucherStorage
import VoucherTable

/// `voucher compile HISTORY... -o TABLE`: behaviour §2–§4, written atomically.
struct CompileCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "compile",
        abstract: "Clean voucher history, aggregate it per country, segment and bucket, and write the table file.",
        arguments: HistoryOptions.arguments,
        options: [
            OptionSpec(long: "output", short: "o", value: "file",
                       help: "The table file to write (atomically: a failed compile leaves an existing one intact), or s3://bucket/key (one PUT once the table is written and verified).",
                       defaultValue: "artifacts/vouchers.vtab"),
            HistoryOptions.segmentsOption,
            OptionSpec(long: "summary-json", value: "file", help: "Also write the compile summary as JSON to this file."),
            OptionSpec(long: "report", value: "file",
                       help: "Also write the history report (HTML) to this file, from the same pass over the history."),
            OptionSpec(long: "report-json", value: "file", help: "Also write the history report's JSON to this file."),
            OptionSpec(long: "memory-limit", value: "size",
                       help: "The memory the compile may use (512M, 2G, bytes), whatever the history's size: past it the exact duplicate check spills to temporary files. Not with --report or --report-json, which need every row's verdict in order and keep the check in memory.",
                       defaultValue: "512M"),
            OptionSpec(long: "threads", value: "n",
                       help: "Threads the history is read and the rows are judged on; the table is the same at any count.",
                       defaultValue: "one per core"),
            OptionSpec(long: "temp-dir", value: "folder",
                       help: "Where the duplicate check spills (a folder of its own is made there and removed on success, failure, SIGINT and SIGTERM).",
                       defaultValue: "$TMPDIR, else /tmp"),
        ])

    let input: HistoryOptions
    let output: String
    let summaryJson: String?
    let report: String?
    let reportJson: String?
    let memoryLimit: Int
    let temporaryFolder: String
    let threads: Int?

    init(_ arguments: ParsedArguments) throws(UsageError) {
        input = HistoryOptions(arguments)
        output = arguments.string("output") ?? "artifacts/vouchers.vtab"
        summaryJson = arguments.string("summary-json")
        report = arguments.string("report")
        reportJson = arguments.string("report-json")
        memoryLimit = try arguments.byteSize("memory-limit") ?? 512 << 20
        temporaryFolder = arguments.string("temp-dir") ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        threads = try arguments.integer("threads")
        if let threads, !(1 ... 1024).contains(threads) {
            throw UsageError("'--threads' needs a whole number from 1 to 1024, not '\(threads)'")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let collector = report != nil || reportJson != nil ? ReportCollector() : nil
        let storage = StorageAccess()
        let spill = try SpillFolder(in: temporaryFolder)
        defer { spill.remove() }
        let result = try input.compile(storage: storage, observers: collector.map { [$0] } ?? [],
                                       memoryLimit: memoryLimit, temporaryDirectory: spill.path, threads: threads)
        if let object = try S3Location(parsing: output) {
            try upload(result.contents, to: object, client: storage.client())
        } else {
            try TableWriter.write(result.contents, to: output)
        }
        if let collector {
            try HistoryReport(collector: collector, result: result).write(htmlTo: report, jsonTo: reportJson)
        }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(result.summaryText(output: output, seconds: seconds))
        if result.spilled {
            let mebibytes = Double(memoryLimit) / Double(1 << 20)
            print("duplicate check spilled to disk (memory limit \((mebibytes * 10).rounded() / 10) MiB)")
        }
        if let summaryJson {
            try result.summaryJSON(output: output, seconds: seconds).write(to: URL(fileURLWithPath: summaryJson), options: .atomic)
        }
        if let line = storage.statisticsLine { print(line) }
    }

    /// Writes the table to a temporary file, verifies it by opening it as
    /// the server would, and uploads it with one PUT; nothing is sent when
    /// any step before fails.
    private func upload(_ contents: TableContents, to object: S3Location, client: S3Client) throws {
        guard !object.isPrefix else {
            throw StorageError(.badLocation, location: object.description, "the output must name an object (s3://bucket/key), not a prefix")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("voucher-upload-\(getpid())-\(UInt64.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("table.vtab").path
        try TableWriter.write(contents, to: path)
        _ = try VoucherTable(path: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try client.put(object, body: bytes)
    }
}

/// The compile's own folder for spill files, made in the temporary folder
/// the user chose, and removed when the compile ends, fails, or is stopped
/// by SIGINT or SIGTERM (then the process exits with 128 + the signal).
private final class SpillFolder {
    let path: String
    private let signals: [any DispatchSourceSignal]

    init(in parent: String) throws {
        var template = Array("\(parent)/voucher-compile-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            let code = errno
            throw FolderError(description: "\(parent): cannot make a temporary folder for the compile (--temp-dir): \(String(cString: strerror(code))) (errno \(code))")
        }
        let path = String(cString: made)
        self.path = path
        signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // dispatch sees only a signal whose default action is out of the way
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // Renamed first, so the compile, still running, can make no
                // new spill file in it while it is being removed.
                let doomed = "\(path).removing"
                let target = rename(path, doomed) == 0 ? doomed : path
                try? FileManager.default.removeItem(atPath: target)
                _exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    func remove() {
        for source in signals { source.cancel() }
        try? FileManager.default.removeItem(atPath: path)
    }

    struct FolderError: Error, CustomStringConvertible {
        let description: String
    }
}
