import Foundation
public import VoucherTable

extension SegmentConfiguration {
    /// Reads a segment configuration from a JSON file of the form
    /// `{"segments": [{"name": "frequent_segment", "metric": "total_orders",
    /// "buckets": ["0-4", "5-13", "14-37", "38+"]}, …]}`; `metric` is
    /// `total_orders` or `days_since_last_order`.
    ///
    /// - Throws: ``SegmentConfigurationError`` naming the file and what is
    ///   wrong: unreadable, not JSON, a missing or mistyped field, or a
    ///   bucket that breaks behaviour §3.
    public static func load(path: String) throws(SegmentConfigurationError) -> SegmentConfiguration {
        func fail(_ message: String) -> SegmentConfigurationError { SegmentConfigurationError("\(path): \(message)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read the file") }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON (\(error.localizedDescription))")
        }
        guard let object = root as? [String: Any], let list = object["segments"] as? [Any] else {
            throw fail("expected an object with an array field 'segments'")
        }
        var segments: [Segment] = []
        for (i, item) in list.enumerated() {
            guard let entry = item as? [String: Any] else { throw fail("segments[\(i)] is not an object") }
            guard let name = entry["name"] as? String else { throw fail("segments[\(i)].name is missing or not a string") }
            guard let metricName = entry["metric"] as? String, let metric = SegmentMetric(rawValue: metricName) else {
                throw fail("segment '\(name)': field 'metric' must be one of \(SegmentMetric.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
            }
            guard let buckets = entry["buckets"] as? [String] else {
                throw fail("segment '\(name)': field 'buckets' must be an array of strings such as \"0-4\" and \"38+\"")
            }
            do { segments.append(try Segment(name: name, metric: metric, bucketNames: buckets)) } catch {
                throw fail(error.message)
            }
        }
        do { return try SegmentConfiguration(segments: segments) } catch { throw fail(error.message) }
    }
}
