import Logging
import VoucherServer

/// `voucher serve`: POST /voucher over HTTP/1.1 from the table, with hot
/// reload (SIGHUP or a replaced file), /health and /metrics. Runs until
/// SIGTERM or SIGINT, then finishes the requests under way and exits 0.
struct ServeCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "serve",
        abstract: "Serve POST /voucher over HTTP/1.1 from a table, with hot reload, /health and /metrics.",
        discussion: """
            With no flags, serves artifacts/vouchers.vtab on 0.0.0.0:8000:
              curl -s localhost:8000/voucher -H 'Content-Type: application/json' \\
                   -d '{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3}'
            SIGHUP reloads the table; replacing the file (by rename) reloads it too.
            With --table DIR or s3://bucket/prefix (a published location, see voucher publish) the server follows its current:
            it reads it every --poll seconds and on SIGHUP, copies a new version into --cache, verifies it
            and switches; a failure keeps the old table and shows in /health and /metrics.
            SIGTERM or SIGINT stops accepting, finishes requests under way and exits 0.
            """,
        options: [
            OptionSpec(long: "table", value: "file|dir",
                       help: "The table file to serve and watch for replacement, or a published location (a directory or s3://bucket/prefix) to follow.",
                       defaultValue: ServerConfiguration().tablePath),
            OptionSpec(long: "poll", value: "seconds", help: "How often to read a published location's current (0: only on SIGHUP).",
                       defaultValue: "5"),
            OptionSpec(long: "cache", value: "dir", help: "Where versions of a published location are copied before they are served.",
                       defaultValue: ServerConfiguration.defaultCacheDirectory),
            OptionSpec(long: "host", value: "address", help: "The address to listen on.", defaultValue: ServerConfiguration().host),
            OptionSpec(long: "port", value: "port", help: "The TCP port (0: any free port).",
                       defaultValue: String(ServerConfiguration().port)),
            OptionSpec(long: "threads", value: "n", help: "Event loop threads (default: 1 on up to 2 cores, else one per core).",
                       defaultValue: String(ServerConfiguration.defaultThreads)),
            OptionSpec(long: "reload-poll-ms", value: "ms",
                       help: "How often to check the table file for replacement, in milliseconds (0: only on SIGHUP).",
                       defaultValue: "500"),
            OptionSpec(long: "log-level", value: "level",
                       help: "Log level: trace, debug, info, notice, warning, error or critical.", defaultValue: "info"),
        ])

    let table: String
    let host: String
    let port: Int
    let threads: Int
    let reloadPollMs: Int
    let pollSeconds: Double
    let cache: String?
    let logLevel: Logger.Level

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let defaults = ServerConfiguration()
        table = arguments.string("table") ?? defaults.tablePath
        host = arguments.string("host") ?? defaults.host
        port = try arguments.integer("port") ?? defaults.port
        threads = try arguments.integer("threads") ?? ServerConfiguration.defaultThreads
        reloadPollMs = try arguments.integer("reload-poll-ms") ?? 500
        guard reloadPollMs >= 0 else { throw UsageError("--reload-poll-ms must be 0 or more") }
        let poll = arguments.string("poll") ?? "5"
        guard let seconds = Double(poll), seconds >= 0, seconds <= 86_400 else {
            throw UsageError("'--poll' needs a number of seconds (0-86400), not '\(poll)'")
        }
        pollSeconds = seconds
        cache = arguments.string("cache")
        guard let level = Logger.Level(rawValue: arguments.string("log-level") ?? "info") else {
            throw UsageError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = level
    }

    func run() throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "voucher.serve")
        logger.logLevel = logLevel
        var configuration = ServerConfiguration(tablePath: table, host: host, port: port)
        configuration.threads = threads
        configuration.reloadPollInterval = reloadPollMs == 0 ? nil : .milliseconds(Int64(reloadPollMs))
        configuration.locationPollInterval = pollSeconds == 0 ? nil : .milliseconds(Int64(pollSeconds * 1000))
        configuration.cacheDirectory = cache
        let server = try VoucherServer.start(configuration: configuration, logger: logger)
        let signals = ServerSignals.install(for: server)
        server.waitUntilStopped()
        signals.cancel()
    }
}
