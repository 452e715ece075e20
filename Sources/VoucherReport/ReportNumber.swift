import VoucherCompiler

/// Number formatting shared by the report's model, notes and HTML.
enum ReportNumber {
    /// `part / whole` rounded to four decimals; 0 when `whole` is 0.
    static func share(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }

    /// `285570` → `285,570`.
    static func grouped<T: BinaryInteger>(_ n: T) -> String {
        CompileResult.grouped(n)
    }

    /// A share as a percentage with one decimal (`0.0799` → `8.0%`), `<0.1%` for small non-zero ones.
    static func percent(_ share: Double) -> String {
        if share > 0 && share < 0.0005 { return "<0.1%" }
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `part / whole` as ``percent(_:)``.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0.0%" : percent(Double(part) / Double(whole))
    }

    /// A byte count with its unit: `2,854,969 bytes (2.7 MiB)`.
    static func bytes(_ n: Int64) -> String {
        let mib = Double(n) / 1_048_576
        guard mib >= 0.1 else { return "\(grouped(n)) bytes" }
        let tenths = Int((mib * 10).rounded())
        return "\(grouped(n)) bytes (\(tenths / 10).\(tenths % 10) MiB)"
    }
}
