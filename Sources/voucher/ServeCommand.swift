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
            SIGTERM or SIGINT stops accepting, finishes requests under way and exits 0.
            """,
        options: [
            OptionSpec(long: "table", value: "file", help: "The table file to serve and watch for replacement.",
                       defaultValue: ServerConfiguration().tablePath),
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
    let logLevel: Logger.Level

    init(_ arguments: ParsedArguments) throws(UsageError) {
        let defaults = ServerConfiguration()
        table = arguments.string("table") ?? defaults.tablePath
        host = arguments.string("host") ?? defaults.host
        port = try arguments.integer("port") ?? defaults.port
        threads = try arguments.integer("threads") ?? ServerConfiguration.defaultThreads
        reloadPollMs = try arguments.integer("reload-poll-ms") ?? 500
        guard reloadPollMs >= 0 else { throw UsageError("--reload-poll-ms must be 0 or more") }
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
        let server = try VoucherServer.start(configuration: configuration, logger: logger)
        let signals = ServerSignals.install(for: server)
        server.waitUntilStopped()
        signals.cancel()
    }
}
