import Foundation
import VoucherCompiler
import VoucherHistory
import VoucherS3
import VoucherStorage
import VoucherTable

/// What `compile` and `report` share: the history locations, the segment
/// configuration, and the one pass that compiles them.
struct HistoryOptions {
    static let arguments = PositionalSpec(
        name: "history",
        help: "History locations: files (Parquet or CSV), folders (their *.parquet, *.parquet.gzip, *.parq, *.csv files, recursively), patterns ('dir/dt=*/*.parquet'), s3://bucket/key or s3://bucket/prefix/; all are compiled together, as one table.",
        isRepeated: true)
    static let segmentsOption = OptionSpec(
        long: "segments", value: "file",
        help: "Segment configuration (JSON); default: the behaviour §3 segments, as in artifacts/segments.json.")

    let history: [String]
    let segments: String?

    init(_ arguments: ParsedArguments) {
        history = arguments.positionals
        segments = arguments.string("segments")
    }

    /// Compiles every part of every location in one pass, with `observers`
    /// watching it and `storage` reaching the objects.
    ///
    /// - Throws: a configuration, location, storage, history or I/O error naming the file or object.
    /// With `memoryLimit`, its duplicate check spills to `temporaryDirectory` past it (see ``HistoryCompiler``).
    func compile(storage: StorageAccess, observers: [any CompileObserver] = [], memoryLimit: Int? = nil,
                 temporaryDirectory: String = "/tmp", threads: Int? = nil) throws -> CompileResult {
        let configuration = try segments.map { try SegmentConfiguration.load(path: $0) } ?? .standard
        let parts = try storage.resolve(history)
        let compiler = HistoryCompiler(segments: configuration, memoryLimit: memoryLimit, temporaryDirectory: temporaryDirectory,
                                       threads: threads)
        for observer in observers { compiler.addObserver(observer) }
        for part in parts {
            let name = part.sourceName
            switch part.storage {
            case .file(let path):
                try compiler.add(HistoryFile.open(path)) {
                    var identity = try SourceIdentity(hashing: path)
                    identity.name = name
                    return identity
                }
            case .object(let object):
                try compiler.add(storage.open(part)) {
                    // An object is not read whole: its ETag stands for its bytes (the SHA-256 is left zero).
                    SourceIdentity(name: "\(name) (ETag \(object.etag))", size: Int64(object.size),
                                   sha256: [UInt8](repeating: 0, count: 32))
                }
            }
        }
        return try compiler.finish()
    }
}

/// The S3 client, made when the first `s3://` location or output needs it
/// (so commands on local files read no AWS setting), and the history parts.
final class StorageAccess {
    private var made: S3Client?

    /// The client, configured from the environment and the AWS files.
    func client() throws -> S3Client {
        if let made { return made }
        let client = S3Client(configuration: try AWSConfiguration.load(environment: ProcessInfo.processInfo.environment))
        made = client
        return client
    }

    /// The parts of `locations`, in order.
    func resolve(_ locations: [String]) throws -> [HistoryPart] {
        try HistoryLocations.resolve(locations, client: client)
    }

    /// A reader of `part`: a file by its bytes' format, an object by its name's extension.
    func open(_ part: HistoryPart) throws -> any HistoryReader {
        switch part.storage {
        case .file(let path): try HistoryFile.open(path)
        case .object: try HistoryFile.open(source: part.open(client: try client()))
        }
    }

    /// `read from S3: N requests, B bytes` when S3 was used, else nil.
    var statisticsLine: String? {
        guard let made else { return nil }
        let (requests, bytes) = made.statistics
        return "S3: \(requests) requests, \(bytes) bytes received"
    }
}
