public import Foundation
import VoucherTable

extension CompileResult {
    /// The summary `voucher compile` prints: rows read, kept, dropped per
    /// reason, countries, and the time taken.
    public func summaryText(output: String, seconds: Double) -> String {
        let dropped = rowsRead - kept
        let width = DropReason.allCases.map(\.name.count).max() ?? 0
        var lines = [
            "compiled \(contents.sources.count) file\(contents.sources.count == 1 ? "" : "s") into \(output) in \(Self.threeDecimals(seconds)) s",
            "rows read  \(Self.grouped(rowsRead))",
            "kept       \(Self.grouped(kept))",
            "dropped    \(Self.grouped(dropped))",
        ]
        for reason in DropReason.allCases {
            let name = reason.name + String(repeating: " ", count: width - reason.name.count)
            lines.append("  \(name)  \(Self.grouped(self.dropped(reason)))")
        }
        let names = contents.countries.map { "\($0.displayName) \(Self.grouped($0.keptRows))" }
        lines.append("countries  \(contents.countries.count): \(names.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    /// `seconds` rounded to three decimals: `0.052` (without Foundation's
    /// `String(format:)`, whose first call costs 2 million instructions of
    /// run-time type look-ups, a fifth of a one-row compile's).
    static func threeDecimals(_ seconds: Double) -> String {
        let milliseconds = Int((max(seconds, 0) * 1000).rounded())
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// The same as JSON (`--summary-json`): `{"output", "seconds", "rows_read",
    /// "kept", "dropped": {reason: count}, "countries": [{"key", "name", "kept"}],
    /// "sources": [{"name", "size", "sha256"}]}`.
    public func summaryJSON(output: String, seconds: Double) throws -> Data {
        struct Country: Encodable { let key: String; let name: String; let kept: Int }
        struct Source: Encodable { let name: String; let size: Int64; let sha256: String }
        struct Summary: Encodable {
            let output: String
            let seconds: Double
            let rows_read: Int
            let kept: Int
            let dropped: [String: Int]
            let countries: [Country]
            let sources: [Source]
        }
        let summary = Summary(
            output: output, seconds: (seconds * 1000).rounded() / 1000, rows_read: rowsRead, kept: kept,
            dropped: Dictionary(uniqueKeysWithValues: DropReason.allCases.map { ($0.name, self.dropped($0)) }),
            countries: contents.countries.map { Country(key: $0.key, name: $0.displayName, kept: $0.keptRows) },
            sources: contents.sources.map { Source(name: $0.name, size: $0.size, sha256: SHA256.hex($0.sha256)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(summary)
    }

    /// `285570` → `285,570`.
    package static func grouped<T: BinaryInteger>(_ n: T) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
