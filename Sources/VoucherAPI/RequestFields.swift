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

        /// The field whose name is exactly these bytes: the length and the
        /// first byte settle which name to compare, so at most one is.
        package init?(key bytes: UnsafeRawBufferPointer) {
            let candidate: Field? = switch (bytes.count, bytes.first) {
            case (9, _): .timestamp
            case (11, _): .customerID
            case (12, UInt8(ascii: "c")): .countryCode
            case (12, UInt8(ascii: "t")): .totalOrders
            case (12, UInt8(ascii: "s")): .segmentName
            case (13, _): .lastOrderTS
            case (14, _): .firstOrderTS
            default: nil
            }
            guard let candidate, candidate.key.withUTF8Buffer({ UnsafeRawBufferPointer($0).sameBytes(as: bytes) }) else {
                return nil
            }
            self = candidate
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
    /// Byte-for-byte equality, eight bytes at a time (the generic
    /// `elementsEqual` costs tens of instructions a byte on the request path).
    package func sameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard count >= 8 else {
            for i in 0 ..< count where self[i] != other[i] { return false }
            return true
        }
        var offset = 0
        while count - offset >= 8 {
            guard loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                == other.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
            offset += 8
        }
        // The last bytes, as the word that ends with them.
        return offset == count
            || loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
}
