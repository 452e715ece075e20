import Foundation

/// A `voucher serve` process of this build, started on an ephemeral loopback
/// port: the port is read from its `… port=NNNN … listening` log line.
public final class ServeProcess: @unchecked Sendable {
    // @unchecked: `log` is appended to by the pipe's handler and read under
    // `lock`; every other stored property is set in `init` and never changes.

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
        errors.fileHandleForReading.readabilityHandler = { [lock] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            lock.withLock { self.log += text }
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

    deinit { if process.isRunning { process.terminate() } }

    /// Everything the server logged so far.
    public var logText: String { lock.withLock { log } }

    /// Sends `signal` (SIGHUP, SIGTERM, …) to the server.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// SIGTERM, then waits for the exit.
    public func stop() {
        send(SIGTERM)
        process.waitUntilExit()
    }
}
