import Foundation
import Testing
import VoucherTestSupport

/// `voucher profile --json` on the reference history (issue 2 acceptance 6).
@Suite(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
struct ReferenceProfileTests {
    @Test func profileJSON() throws {
        let out = try CLI.run(["profile", "--json", SharedData.referenceHistoryPath])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let file = try #require((json?["files"] as? [[String: Any]])?.first)
        #expect(file["rows"] as? Int == 285_570)
        let columns = try #require(file["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"])
        #expect(columns.map { $0["physical_type"] as? String } == ["BYTE_ARRAY", "BYTE_ARRAY", "BYTE_ARRAY", "INT64", "BYTE_ARRAY", "DOUBLE"])
        #expect(columns[5]["nulls"] as? Int == 1_731)
        #expect(columns[4]["empty"] as? Int == 22_845)
        #expect(columns[1]["distinct"] as? Int == 4)
    }
}
