import Logging
import NIOConcurrencyHelpers
import NIOCore

/// What the whole server shares across event loops: each loop's state (in
/// its `NIOLoopBoundBox`), the connection count, the configuration and the
/// logger.
///
/// `Sendable`: the loop states are reached only through their boxes (on
/// their own loop), the connection count behind a lock taken once per
/// connection, never per request.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let logger: Logger
    /// One per event loop.
    let loops: [NIOLoopBoundBox<LoopState>]
    private let connectionCount = NIOLockedValueBox((open: 0, rejected: UInt64(0)))

    init(configuration: ServerConfiguration, logger: Logger, loops: [NIOLoopBoundBox<LoopState>]) {
        self.configuration = configuration
        self.logger = logger
        self.loops = loops
    }

    /// The state of the loop `eventLoop`, or `nil` for a loop of another group.
    func loopState(for eventLoop: any EventLoop) -> NIOLoopBoundBox<LoopState>? {
        loops.first { $0.eventLoop === eventLoop }
    }

    /// Counts a new connection; `false` (and counted as rejected) when the
    /// limit is reached.
    func acquireConnection() -> Bool {
        connectionCount.withLockedValue { count in
            guard count.open < configuration.maxConnections else {
                count.rejected &+= 1
                return false
            }
            count.open += 1
            return true
        }
    }

    /// Forgets a closed connection.
    func releaseConnection() {
        connectionCount.withLockedValue { $0.open -= 1 }
    }

    /// Open connections and connections rejected over the limit.
    var connectionFigures: (open: Int, rejected: UInt64) { connectionCount.withLockedValue { $0 } }

    /// Hands a new serving state to every loop and waits until each has it.
    /// Blocks: never call it on an event loop.
    func publish(_ state: ServingState) {
        let applied = loops.map { box in box.eventLoop.submit { box.value.serving = state } }
        _ = try? EventLoopFuture.andAllSucceed(applied, on: loops[0].eventLoop).wait()
    }

    /// The `/metrics` page: every loop's counters, fetched on their own loops
    /// and summed on `eventLoop`, with `serving`'s table lines.
    func renderMetrics(on eventLoop: any EventLoop, serving: ServingState) -> EventLoopFuture<[UInt8]> {
        let counters = loops.map { box in box.eventLoop.submit { box.value.requests } }
        return EventLoopFuture.whenAllSucceed(counters, on: eventLoop).map { all in
            var total = RequestMetrics()
            for counter in all { total.add(counter) }
            let figures = self.connectionFigures
            return MetricsExporter.render(requests: total, serving: serving, openConnections: figures.open,
                                          rejectedConnections: figures.rejected)
        }
    }
}
