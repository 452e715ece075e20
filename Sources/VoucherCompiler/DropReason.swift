/// Why a row was dropped: behaviour §2's checks, in the order they are made.
///
/// A dropped row is counted under exactly one reason, the first check it fails.
public enum DropReason: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// `voucher_amount` missing, NaN, negative or not a whole number.
    case voucherAmount
    /// `total_orders` missing, empty, not a number, negative or not a whole number.
    case totalOrders
    /// `country_code` missing or empty after trimming white space.
    case countryCode
    /// Any of the three times missing or not parseable.
    case unparseableTime
    /// `first_order_ts` later than `last_order_ts`.
    case firstAfterLast
    /// `last_order_ts` later than `timestamp`.
    case voucherBeforeLastOrder
    /// The same six values as an earlier kept row.
    case duplicate

    /// The reason's name as behaviour §2 spells it (`voucher_amount`, …, `duplicate`).
    public var name: String {
        switch self {
        case .voucherAmount: "voucher_amount"
        case .totalOrders: "total_orders"
        case .countryCode: "country_code"
        case .unparseableTime: "unparseable_time"
        case .firstAfterLast: "first_after_last"
        case .voucherBeforeLastOrder: "voucher_before_last_order"
        case .duplicate: "duplicate"
        }
    }

    public var description: String { name }
}
