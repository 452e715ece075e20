import Dispatch
public import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import VoucherPublish

/// The voucher HTTP service: `POST /voucher` (behaviour §5) answered from the
/// memory-mapped table, `GET /health`, `GET /metrics`, with hot reload of the
/// table file.
///
/// ```swift
/// let server = try VoucherServer.start(configuration: ServerConfiguration(), logger: logger)
/// print("listening on port \(server.port)")
/// server.waitUntilStopped()   // until shutdown() is called (e.g. from a SIGTERM handler)
/// ```
///
/// Design: SwiftNIO event loops (``ServerConfiguration/threads``), each with
/// its own reference to the current table, its own counters and its own
/// buffers, so a request takes no lock; one handler per connection parses
/// HTTP/1.1 and writes preformatted answers. A reload verifies the new file
/// off the event loops and then hands it to each loop; requests under way
/// finish on the table they started with, whose mapping goes when the last
/// of them does.
///
/// Thread-safety: every method may be called from any thread except an
/// event loop of the server. Lifetime: the server runs until ``shutdown()``;
/// dropping the last reference without shutting down leaks its threads.
public final class VoucherServer: Sendable {
    /// The configuration the server runs with.
    public let configuration: ServerConfiguration
    /// The bound TCP port (the one chosen by the system when the configuration said 0).
    public let port: Int

    private let group: MultiThreadedEventLoopGroup
    private let core: ServerCore
    private let reloader: TableReloader
    private let serverChannel: any Channel
    private let stopped = NIOLockedValueBox(false)
    private let done = DispatchGroup()

    private init(configuration: ServerConfiguration, port: Int, group: MultiThreadedEventLoopGroup, core: ServerCore,
                 reloader: TableReloader, serverChannel: any Channel) {
        self.configuration = configuration
        self.port = port
        self.group = group
        self.core = core
        self.reloader = reloader
        self.serverChannel = serverChannel
        done.enter()
    }

    /// Loads the table, starts the event loops and listens. Blocks until the
    /// socket is bound. A missing or invalid table does not stop the start:
    /// it is logged, `/health` and `POST /voucher` answer `503`, and the
    /// first valid file to appear at the path is loaded.
    ///
    /// - Parameters:
    ///   - configuration: where to listen, what to serve, limits and timeouts.
    ///   - logger: receives one line per start, reload, refusal and unexpected error
    ///     (never one per request). Default: discards everything.
    /// - Throws: ``ServerError``: `configuration` for a bad setting, `bind`
    ///   when the address cannot be listened on.
    public static func start(configuration: ServerConfiguration,
                             logger: Logger = Logger(label: "voucher.server", factory: { _ in SwiftLogNoOpLogHandler() }))
        throws(ServerError) -> VoucherServer {
        try configuration.validate()
        let location = PublishedLocations.location(configuration.tablePath)
        let followsLocation = location != nil
        let source: any TableSource = location.map {
            PublishedTableSource(location: $0, cache: configuration.cacheDirectory ?? ServerConfiguration.defaultCacheDirectory)
        } ?? FileTableSource(path: configuration.tablePath)
        let reloader = TableReloader(source: source, logger: logger)
        let initial = reloader.state
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        let loops = group.makeIterator().map { loop in
            NIOLoopBoundBox.makeBoxSendingValue(LoopState(eventLoop: loop, configuration: configuration, serving: initial),
                                                eventLoop: loop)
        }
        for box in loops { box.eventLoop.execute { box.value.start(box: box) } }
        let core = ServerCore(configuration: configuration, logger: logger, loops: loops)

        let channel: any Channel
        do {
            channel = try bootstrap(group: group, core: core).bind(host: configuration.host, port: configuration.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw ServerError(code: .bind, message: "cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        let port = channel.localAddress?.port ?? configuration.port
        reloader.start(publish: { core.publish($0) },
                       pollInterval: followsLocation ? configuration.locationPollInterval : configuration.reloadPollInterval)
        logger.info("listening", metadata: [
            "host": "\(configuration.host)", "port": "\(port)", "threads": "\(configuration.threads)",
            "table": "\(configuration.tablePath)",
        ])
        return VoucherServer(configuration: configuration, port: port, group: group, core: core, reloader: reloader,
                             serverChannel: channel)
    }

    /// Reloads the table file now, as SIGHUP does, and returns once every
    /// event loop answers from the outcome: the new table, or (when the file
    /// is refused) still the old one.
    public func reloadTable() async -> TableReloadResult {
        await reloader.reload(reason: "requested")
    }

    /// Starts a reload and returns at once (the SIGHUP path).
    public func requestReload() {
        reloader.requestReload(reason: "SIGHUP")
    }

    /// Stops gracefully: stops accepting, lets every connection finish the
    /// request it is on (answered with `Connection: close`), closes idle
    /// ones, waits up to ``ServerConfiguration/shutdownGracePeriod``, then
    /// closes what is left and stops the threads. Idempotent; a second call
    /// waits for the first.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.stop()
                continuation.resume()
            }
        }
    }

    /// Starts ``shutdown()`` without waiting (for signal handlers).
    public func beginShutdown() {
        DispatchQueue.global().async { self.stop() }
    }

    /// Blocks the calling thread until the server has stopped.
    public func waitUntilStopped() {
        done.wait()
    }

    // MARK: - Implementation

    private static func bootstrap(group: MultiThreadedEventLoopGroup, core: ServerCore) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(clamping: core.configuration.backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .childChannelInitializer { channel in
                guard let box = core.loopState(for: channel.eventLoop) else { return channel.close() }
                if core.acquireConnection() { return serve(channel, box: box, core: core) }
                // At the limit: the connection idle longest makes room for this one.
                return core.makeRoom(on: box).flatMap { made in
                    made ? serve(channel, box: box, core: core) : channel.close()
                }
            }
    }

    /// Sets up a counted connection: its handler, and its release when it closes. On its loop.
    private static func serve(_ channel: any Channel, box: NIOLoopBoundBox<LoopState>,
                              core: ServerCore) -> EventLoopFuture<Void> {
        channel.closeFuture.whenComplete { _ in core.releaseConnection() }
        do {
            let handler = VoucherHTTPHandler(loop: box.value, core: core, allocator: channel.allocator)
            try channel.pipeline.syncOperations.addHandler(handler)
            return channel.eventLoop.makeSucceededVoidFuture()
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
    }

    /// The blocking shutdown; only the first caller does the work.
    private func stop() {
        let first = stopped.withLockedValue { isStopped in
            defer { isStopped = true }
            return !isStopped
        }
        guard first else {
            done.wait()
            return
        }
        core.logger.info("shutting down: no new connections; finishing requests under way")
        reloader.stop()
        try? serverChannel.close().wait()
        let drains = core.loops.map { box in box.eventLoop.flatSubmit { box.value.drain() } }
        let all = EventLoopFuture.andAllComplete(drains, on: group.next())
        let grace = group.next().scheduleTask(in: .nanoseconds(configuration.shutdownGracePeriod.nanoseconds)) {
            for box in self.core.loops { box.eventLoop.execute { box.value.closeAll() } }
        }
        try? all.wait()
        grace.cancel()
        let stops = core.loops.map { box in box.eventLoop.submit { box.value.stop() } }
        try? EventLoopFuture.andAllComplete(stops, on: group.next()).wait()
        try? group.syncShutdownGracefully()
        core.logger.info("stopped")
        done.leave()
    }
}
