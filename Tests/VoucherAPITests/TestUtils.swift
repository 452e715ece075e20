@testable import VoucherAPI
import VoucherTable

/// An in-memory table with behaviour §3's default segments.
///
/// Amounts per country key (trimmed, lower-cased), per segment, per bucket:
/// `peru` answers 2640 for `frequent_segment` with 3 orders, as in behaviour §5.
struct FakeTable: VoucherLookupTable {
    let configuration = SegmentConfiguration.standard
    let amounts: [String: [[Int64]]] = [
        "peru": [[2640, 2800, 3000, 3500], [1000, 1100, 1200, 1300, 1400, 1500]],
        "españa": [[10, 20, 30, 40], [1, 2, 3, 4, 5, 6]],
    ]

    var segmentNames: [String] { configuration.segments.map(\.name) }

    func segmentIndex(utf8 name: UnsafeBufferPointer<UInt8>) -> Int? {
        configuration.index(of: String(decoding: name, as: UTF8.self))
    }

    func metric(ofSegment segment: Int) -> SegmentMetric {
        configuration.segments[segment].metric
    }

    func lookup(country: some StringProtocol, segment: Int, metricValue: Int64)
        throws(VoucherLookupError) -> VoucherLookup {
        let trimmed = country.drop(while: \.isWhitespace)
        let key = String(trimmed.reversed().drop(while: \.isWhitespace).reversed()).lowercased()
        guard let perSegment = amounts[key] else { throw .unknownCountry }
        guard configuration.segments.indices.contains(segment) else { throw .unknownSegment }
        guard metricValue >= 0 else { throw .negativeMetric }
        let bucket = configuration.segments[segment].bucketIndex(for: metricValue)
        return VoucherLookup(amount: perSegment[segment][bucket], segment: segment, bucket: bucket,
                             samples: 7, isFallback: false)
    }
}

/// Nanoseconds for a behaviour §1 time literal in a test (0 for a typo, which the test then shows).
func ns(_ text: String) -> Int64 {
    TimeText.nanoseconds(text) ?? 0
}

/// Reads `json` and describes each known member: `number 3.0`, `string Peru`,
/// `null`, `boolean true`, `object`, `array`.
func readDescribed(_ json: String) -> Result<[RequestFields.Field: String], APIError> {
    let bytes = Array(json.utf8)
    return bytes.withUnsafeBytes { body in
        do throws(APIError) {
            let fields = try JSONRequestReader.read(body)
            var described: [RequestFields.Field: String] = [:]
            for field in RequestFields.Field.allCases {
                guard let value = fields[field] else { continue }
                described[field] = switch value {
                case .null: "null"
                case .boolean(let flag): "boolean \(flag)"
                case .number(let range): "number " + String(decoding: UnsafeRawBufferPointer(rebasing: body[range]), as: UTF8.self)
                case .string, .escapedString: "string " + (value.string(in: body) ?? "?")
                case .object: "object"
                case .array: "array"
                }
            }
            return .success(described)
        } catch {
            return .failure(error)
        }
    }
}

/// The message of a failed read, or `nil` when the read succeeded.
func readError(_ json: String) -> String? {
    if case .failure(let error) = readDescribed(json) { return error.message }
    return nil
}
