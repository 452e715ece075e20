/// The members of a request object the service knows, as read; `nil` when
/// the member is absent. Every other member is validated and ignored.
package struct RequestFields: Sendable, Hashable {
    /// The known member names (SPEC §5).
    package enum Field: Int, Sendable, CaseIterable {
        case customerID, countryCode, lastOrderTS, firstOrderTS, totalOrders, segmentName, timestamp

        /// The member's name in JSON.
        package var key: StaticString {
            switch self {
            case .customerID: "customer_id"
            case .countryCode: "country_code"
            case .lastOrderTS: "last_order_ts"
            case .firstOrderTS: "first_order_ts"
            case .totalOrders: "total_orders"
            case .segmentName: "segment_name"
            case .timestamp: "timestamp"
            }
        }

        /// The member's name as a `String`, for messages.
        package var name: String { key.description }

        /// The field whose name is exactly these bytes.
        package init?(key bytes: UnsafeRawBufferPointer) {
            // By raw value, not `allCases` (an array made on every call); the
            // length settles most names before any byte is compared.
            var raw = 0
            while let field = Field(rawValue: raw) {
                let matches = field.key.withUTF8Buffer { UnsafeRawBufferPointer($0).sameBytes(as: bytes) }
                if matches {
                    self = field
                    return
                }
                raw += 1
            }
            return nil
        }
    }

    package var customerID: RequestValue?
    package var countryCode: RequestValue?
    package var lastOrderTS: RequestValue?
    package var firstOrderTS: RequestValue?
    package var totalOrders: RequestValue?
    package var segmentName: RequestValue?
    package var timestamp: RequestValue?

    /// No members.
    package init() {}

    /// The member for `field`.
    package subscript(field: Field) -> RequestValue? {
        get {
            switch field {
            case .customerID: customerID
            case .countryCode: countryCode
            case .lastOrderTS: lastOrderTS
            case .firstOrderTS: firstOrderTS
            case .totalOrders: totalOrders
            case .segmentName: segmentName
            case .timestamp: timestamp
            }
        }
        set {
            switch field {
            case .customerID: customerID = newValue
            case .countryCode: countryCode = newValue
            case .lastOrderTS: lastOrderTS = newValue
            case .firstOrderTS: firstOrderTS = newValue
            case .totalOrders: totalOrders = newValue
            case .segmentName: segmentName = newValue
            case .timestamp: timestamp = newValue
            }
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Byte-for-byte equality in a plain loop (the generic `elementsEqual`
    /// costs tens of instructions a byte on the request path).
    package func sameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        for i in 0 ..< count where self[i] != other[i] { return false }
        return true
    }
}
