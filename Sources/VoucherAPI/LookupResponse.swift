public import VoucherTable

/// An HTTP answer of the voucher service: a status and a JSON body, rendered
/// into storage that is kept between answers.
///
/// Make one per connection (or per thread) and call ``render(_:)`` for each
/// request: after the first few answers the body's storage is reused, so
/// rendering a success allocates nothing. Not thread-safe; a value type, so
/// copies are independent.
public struct LookupResponse: Sendable {
    /// The HTTP status of the last rendered answer (200 before any).
    public private(set) var status: Int = 200
    /// The UTF-8 JSON body of the last rendered answer.
    public private(set) var body: [UInt8] = []

    /// An empty response whose body storage can hold `capacity` bytes before growing.
    public init(capacity: Int = 256) {
        body.reserveCapacity(capacity)
    }

    /// Renders an outcome: `200 {"voucher_amount": N}` or the error's status and body.
    public mutating func render(_ outcome: Result<VoucherLookup, APIError>) {
        switch outcome {
        case .success(let lookup): render(amount: lookup.amount)
        case .failure(let error): render(error)
        }
    }

    /// Renders `200` with `{"voucher_amount": <amount>}` (behaviour §5's exact spelling).
    public mutating func render(amount: Int64) {
        status = 200
        body.removeAll(keepingCapacity: true)
        body.append(contentsOf: #"{"voucher_amount": "#.utf8)
        Self.appendDecimal(amount, to: &body)
        body.append(UInt8(ascii: "}"))
    }

    /// Renders an error: its status and `{"error": "<message>"}`.
    public mutating func render(_ error: APIError) {
        status = error.status
        body.removeAll(keepingCapacity: true)
        error.writeJSONBody(into: &body)
    }

    /// Replaces the answer with `status` and `bytes` (renderers in other files).
    mutating func setBody(status: Int, _ bytes: [UInt8]) {
        self.status = status
        body.removeAll(keepingCapacity: true)
        body.append(contentsOf: bytes)
    }

    /// Appends `value` in decimal ASCII, without building a `String`.
    static func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        // Swap in place: reversing `buffer[start...]` would copy the storage.
        var low = start, high = buffer.count - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
    }
}
