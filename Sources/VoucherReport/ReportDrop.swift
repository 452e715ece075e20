import VoucherCompiler

/// One behaviour §2 drop reason.
public struct ReportDrop: Sendable, Equatable, Encodable {
    /// The reason as behaviour §2 names it, e.g. `voucher_before_last_order`.
    public var reason: String
    /// The rule in words.
    public var rule: String
    /// Rows dropped for it.
    public var count: Int
    /// `count` over rows read (0 … 1, four decimals).
    public var share: Double
    /// Up to five dropped rows, as they were in the file.
    public var examples: [ReportExample]

    static func rule(of reason: DropReason) -> String {
        switch reason {
        case .voucherAmount: "voucher_amount missing, NaN, negative or not a whole number"
        case .totalOrders: "total_orders missing, empty, not a number, negative or not a whole number"
        case .countryCode: "country_code missing or empty after trimming white space"
        case .unparseableTime: "a time missing or not parseable"
        case .firstAfterLast: "first_order_ts later than last_order_ts"
        case .voucherBeforeLastOrder: "last_order_ts later than timestamp"
        case .duplicate: "the same six values as an earlier kept row"
        }
    }
}

/// A dropped row as it was in the file.
public struct ReportExample: Sendable, Equatable, Encodable {
    /// The file, as given.
    public var file: String
    /// The 0-based data row in that file.
    public var row: Int
    /// The six values as read (`null` for a null), in the column order of ``ReportFile/columns``.
    public var values: [String]

    init(_ row: DroppedRow) {
        file = row.file
        self.row = row.row
        values = row.values
    }
}
