/// The members of a request object the service knows, as read; `nil` when
/// the member is absent. Every other member is validated and ignored.
package struct RequestFields: Sendable, Hashable {
    /// The known member names (behaviour §5).
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
            guard let candidate, candidate.key.utf8Bytes.sameBytes(as: bytes) else { return nil }
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

extension StaticString {
    /// The literal's UTF-8 bytes, read in place (no closure, unlike
    /// `withUTF8Buffer`). For ASCII literals, which are held as pointers:
    /// the member names here and the HTTP parser's literals.
    @inlinable package var utf8Bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}

extension UnsafeRawBufferPointer {
    /// Byte-for-byte equality, eight bytes at a time (the generic
    /// `elementsEqual` costs tens of instructions a byte on the request path).
    @inlinable @inline(__always)
    package func sameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        sameBytes(as: other, folding: { $0 })
    }

    /// Equality once `fold` has been applied to these bytes (`other`'s are
    /// compared as they are): eight bytes at a time, the last word
    /// overlapping the one before when the length is not a multiple of
    /// eight; one by one below eight, each in the low byte of a word. `fold`
    /// must change each byte of a word on its own (a case folding, say).
    /// Inlinable: the HTTP parser compares its literals with it.
    @inlinable @inline(__always)
    package func sameBytes(as other: UnsafeRawBufferPointer, folding fold: (UInt64) -> UInt64) -> Bool {
        guard count == other.count else { return false }
        guard count >= 8 else {
            for i in 0 ..< count where UInt8(truncatingIfNeeded: fold(UInt64(self[i]))) != other[i] { return false }
            return true
        }
        @inline(__always) func same(_ offset: Int) -> Bool {
            fold(loadUnaligned(fromByteOffset: offset, as: UInt64.self)) == other.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        var offset = 0
        while count - offset >= 8 {
            guard same(offset) else { return false }
            offset += 8
        }
        return offset == count || same(count - 8)
    }
}
