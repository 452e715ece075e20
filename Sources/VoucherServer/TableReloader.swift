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

/// Keeps the served table in step with the file at the table path: loads
/// it at start, reloads it on request (SIGHUP, tests) and when the file is
/// replaced (polling `stat` for device, inode, size and modification time),
/// verifies each new file completely, and hands every new ``ServingState``
/// to the event loops.
///
/// A file that fails verification is refused and the previous table stays
/// in service; the same refused file is not retried until it changes or a
/// reload is requested. A file that disappears leaves the loaded table in
/// service.
///
/// Thread-safety: all state is confined to a private serial queue, which
/// also serialises reloads (that is why the class is `@unchecked Sendable`);
/// every method may be called from any thread, never from an event loop
/// (publishing waits for the loops).
final class TableReloader: @unchecked Sendable {
    private let path: String
    private let logger: Logger
    private let queue = DispatchQueue(label: "voucher.table-reloader")
    // Confined to `queue` once the initialiser has returned.
    private var current: ServingState
    private var lastSeen: FileIdentity?
    private var publish: (@Sendable (ServingState) -> Void)?
    private var timer: (any DispatchSourceTimer)?
    private var stopped = false

    /// Loads the table at `path` (blocking). A missing or invalid file is
    /// logged and leaves the server without a table (answers `503`) until
    /// a valid file appears.
    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
        lastSeen = try? ServerSyscall.identity(of: path)
        do {
            let table = try LoadedTable.load(path: path)
            lastSeen = table.identity
            current = ServingState(table: table, reloads: 0, failedReloads: 0, lastFailure: nil)
            logger.info("table loaded", metadata: Self.metadata(table))
        } catch {
            let failure = ReloadFailure(at: ServerSyscall.wallClockNanoseconds(), message: error.message)
            current = ServingState(table: nil, reloads: 0, failedReloads: 1, lastFailure: failure,
                                   missingReason: "no valid table is loaded: \(error.message)")
            logger.error("table refused; serving 503 until a valid table file appears",
                         metadata: ["path": "\(path)", "error": "\(error.message)"])
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

    /// Reloads the file now (even if it looks unchanged) and returns once
    /// every event loop serves the outcome.
    func reload(reason: String) async -> TableReloadResult {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.reloadOnQueue(reason: reason)) }
        }
    }

    /// Reloads the file soon, without waiting (the SIGHUP path).
    func requestReload(reason: String) {
        queue.async { _ = self.reloadOnQueue(reason: reason) }
    }

    // MARK: - On the queue

    private func poll() {
        guard !stopped else { return }
        let identity: FileIdentity?
        do {
            identity = try ServerSyscall.identity(of: path)
        } catch {
            identity = nil
        }
        guard identity != lastSeen else { return }
        guard identity != nil else {
            lastSeen = nil
            logger.warning("table file is gone; still serving the loaded table", metadata: ["path": "\(path)"])
            return
        }
        _ = reloadOnQueue(reason: "file changed")
    }

    private func reloadOnQueue(reason: String) -> TableReloadResult {
        guard !stopped else { return .unchanged }
        do {
            let table = try LoadedTable.load(path: path)
            lastSeen = table.identity
            if let old = current.table, old.sha256 == table.sha256, old.identity == table.identity {
                logger.info("table unchanged", metadata: ["path": "\(path)", "reason": "\(reason)"])
                return .unchanged
            }
            install(current.switching(to: table))
            var metadata = Self.metadata(table)
            metadata["reason"] = "\(reason)"
            logger.info("table reloaded", metadata: metadata)
            return .loaded(sha256: table.sha256)
        } catch {
            lastSeen = try? ServerSyscall.identity(of: path)
            install(current.refusing(ReloadFailure(at: ServerSyscall.wallClockNanoseconds(), message: error.message)))
            logger.error("table file refused; still serving the previous table",
                         metadata: ["path": "\(path)", "reason": "\(reason)", "error": "\(error.message)"])
            return .refused(reason: error.message)
        }
    }

    private func install(_ state: ServingState) {
        current = state
        publish?(state)
    }

    private static func metadata(_ table: LoadedTable) -> Logger.Metadata {
        ["path": "\(table.path)", "sha256": "\(table.sha256)", "format_version": "\(table.formatVersion)",
         "countries": "\(table.countries.count)"]
    }
}
