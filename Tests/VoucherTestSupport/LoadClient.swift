import Foundation

/// A client that keeps sending one request on one kept-alive connection, on
/// a thread of its own, until told to stop: the traffic a table switch must
/// not disturb. It records, for every answer, the value `read` found in it
/// and when it arrived by its own thread's clock, so a test whose task waits
/// for a thread still measures the server, not the scheduler.
///
/// `connect` runs on the client's thread and returns the function that sends
/// the request once and returns the answer's status and body. `read` turns an
/// answer into its value (a table generation, an amount), or nil when the
/// answer is wrong, which is recorded as a failure.
public final class LoadClient: @unchecked Sendable {
    // @unchecked: every stored variable is read and written under `lock`.
    private let lock = NSLock()
    private var values: [Int64] = []
    private var arrivals: [UInt64] = []
    private var failures: [String] = []
    private var stop = false
    private var finished = false

    public typealias Send = () throws -> (status: Int, body: String)

    public init(connect: @escaping @Sendable () throws -> Send,
                read: @escaping @Sendable (_ status: Int, _ body: String) -> Int64?) {
        Thread { [self] in run(connect: connect, read: read) }.start()
    }

    private func run(connect: () throws -> Send, read: (Int, String) -> Int64?) {
        do {
            let send = try connect()
            while !lock.withLock({ stop }) {
                let (status, body) = try send()
                let value = read(status, body)
                lock.withLock {
                    if value == nil { failures.append("\(status) \(body)") }
                    values.append(value ?? -1)
                    arrivals.append(Self.now())
                }
            }
        } catch {
            lock.withLock { failures.append("client error: \(error)") }
        }
        lock.withLock { finished = true }
    }

    /// Answers so far, the latest value seen, and the failures.
    public var snapshot: (count: Int, latest: Int64?, failures: [String]) {
        lock.withLock { (values.count, values.last, failures) }
    }

    /// Now, on the clock `secondsUntil` measures against.
    public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Seconds from `start` (a `now()`) to the first answer with `value` that
    /// arrived after it; nil if none came within 10 s (scaled in a sanitized
    /// build).
    public func secondsUntil(_ value: Int64, since start: UInt64) async -> Double? {
        func first() -> UInt64? {
            lock.withLock {
                guard let from = arrivals.firstIndex(where: { $0 >= start }) else { return nil }
                return values[from...].firstIndex(of: value).map { arrivals[$0] }
            }
        }
        guard await eventually({ first() != nil }), let arrival = first() else { return nil }
        return Double(arrival - start) / 1e9
    }

    /// Waits until `count` more answers came, or a failure, or 10 s.
    public func waitForMore(_ count: Int) async {
        let target = snapshot.count + count
        _ = await eventually { snapshot.count >= target || !snapshot.failures.isEmpty }
    }

    /// Stops the client; returns the values seen, in order, and the failures.
    public func finish() async -> (values: [Int64], failures: [String]) {
        lock.withLock { stop = true }
        _ = await eventually { lock.withLock { finished } }
        return lock.withLock { (values, failures) }
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass (by
/// default 10 s, times `BuildConfiguration.timeScale` in a sanitized build).
public func eventually(within seconds: Double = 10 * BuildConfiguration.timeScale,
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return try await condition()
}
