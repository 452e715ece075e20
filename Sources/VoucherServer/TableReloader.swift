import Dispatch
import Logging
import NIOCore

/// What a reload did.
public enum TableReloadResult: Sendable, Hashable {
    /// A new table file passed every check and is now served; its SHA-256.
    case loaded(sha256: String)
    /// The path names the file already served (same inode and SHA-256): nothing changed.
    case unchanged
    /// The file was refused (logged, counted in `/metrics`, shown in
    /// `/health`); the previous table, if any, is still served.
    case refused(reason: String)
}

/// Keeps the served table in step with its ``TableSource`` (a table file,
/// or a published location's `current` pointer): loads it at start, reloads
/// it on request (SIGHUP, tests) and when a poll sees a change, verifies
/// each new table completely, and hands every new ``ServingState`` to the
/// event loops.
///
/// A table that fails verification is refused and the previous table stays
/// in service. A file source does not retry the same refused file until it
/// changes or a reload is requested; a published location is retried at
/// every poll, and the same failure repeated is logged and counted once.
///
/// Thread-safety: all state is confined to a private serial queue, which
/// also serialises reloads (that is why the class is `@unchecked Sendable`);
/// every method may be called from any thread, never from an event loop
/// (publishing waits for the loops).
final class TableReloader: @unchecked Sendable {
    private let source: any TableSource
    private let logger: Logger
    private let queue = DispatchQueue(label: "voucher.table-reloader")
    // Confined to `queue` once the initialiser has returned.
    private var current: ServingState
    /// The failure last logged, while the source keeps failing that way.
    private var loggedFailure: String?
    private var publish: (@Sendable (ServingState) -> Void)?
    private var timer: (any DispatchSourceTimer)?
    private var stopped = false

    /// Loads the table from `source` (blocking). A missing or invalid table
    /// is logged and leaves the server without a table (answers `503`)
    /// until a valid one appears.
    init(source: any TableSource, logger: Logger) {
        self.source = source
        self.logger = logger
        do throws(ServerError) {
            guard let table = try source.load(serving: nil) else {
                throw ServerError(code: .io, message: "\(source.description): no table")
            }
            current = ServingState(table: table, reloads: 0, failedReloads: 0, lastFailure: nil)
            logger.info("table loaded", metadata: Self.metadata(table))
        } catch {
            let failure = ReloadFailure(at: ServerSyscall.wallClockNanoseconds(), message: error.message)
            current = ServingState(table: nil, reloads: 0, failedReloads: 1, lastFailure: failure,
                                   missingReason: "no valid table is loaded: \(error.message)")
            loggedFailure = error.message
            logger.error("table refused; serving 503 until a valid table appears",
                         metadata: ["path": "\(source.description)", "error": "\(error.message)"])
        }
    }

    /// The current state.
    var state: ServingState { queue.sync { current } }

    /// Starts publishing to the event loops and, with an interval, polling the file.
    func start(publish: @escaping @Sendable (ServingState) -> Void, pollInterval: Duration?) {
        queue.sync {
            self.publish = publish
            guard let pollInterval else { return }
            let interval = DispatchTimeInterval.nanoseconds(Int(pollInterval.nanoseconds))
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
            timer.setEventHandler { [unowned self] in self.poll() }
            timer.resume()
            self.timer = timer
        }
    }

    /// Stops polling and publishing; waits for a reload under way to finish.
    func stop() {
        queue.sync {
            stopped = true
            timer?.cancel()
            timer = nil
            publish = nil
        }
    }

    /// Reloads now (even if the source looks unchanged) and returns once
    /// every event loop serves the outcome.
    func reload(reason: String) async -> TableReloadResult {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.reloadOnQueue(reason: reason, requested: true)) }
        }
    }

    /// Reloads soon, without waiting (the SIGHUP path).
    func requestReload(reason: String) {
        queue.async { _ = self.reloadOnQueue(reason: reason, requested: true) }
    }

    // MARK: - On the queue

    private func poll() {
        guard !stopped, source.hasChanged(serving: current.table, logger: logger) else { return }
        _ = reloadOnQueue(reason: source.changeReason, requested: false)
    }

    private func reloadOnQueue(reason: String, requested: Bool) -> TableReloadResult {
        guard !stopped else { return .unchanged }
        do {
            guard let table = try source.load(serving: current.table) else {
                loggedFailure = nil
                logger.info("table unchanged", metadata: ["path": "\(source.description)", "reason": "\(reason)"])
                return .unchanged
            }
            loggedFailure = nil
            if let old = current.table, old.sha256 == table.sha256, old.identity == table.identity {
                logger.info("table unchanged", metadata: ["path": "\(source.description)", "reason": "\(reason)"])
                return .unchanged
            }
            install(current.switching(to: table))
            var metadata = Self.metadata(table)
            metadata["reason"] = "\(reason)"
            logger.info("table reloaded", metadata: metadata)
            return .loaded(sha256: table.sha256)
        } catch {
            if source.retriesFailures && !requested && loggedFailure == error.message {
                return .refused(reason: error.message)  // the same failure as at the last poll: logged and counted once
            }
            loggedFailure = error.message
            install(current.refusing(ReloadFailure(at: ServerSyscall.wallClockNanoseconds(), message: error.message)))
            logger.error("table refused; still serving the previous table",
                         metadata: ["path": "\(source.description)", "reason": "\(reason)", "error": "\(error.message)"])
            return .refused(reason: error.message)
        }
    }

    private func install(_ state: ServingState) {
        current = state
        publish?(state)
    }

    private static func metadata(_ table: LoadedTable) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "path": "\(table.path)", "sha256": "\(table.sha256)", "format_version": "\(table.formatVersion)",
            "countries": "\(table.countries.count)",
        ]
        if let published = table.published {
            metadata["location"] = "\(published.location)"
            metadata["published_at"] = "\(published.publishedAt)"
        }
        return metadata
    }
}
