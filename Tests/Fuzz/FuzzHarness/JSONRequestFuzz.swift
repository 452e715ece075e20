import Foundation
import VoucherAPI
import VoucherTable

/// Request validation on arbitrary bodies: it answers, never traps; the
/// answer does not change when asked twice; and the body sent back is valid
/// UTF-8 JSON that a third-party parser (Foundation's) reads as one object,
/// `{"voucher_amount": N}` with the amount looked up, or `{"error": "…"}`
/// with exactly the error's message, under a status the API uses.
enum JSONRequestFuzz {
    /// The reference time of requests without `timestamp`: 2026-12-02T00:00:00Z.
    static let now: Int64 = 1_796_169_600 * 1_000_000_000
    /// The statuses request validation may answer.
    static let statuses: Set<Int> = [200, 400, 404, 422]

    static func run(_ data: UnsafeRawBufferPointer) {
        let table = FuzzLookupTable()
        let outcome = LookupRequest.answer(body: data, table: table, now: now)
        let again = LookupRequest.answer(body: data, table: table, now: now)
        precondition(outcome == again, "two answers to one body: \(outcome) / \(again)")
        var response = LookupResponse()
        response.render(outcome)
        precondition(statuses.contains(response.status), "status \(response.status)")
        let body = response.body
        precondition(String(validating: body, as: UTF8.self) != nil, "the body is not UTF-8: \(body)")
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            preconditionFailure("the body is not JSON (\(error)): \(String(decoding: body, as: UTF8.self))")
        }
        guard let object = parsed as? [String: Any], object.count == 1 else {
            preconditionFailure("the body is not an object of one member: \(String(decoding: body, as: UTF8.self))")
        }
        switch outcome {
        case .success(let lookup):
            precondition(response.status == 200, "a voucher answered with \(response.status)")
            precondition((object["voucher_amount"] as? NSNumber)?.int64Value == lookup.amount,
                         "the body \(String(decoding: body, as: UTF8.self)) does not hold \(lookup.amount)")
        case .failure(let error):
            precondition(response.status == error.status, "status \(response.status) for \(error)")
            precondition(object["error"] as? String == error.message,
                         "the body \(String(decoding: body, as: UTF8.self)) does not hold the message \(error.message.debugDescription)")
        }
    }
}

/// An in-memory table with the standard segments and two countries, one
/// with a non-ASCII key (request validation only needs the lookup protocol).
struct FuzzLookupTable: VoucherLookupTable {
    let configuration = SegmentConfiguration.standard
    let amounts: [String: Int64] = ["peru": 2640, "españa": 10]

    var segmentNames: [String] { configuration.segments.map(\.name) }

    func segmentIndex(utf8 name: UnsafeBufferPointer<UInt8>) -> Int? {
        configuration.index(of: String(decoding: name, as: UTF8.self))
    }

    func metric(ofSegment segment: Int) -> SegmentMetric {
        configuration.segments[segment].metric
    }

    func lookup(country: some StringProtocol, segment: Int, metricValue: Int64)
        throws(VoucherLookupError) -> VoucherLookup {
        guard configuration.segments.indices.contains(segment) else { throw .unknownSegment }
        guard metricValue >= 0 else { throw .negativeMetric }
        let key = String(country).trimmingCharacters(in: .whitespaces).lowercased()
        guard let base = amounts[key] else { throw .unknownCountry }
        let bucket = configuration.segments[segment].bucketIndex(for: metricValue)
        return VoucherLookup(amount: base + Int64(100 * bucket), segment: segment, bucket: bucket, samples: 1,
                             isFallback: false)
    }
}
