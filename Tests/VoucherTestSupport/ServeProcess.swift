import Foundation

/// A `voucher serve` process of this build, started on an ephemeral loopback
/// port: the port is read from its `… port=NNNN … listening` log line.
public final class ServeProcess: @unchecked Sendable {
    // @unchecked: `log` is appended to by the pipe's handler and read under
    // `lock`; `port` is set in `init` only; the rest never changes.

    /// The `voucher` executable of this build (beside the test bundle).
    public static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("voucher")

    /// Whether the executable is built (tests that need it are skipped otherwise).
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    public let process = Process()
    /// The bound port, or 0 when no listening line came within the start-up time.
    public private(set) var port = 0
    private let lock = NSLock()
    private var log = ""
    /// Entered in `init`, left when the log pipe reaches its end (the server exited).
    private let logOpen = DispatchGroup()

    /// Starts `voucher serve ARGUMENTS --host 127.0.0.1 --port 0` and waits up
    /// to `startup` seconds for its listening line.
    ///
    /// - Parameter environment: the process's whole environment; nil inherits the test's.
    public init(_ arguments: [String], environment: [String: String]? = nil, startup: TimeInterval = 15) throws {
        process.executableURL = Self.executable
        process.arguments = ["serve"] + arguments + ["--host", "127.0.0.1", "--port", "0"]
        if let environment { process.environment = environment }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        // The handler holds `self` weakly, and clears itself at the pipe's
        // end: Foundation keeps it (and the dispatch source watching the
        // pipe) until then, and a strong `self` in it would tie this object,
        // its Process and its Pipe in a cycle that is never freed.
        logOpen.enter()
        errors.fileHandleForReading.readabilityHandler = { [weak self, logOpen] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                logOpen.leave()
                return
            }
            guard let self else { return }
            let text = String(decoding: data, as: UTF8.self)
            self.lock.withLock { self.log += text }
        }
        try ProcessLaunch.run(process)
        let deadline = Date().addingTimeInterval(startup)
        while port == 0 && Date() < deadline {
            if let line = logText.split(separator: "\n").first(where: { $0.hasSuffix("listening") }),
               let field = line.split(separator: " ").first(where: { $0.hasPrefix("port=") }) {
                port = Int(field.dropFirst(5)) ?? 0
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Ends a server still running, and waits for its exit.
    ///
    /// `waitUntilExit` also when it has exited: Foundation's `Process` and the
    /// run-loop source its `run()` creates hold each other until
    /// `waitUntilExit` lets go of the source, so a process only polled with
    /// `isRunning` would never be freed, nor its pipe.
    deinit {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Everything the server logged so far.
    public var logText: String { lock.withLock { log } }

    /// Sends `signal` (SIGHUP, SIGTERM, …) to the server.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// SIGTERM, then waits for the exit and for the end of its log (at most
    /// 5 s, scaled by ``BuildConfiguration/timeScale``), so that ``logText``
    /// holds everything the server wrote.
    public func stop() {
        send(SIGTERM)
        process.waitUntilExit()
        _ = logOpen.wait(timeout: .now() + 5 * BuildConfiguration.timeScale)
    }
}
