import Foundation
import Testing
import VoucherTestSupport

/// `voucher serve` as a process: starts, answers, reloads on SIGHUP under
/// load without a failed request, and exits 0 on SIGTERM.
@Suite struct ServeCommandTests {
    /// The `voucher` executable of this build (beside the test bundle).
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("voucher")

    /// Collects a pipe's text on a background thread.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
                }
            }.start()
        }

        var value: String { lock.withLock { text } }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path), "the voucher binary is not built"))
    func sighupReloadsAndSigtermExitsZero() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-serve-tests")
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.appendingPathComponent("vouchers.vtab").path
        try TestTables.write(generation: 1, to: table)

        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--table", table, "--host", "127.0.0.1", "--port", "0", "--reload-poll-ms", "0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let log = Output(errors)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The log line `… port=NNNN … listening` gives the bound port.
        var port: Int? = nil
        _ = await eventually {
            guard let line = log.value.split(separator: "\n").first(where: { $0.hasSuffix("listening") }),
                  let field = line.split(separator: " ").first(where: { $0.hasPrefix("port=") }) else { return false }
            port = Int(field.dropFirst(5))
            return true
        }
        guard let port else {
            Issue.record("no listening line in: \(log.value)")
            return
        }

        let traffic = TableReloaderTests.Traffic(port: port)
        await traffic.waitForMore(100)
        try TestTables.write(generation: 2, to: table)
        await traffic.waitForMore(100)
        #expect(traffic.snapshot.latest == 1, "polling is off: nothing changes before SIGHUP")
        kill(process.processIdentifier, SIGHUP)
        let switched = await eventually { traffic.snapshot.latest == 2 }
        #expect(switched)
        await traffic.waitForMore(100)
        let (_, failures) = await traffic.finish()
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        kill(process.processIdentifier, SIGTERM)
        let exited = await eventually(within: 15) { !process.isRunning }
        #expect(exited)
        if exited {
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        }
        #expect(log.value.contains("reason=SIGHUP"), "\(log.value)")
        #expect(log.value.contains("stopped"))
    }
}
