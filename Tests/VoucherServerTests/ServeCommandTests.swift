import Foundation
import Testing
import VoucherTestSupport

/// `voucher serve` as a process: starts, answers, reloads on SIGHUP under
/// load without a failed request, and exits 0 on SIGTERM.
@Suite struct ServeCommandTests {
    @Test(.enabled(if: ServeProcess.isBuilt, "the voucher binary is not built"))
    func sighupReloadsAndSigtermExitsZero() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-serve-tests")
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.appendingPathComponent("vouchers.vtab").path
        try TestTables.write(generation: 1, to: table)

        let server = try ServeProcess(["--table", table, "--reload-poll-ms", "0"])
        let port = server.port
        guard port != 0 else {
            Issue.record("no listening line in: \(server.logText)")
            return
        }

        let traffic = TableReloaderTests.traffic(port: port)
        await traffic.waitForMore(100)
        try TestTables.write(generation: 2, to: table)
        await traffic.waitForMore(100)
        #expect(traffic.snapshot.latest == 1, "polling is off: nothing changes before SIGHUP")
        server.send(SIGHUP)
        let switched = await eventually { traffic.snapshot.latest == 2 }
        #expect(switched)
        await traffic.waitForMore(100)
        let (_, failures) = await traffic.finish()
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        server.send(SIGTERM)
        let exited = await eventually(within: 15) { !server.process.isRunning }
        #expect(exited)
        if exited {
            #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        }
        #expect(server.logText.contains("reason=SIGHUP"), "\(server.logText)")
        #expect(server.logText.contains("stopped"))
    }
}
