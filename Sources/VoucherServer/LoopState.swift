import NIOCore
import VoucherAPI

/// Everything one event loop's connections share, owned by that loop and
/// touched only on it, so the request path takes no lock:
///
/// - ``serving``: the loop's reference to the current table and health
///   answer; the reloader replaces it with `eventLoop.execute`.
/// - ``requests``: the loop's counters, summed over loops by `/metrics`.
/// - ``dateLine`` and ``response``: the `Date` header and the response
///   scratch buffer, reused by every request; ``okResponse(amount:)``: whole
///   `200` responses of this second, one per amount (a table has few).
/// - ``connections``: the open connections, for timeouts and draining;
///   ``idle``: those between requests, longest idle first, to make room at
///   the connection limit.
///
/// Not `Sendable`: reach it from elsewhere only through its `NIOLoopBoundBox`.
final class LoopState {
    let eventLoop: any EventLoop
    let configuration: ServerConfiguration
    /// What requests are answered from.
    var serving: ServingState
    /// This loop's request counters.
    var requests = RequestMetrics()
    /// This loop's answered lookups per table entry.
    var lookups = LookupCounters()
    /// `Date: …\r\n`, refreshed by ``sweep()``.
    private(set) var dateLine: ByteBuffer
    /// The rendered answer of the request being handled.
    var response = LookupResponse(capacity: 512)
    /// The open connections of this loop.
    private var connections: [ObjectIdentifier: VoucherHTTPHandler] = [:]
    /// The open connections of this loop that are idle, longest idle first.
    var idle = IdleConnections()
    /// The second ``dateLine`` shows.
    private var dateSecond: Int64
    /// Whole `200` responses (HTTP/1.1, connection kept) and their amounts,
    /// with this second's `Date`; emptied when the second changes. A table
    /// has a few amounts: searching them costs less than hashing one (a
    /// dictionary's look-up was 200 instructions a request).
    private var okResponses: [(amount: Int64, response: ByteBuffer)] = []
    /// Set by ``drain()``: connections close after their current request.
    private(set) var isDraining = false
    /// Completed once draining and the last connection has closed.
    private var drained: EventLoopPromise<Void>?
    private var sweepTask: RepeatedTask?

    init(eventLoop: any EventLoop, configuration: ServerConfiguration, serving: ServingState) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.serving = serving
        dateSecond = ServerSyscall.wallClockNanoseconds() / 1_000_000_000
        dateLine = ResponseWriter.dateLine(secondsSinceEpoch: dateSecond)
    }

    /// Starts the periodic sweep (timeouts and `Date`). On the loop.
    func start(box: NIOLoopBoundBox<LoopState>) {
        let interval = configuration.sweepInterval
        sweepTask = eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            box.value.sweep()
        }
    }

    /// Stops the sweep. On the loop.
    func stop() {
        sweepTask?.cancel()
        sweepTask = nil
    }

    /// Refreshes the `Date` line and closes connections past a timeout.
    func sweep() {
        let second = ServerSyscall.wallClockNanoseconds() / 1_000_000_000
        if second != dateSecond {
            dateSecond = second
            dateLine = ResponseWriter.dateLine(secondsSinceEpoch: second)
            okResponses.removeAll(keepingCapacity: true)
        }
        let now = ServerSyscall.monotonicNanoseconds()
        for handler in connections.values {
            handler.checkTimeouts(now: now, idleTimeout: configuration.idleTimeout.nanoseconds,
                                  readTimeout: configuration.readTimeout.nanoseconds)
        }
    }

    /// The whole response `200 {"voucher_amount": amount}` for an HTTP/1.1
    /// request whose connection stays open, as ``ResponseWriter`` writes it.
    func okResponse(amount: Int64) -> ByteBuffer {
        if let index = okResponses.firstIndex(where: { $0.amount == amount }) { return okResponses[index].response }
        response.render(amount: amount)
        var whole = ByteBuffer()
        response.body.withUnsafeBytes { body in
            ResponseWriter.write(status: 200, contentType: .json, body: body, date: dateLine, into: &whole)
        }
        if okResponses.count >= 64 { okResponses.removeAll(keepingCapacity: true) }  // a table has a few amounts
        okResponses.append((amount, whole))
        return whole
    }

    /// Registers an open connection.
    func add(_ handler: VoucherHTTPHandler) {
        connections[ObjectIdentifier(handler)] = handler
        requests.connectionsAccepted &+= 1
    }

    /// Forgets a closed connection; completes a drain when it was the last.
    func remove(_ handler: VoucherHTTPHandler) {
        idle.remove(handler)  // first: the list does not own its handlers
        connections[ObjectIdentifier(handler)] = nil
        if connections.isEmpty, let drained {
            self.drained = nil
            drained.succeed(())
        }
    }

    /// Closes the connection of this loop that has been idle longest, to
    /// make room for a new one at the connection limit; `false` when none
    /// of this loop's connections is idle.
    func closeLongestIdle() -> Bool {
        guard let handler = idle.first else { return false }
        idle.remove(handler)
        requests.idleEvictions &+= 1
        handler.forceClose()
        return true
    }

    /// Graceful shutdown: every connection answers the request it is on (if
    /// any) with `Connection: close` and closes; idle ones close now. The
    /// future completes when the loop has no connection left.
    func drain() -> EventLoopFuture<Void> {
        isDraining = true
        let promise = drained ?? eventLoop.makePromise(of: Void.self)
        drained = promise
        for handler in Array(connections.values) { handler.drain() }
        if connections.isEmpty {
            drained = nil
            promise.succeed(())
        }
        return promise.futureResult
    }

    /// Closes every connection at once (the grace period is over).
    func closeAll() {
        for handler in Array(connections.values) { handler.forceClose() }
    }
}
