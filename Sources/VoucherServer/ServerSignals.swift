import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process signals `voucher serve` answers: `SIGHUP` reloads the table
/// (``VoucherServer/requestReload()``); `SIGTERM` and `SIGINT` shut the
/// server down gracefully (``VoucherServer/beginShutdown()``), after which
/// ``VoucherServer/waitUntilStopped()`` returns and the process can exit 0.
///
/// The signals' default actions are replaced for the whole process while
/// the object lives, so install it only in an executable, never in a
/// library user's process or a test. Thread-safety: immutable after
/// ``install(for:)``; ``cancel()`` may be called from any thread (dispatch
/// sources are thread-safe, which is why the class is `@unchecked Sendable`).
public final class ServerSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    private init(sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    /// Routes SIGHUP, SIGTERM and SIGINT to `server`.
    public static func install(for server: VoucherServer) -> ServerSignals {
        let queue = DispatchQueue(label: "voucher.signals")
        var sources: [any DispatchSourceSignal] = []
        for (number, action) in [(SIGHUP, server.requestReload), (SIGTERM, server.beginShutdown),
                                 (SIGINT, server.beginShutdown)] as [(Int32, @Sendable () -> Void)] {
            // Dispatch only sees a signal whose default action is out of the way.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: action)
            source.resume()
            sources.append(source)
        }
        return ServerSignals(sources: sources)
    }

    /// Stops listening for the signals (they stay ignored).
    public func cancel() {
        for source in sources { source.cancel() }
    }
}
