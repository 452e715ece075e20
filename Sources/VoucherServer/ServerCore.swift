import Logging
import NIOConcurrencyHelpers
import NIOCore

/// What the whole server shares across event loops: each loop's state (in
/// its `NIOLoopBoundBox`), the connection count, the configuration and the
/// logger.
///
/// `Sendable`: the loop states are reached only through their boxes (on
/// their own loop), the connection count behind a lock taken once per
/// connection, never per request (and once more when a connection is
/// closed to make room for another).
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

    /// Counts a new connection when the limit leaves room for it (`true`).
    func acquireConnection() -> Bool {
        connectionCount.withLockedValue { count in
            guard count.open < configuration.maxConnections else { return false }
            count.open += 1
            return true
        }
    }

    /// Forgets a closed connection.
    func releaseConnection() {
        connectionCount.withLockedValue { $0.open -= 1 }
    }

    /// At the connection limit, makes room for a new connection of `box`'s
    /// loop by closing the connection idle longest: on that loop when it has
    /// an idle one (the usual case: connections are spread evenly over the
    /// loops, and with one loop this is the longest idle of all), else on
    /// the first other loop that has one. The new connection is then counted
    /// in its place (`true`, on `box`'s loop; the count exceeds the limit
    /// until the closed one is released, a moment later on its loop). When
    /// no connection is idle anywhere the new one is counted as rejected
    /// (`false`).
    func makeRoom(on box: NIOLoopBoundBox<LoopState>) -> EventLoopFuture<Bool> {
        let eventLoop = box.eventLoop
        var evicted = eventLoop.makeSucceededFuture(box.value.closeLongestIdle())
        for other in loops where other.eventLoop !== eventLoop {
            evicted = evicted.flatMap { done in
                done ? eventLoop.makeSucceededFuture(true)
                    : other.eventLoop.submit { other.value.closeLongestIdle() }.hop(to: eventLoop)
            }
        }
        return evicted.map { done in
            self.connectionCount.withLockedValue { count in
                if done { count.open += 1 } else { count.rejected &+= 1 }
            }
            return done
        }
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
