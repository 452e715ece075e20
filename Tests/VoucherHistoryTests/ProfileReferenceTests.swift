import Testing
import VoucherHistory
import VoucherTestSupport

@Suite("HistoryProfile: reference history")
struct ProfileReferenceTests {
    /// Figures from behaviour §1 and from reading the file with pyarrow.
    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipReason))
    func referenceHistoryFigures() throws {
        let profile = try HistoryProfile(reading: HistoryFile.open(SharedData.referenceHistoryPath))
        #expect(profile.format.name == "parquet")
        #expect(profile.rowCount == 285_570)
        let byName = Dictionary(uniqueKeysWithValues: profile.columns.map { ($0.column.name, $0) })
        #expect(byName["voucher_amount"]?.nulls == 1_731)
        #expect(byName["total_orders"]?.emptyStrings == 22_845)
        #expect(byName["country_code"]?.distinctCount == 4)
        #expect(byName["country_code"]?.distinctIsExact == true)
        for name in ["timestamp", "country_code", "last_order_ts", "first_order_ts", "total_orders", "voucher_amount"] {
            #expect(byName[name] != nil, "missing column \(name)")
        }
        let widths = profile.text.split(separator: "\n").dropFirst().map(\.count)
        #expect(widths.allSatisfy { $0 <= HistoryProfile.textWidth })
    }
}
