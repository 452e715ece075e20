import ArgumentParser
import Logging
import VoucherServer

/// `voucher serve`: POST /voucher over HTTP/1.1 from the table, with hot
/// reload (SIGHUP or a replaced file), /health and /metrics. Runs until
/// SIGTERM or SIGINT, then finishes the requests under way and exits 0.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /voucher over HTTP/1.1 from a table, with hot reload, /health and /metrics.",
        discussion: """
            With no flags, serves artifacts/vouchers.vtab on 0.0.0.0:8000:
              curl -s localhost:8000/voucher -H 'Content-Type: application/json' \\
                   -d '{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3}'
            SIGHUP reloads the table; replacing the file (by rename) reloads it too.
            SIGTERM or SIGINT stops accepting, finishes requests under way and exits 0.
            """)

    @Option(help: "The table file to serve and watch for replacement.")
    var table: String = ServerConfiguration().tablePath

    @Option(help: "The address to listen on.")
    var host: String = ServerConfiguration().host

    @Option(help: "The TCP port (0: any free port).")
    var port: Int = ServerConfiguration().port

    @Option(help: "Event loop threads (default: 1 on up to 2 cores, else one per core).")
    var threads: Int = ServerConfiguration.defaultThreads

    @Option(help: "How often to check the table file for replacement, in milliseconds (0: only on SIGHUP).")
    var reloadPollMs: Int = 500

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard reloadPollMs >= 0 else { throw ValidationError("--reload-poll-ms must be 0 or more") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "voucher.serve")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = ServerConfiguration(tablePath: table, host: host, port: port)
        configuration.threads = threads
        configuration.reloadPollInterval = reloadPollMs == 0 ? nil : .milliseconds(Int64(reloadPollMs))
        let server = try VoucherServer.start(configuration: configuration, logger: logger)
        let signals = ServerSignals.install(for: server)
        server.waitUntilStopped()
        signals.cancel()
    }
}
