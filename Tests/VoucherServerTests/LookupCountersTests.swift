import Foundation
import Testing
@testable import VoucherServer
import VoucherTable
import VoucherTestSupport

/// `voucher_lookups_total{country,segment,bucket,fallback}` over real sockets.
@Suite struct LookupCountersTests {
    /// Generation `generation` with Peru's frequent 5-13 bucket a fallback.
    static func writeWithFallback(generation: Int64, to path: String) throws {
        var contents = TestTables.contents(generation: generation)
        let peru = contents.countries[2]
        contents.countries[2].entries[0][1] = TableEntry(amount: peru.amounts.mostUsed!, samples: 0, isFallback: true,
                                                         histogram: AmountHistogram())
        try TableWriter.write(contents, to: path)
    }

    static func count(_ page: String, _ labels: String) -> Double? {
        metricValue(page, "voucher_lookups_total{\(labels)}")
    }

    @Test func lookupsAreCountedByEntryAcrossLoopsAndReloads() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-lookup-counters")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("t.vtab").path
        try Self.writeWithFallback(generation: 1, to: path)
        try await TestServer.with(tablePath: path, configure: { $0.threads = 2; $0.reloadPollInterval = nil }) { server in
            for _ in 0 ..< 3 { #expect(try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))).status == 200) }
            for _ in 0 ..< 2 { #expect(try server.send(Requests.post(body: Requests.frequent(" PERU", orders: 6))).status == 200) }
            #expect(try server.send(Requests.post(body: Requests.frequent("Chile", orders: 6))).status == 404)  // not counted
            var page = try server.send(Requests.bare("GET", "/metrics")).body
            let peru04 = #"country="peru",segment="frequent_segment",bucket="0-4",fallback="false""#
            let peru513 = #"country="peru",segment="frequent_segment",bucket="5-13",fallback="true""#
            #expect(Self.count(page, peru04) == 3)
            #expect(Self.count(page, peru513) == 2)
            #expect(page.components(separatedBy: "\nvoucher_lookups_total{").count - 1 == 2, "\(page)")

            // After a switch to another table the counts go on from where they were.
            try Self.writeWithFallback(generation: 2, to: path)
            guard case .loaded = await server.server.reloadTable() else {
                Issue.record("no reload")
                return
            }
            for _ in 0 ..< 4 { #expect(try server.send(Requests.post(body: Requests.frequent("Peru", orders: 3))).status == 200) }
            page = try server.send(Requests.bare("GET", "/metrics")).body
            #expect(Self.count(page, peru04) == 7)
            #expect(Self.count(page, peru513) == 2)
        }
    }
}
