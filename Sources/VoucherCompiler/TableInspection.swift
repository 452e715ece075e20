public import Foundation
import VoucherTable

/// Everything `voucher inspect` shows about a table file: header, sections
/// and checksums, and the whole table (country, segment, bucket, amount,
/// samples, fallback), with the cold sections decoded.
public struct TableInspection: Sendable {
    /// The file, as given.
    public let path: String
    let size: Int
    let sha256: [UInt8]
    let header: TableHeader
    let contents: TableContents

    /// Opens and verifies `path`, then decodes every section.
    ///
    /// - Throws: ``VoucherTable/VoucherTableError`` for a table that does not verify.
    public init(path: String) throws {
        let table = try VoucherTable(path: path)
        self.path = path
        self.size = table.fileLength
        self.sha256 = table.fileSHA256
        self.header = table.header
        self.contents = try table.contents()
    }

    /// The inspection as aligned text.
    public var text: String {
        var lines = [
            path,
            "  format \(header.majorVersion).\(header.minorVersion), \(CompileResult.grouped(size)) bytes, SHA-256 \(SHA256.hex(sha256))",
            "",
            "  section        encoding      offset      length     decoded  crc32",
        ]
        for s in header.sections {
            lines.append("  " + [pad(s.name, 13), pad(s.isCompressed ? "zstd" : "raw", 8), lpad(s.offset, 10), lpad(s.length, 10),
                                 lpad(s.decodedLength, 10), "  " + TableFormat.hex(s.checksum)].joined(separator: " "))
        }
        lines.append("")
        for source in contents.sources {
            lines.append("  source   \(source.name), \(CompileResult.grouped(Int(source.size))) bytes, SHA-256 \(SHA256.hex(source.sha256))")
        }
        let summary = contents.summary
        lines.append("  cleaning rows read \(CompileResult.grouped(summary.rowsRead)), kept \(CompileResult.grouped(summary.kept)); dropped "
                     + summary.dropped.map { "\($0.reason) \(CompileResult.grouped($0.count))" }.joined(separator: ", "))
        for segment in contents.segments.segments {
            lines.append("  segment  \(segment.name) (\(segment.metric.rawValue)): \(segment.buckets.map(\.name).joined(separator: ", "))")
        }
        lines.append("")
        let countryWidth = max(7, contents.countries.map(\.displayName.count).max() ?? 0)
        let segmentWidth = max(7, contents.segments.segments.map(\.name.count).max() ?? 0)
        lines.append("  " + [pad("country", countryWidth), pad("segment", segmentWidth), pad("bucket", 8),
                             "  amount", "  samples", "fallback"].joined(separator: "  "))
        for row in rows {
            lines.append("  " + [pad(row.country, countryWidth), pad(row.segment, segmentWidth), pad(row.bucket, 8),
                                 lpad(row.amount, 8), lpad(row.samples, 9), row.fallback ? "fallback" : ""]
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        return lines.joined(separator: "\n")
    }

    /// The inspection as JSON: `{"path", "format_version", "size", "sha256",
    /// "sections": [{"name", "encoding", "offset", "length", "decoded_length", "crc32"}],
    /// "sources": [{"name", "size", "sha256"}], "summary": {"rows_read", "kept", "dropped": {reason: count}},
    /// "segments": [{"name", "metric", "buckets"}], "entries": [{"country", "country_key", "segment",
    /// "bucket", "amount", "samples", "fallback"}]}`.
    public func json() throws -> Data {
        struct Section: Encodable { let name, encoding: String; let offset: UInt64; let length, decoded_length: UInt32; let crc32: String }
        struct Source: Encodable { let name: String; let size: Int64; let sha256: String }
        struct Summary: Encodable { let rows_read, kept: Int; let dropped: [String: Int] }
        struct SegmentInfo: Encodable { let name, metric: String; let buckets: [String] }
        struct Document: Encodable {
            let path, format_version: String
            let size: Int
            let sha256: String
            let sections: [Section]
            let sources: [Source]
            let summary: Summary
            let segments: [SegmentInfo]
            let entries: [Row]
        }
        let document = Document(
            path: path, format_version: "\(header.majorVersion).\(header.minorVersion)", size: size, sha256: SHA256.hex(sha256),
            sections: header.sections.map {
                Section(name: $0.name, encoding: $0.isCompressed ? "zstd" : "raw", offset: $0.offset, length: $0.length,
                        decoded_length: $0.decodedLength, crc32: TableFormat.hex($0.checksum))
            },
            sources: contents.sources.map { Source(name: $0.name, size: $0.size, sha256: SHA256.hex($0.sha256)) },
            summary: Summary(rows_read: contents.summary.rowsRead, kept: contents.summary.kept,
                             dropped: Dictionary(uniqueKeysWithValues: contents.summary.dropped.map { ($0.reason, $0.count) })),
            segments: contents.segments.segments.map { SegmentInfo(name: $0.name, metric: $0.metric.rawValue, buckets: $0.buckets.map(\.name)) },
            entries: rows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    /// One line of the table.
    struct Row: Encodable {
        let country: String
        let country_key: String
        let segment: String
        let bucket: String
        let amount: Int64
        let samples: Int
        let fallback: Bool
    }

    /// Every (country, segment, bucket), countries in key order, segments and buckets in configuration order.
    var rows: [Row] {
        contents.countries.flatMap { country in
            contents.segments.segments.enumerated().flatMap { s, segment in
                segment.buckets.enumerated().map { b, bucket in
                    let entry = country.entries[s][b]
                    return Row(country: country.displayName, country_key: country.key, segment: segment.name, bucket: bucket.name,
                               amount: entry.amount, samples: entry.samples, fallback: entry.isFallback)
                }
            }
        }
    }

    private func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
    private func lpad(_ v: some BinaryInteger, _ n: Int) -> String {
        let s = String(v)
        return String(repeating: " ", count: max(0, n - s.count)) + s
    }
}
