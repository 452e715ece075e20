import Foundation
import NIOCore

/// Everything `voucher serve` can be told: where the table is, where to
/// listen, how many threads, and the limits and timeouts that protect the
/// server from slow, silent or oversized clients.
///
/// Every property has a documented default; `ServerConfiguration()` is what
/// `voucher serve` runs with no flags. A plain value, safe to share.
public struct ServerConfiguration: Sendable, Hashable {
    /// The table file to serve and watch, or a published location (a
    /// directory holding `versions/`, `current`, `history`) to follow.
    /// Default `artifacts/vouchers.vtab` (relative to the working directory:
    /// the committed default table).
    public var tablePath: String = "artifacts/vouchers.vtab"

    /// How often a published location's `current` is read. Default 5 s;
    /// `nil` turns the polling off (SIGHUP then reads it).
    public var locationPollInterval: Duration? = .seconds(5)

    /// Where versions of a published location are copied before they are
    /// opened. Default `nil`: ``defaultCacheDirectory``.
    public var cacheDirectory: String?

    /// The address to listen on. Default `0.0.0.0` (every IPv4 interface).
    public var host: String = "0.0.0.0"

    /// The TCP port. Default `8000`; `0` asks the system for a free port
    /// (read it back from ``VoucherServer/port``).
    public var port: Int = 8000

    /// Event loop threads that accept connections and answer requests.
    /// Default ``defaultThreads``: 1 on a machine with 2 cores or fewer, else one per core.
    public var threads: Int = ServerConfiguration.defaultThreads

    /// The largest request body accepted, in bytes. Default 16 KiB. A larger
    /// `Content-Length` is answered `413` before the body is read; a chunked
    /// body is answered `413` as soon as it grows past the limit. Either way
    /// the connection is then closed.
    public var maxBodyBytes: Int = 16 * 1024

    /// The largest request head (request line and header fields, with their
    /// line ends), in bytes. Default 8 KiB. A larger head is answered `431`
    /// and the connection is closed.
    public var maxHeadBytes: Int = 8 * 1024

    /// The most header fields a request may have. Default 64; more is `431`.
    public var maxHeaderCount: Int = 64

    /// The most connections open at once, over all threads. Default 4,096.
    /// A connection accepted beyond it is closed at once (and counted in
    /// `/metrics`).
    public var maxConnections: Int = 4096

    /// How long a connection may stay open with no request under way and
    /// nothing received. Default 60 s; the server then closes it.
    public var idleTimeout: Duration = .seconds(60)

    /// How long a request may take to arrive in full, from its first byte to
    /// the last byte of its body. Default 10 s; a slower client is
    /// disconnected without an answer.
    public var readTimeout: Duration = .seconds(10)

    /// How long ``VoucherServer/shutdown()`` waits for requests under way
    /// before closing the remaining connections. Default 10 s.
    public var shutdownGracePeriod: Duration = .seconds(10)

    /// How often the table file is checked for replacement (`stat`: device,
    /// inode, size, modification time). Default 500 ms; `nil` turns the
    /// polling off (reloads then only happen on request: SIGHUP).
    public var reloadPollInterval: Duration? = .milliseconds(500)

    /// The listen backlog. Default 1,024.
    public var backlog: Int = 1024

    /// A configuration with every default.
    public init() {}

    /// A configuration with every default but the table and the address.
    ///
    /// - Parameters:
    ///   - tablePath: the table file to serve and watch.
    ///   - host: the address to listen on.
    ///   - port: the TCP port; `0` for any free one.
    public init(tablePath: String, host: String = "0.0.0.0", port: Int = 8000) {
        self.tablePath = tablePath
        self.host = host
        self.port = port
    }

    /// `voucher-cache` in the system's temporary directory (`$TMPDIR`, else `/tmp`).
    public static var defaultCacheDirectory: String {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (folder as NSString).appendingPathComponent("voucher-cache")
    }

    /// One thread on a machine with 2 cores or fewer (a load generator or
    /// the rest of the system needs the other core, and one NIO event loop
    /// is faster there than two competing for the same cores); one per core
    /// on bigger machines.
    public static var defaultThreads: Int {
        let cores = System.coreCount
        return cores <= 2 ? 1 : cores
    }

    /// How often each event loop checks its connections' timeouts and
    /// refreshes its `Date` header: a quarter of the shorter timeout, between
    /// 10 ms and 1 s.
    var sweepInterval: TimeAmount {
        let shorter = min(idleTimeout.nanoseconds, readTimeout.nanoseconds) / 4
        return .nanoseconds(min(max(shorter, 10_000_000), 1_000_000_000))
    }

    /// Checks the values that would make the server misbehave.
    ///
    /// - Throws: ``ServerError`` naming the first bad setting.
    func validate() throws(ServerError) {
        func check(_ ok: Bool, _ message: String) throws(ServerError) {
            if !ok { throw ServerError.configuration(message) }
        }
        try check((0 ... 65_535).contains(port), "port \(port) is not in 0...65535")
        try check(threads >= 1 && threads <= 1024, "threads \(threads) is not in 1...1024")
        try check(maxBodyBytes >= 0, "the body limit is negative")
        try check(maxHeadBytes >= 64, "the head limit \(maxHeadBytes) is below 64 bytes")
        try check(maxHeaderCount >= 1, "the header count limit is below 1")
        try check(maxConnections >= 1, "the connection limit is below 1")
        try check(idleTimeout.nanoseconds > 0 && readTimeout.nanoseconds > 0, "timeouts must be positive")
        try check(shutdownGracePeriod.nanoseconds >= 0, "the shutdown grace period is negative")
        try check((reloadPollInterval?.nanoseconds ?? 1) > 0, "the reload poll interval must be positive")
        try check((locationPollInterval?.nanoseconds ?? 1) > 0, "the location poll interval must be positive")
        try check(backlog >= 1, "the backlog is below 1")
        try check(!tablePath.isEmpty, "the table path is empty")
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : scaled + attoseconds / 1_000_000_000
    }
}
