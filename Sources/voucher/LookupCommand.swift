import Foundation
import VoucherAPI
import VoucherTable

/// `voucher lookup TABLE`: one behaviour §5 request, from flags or from a JSON body on stdin.
///
/// Both forms go through the server's validation (`VoucherAPI`), so the
/// answers and error texts are the server's. The answer or the error is
/// printed as the HTTP body would be; an error exits with status 1.
struct LookupCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "lookup",
        abstract: "Answer one voucher request from a table, as POST /voucher would.",
        discussion: """
            With no request flags, reads a JSON request (behaviour §5) from standard input:
              echo '{"country_code": "Peru", "segment_name": "frequent_segment", "total_orders": 3}' | voucher lookup artifacts/vouchers.vtab
            Prints {"voucher_amount": N}, or {"error": "..."} and exits 1.
            """,
        arguments: PositionalSpec(name: "table", help: "The table file."),
        options: [
            OptionSpec(long: "country", value: "country", help: "country_code, e.g. Peru."),
            OptionSpec(long: "segment", value: "segment", help: "segment_name, e.g. frequent_segment or recency_segment."),
            OptionSpec(long: "total-orders", value: "n", help: "total_orders (whole number ≥ 0), for frequent_segment."),
            OptionSpec(long: "last-order", value: "time", help: "last_order_ts, e.g. \"2018-05-03 00:00:00\", for recency_segment."),
            OptionSpec(long: "first-order", value: "time", help: "first_order_ts (optional)."),
            OptionSpec(long: "timestamp", value: "time", help: "timestamp: the reference time for recency (default: now, UTC)."),
            .flag("explain", help: "Also print how the amount was found (country key, segment, metric value, bucket, samples, fallback, table SHA-256), as POST /voucher?explain=true does."),
            OptionSpec(long: "benchmark", value: "n",
                       help: "Instead of answering, time this many in-process lookups over every country and segment and print ns per lookup."),
        ])

    let table: String
    let country: String?
    let segment: String?
    let totalOrders: Int?
    let lastOrder: String?
    let firstOrder: String?
    let timestamp: String?
    let benchmark: Int?
    let explain: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        table = arguments.positional
        country = arguments.string("country")
        segment = arguments.string("segment")
        totalOrders = try arguments.integer("total-orders")
        lastOrder = arguments.string("last-order")
        firstOrder = arguments.string("first-order")
        timestamp = arguments.string("timestamp")
        benchmark = try arguments.integer("benchmark")
        explain = arguments.flag("explain")
    }

    func run() throws {
        let table = try VoucherTable(path: table)
        if let benchmark {
            print(LookupBenchmark(table: table).run(count: benchmark))
            return
        }
        let usesFlags = [country, segment, lastOrder, firstOrder, timestamp].contains { $0 != nil } || totalOrders != nil
        let body = usesFlags ? try requestFromFlags() : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000_000)
        var response = LookupResponse()
        let outcome = LookupRequest.answer(json: body, table: table, now: now)
        if explain, case .success(let lookup) = outcome,
           let request = Array(body.utf8).withUnsafeBytes({ try? LookupRequest(body: $0, table: table, now: now) }) {
            response.renderExplained(lookup, request: request, table: table, sha256: SHA256.hex(table.fileSHA256))
        } else {
            response.render(outcome)
        }
        print(String(decoding: response.body, as: UTF8.self))
        if response.status != 200 { throw ExitStatus(code: 1) }
    }

    /// The flags as the JSON body a client would send.
    func requestFromFlags() throws -> String {
        var request: [String: Any] = [:]
        request["country_code"] = country
        request["segment_name"] = segment
        request["total_orders"] = totalOrders
        request["last_order_ts"] = lastOrder
        request["first_order_ts"] = firstOrder
        request["timestamp"] = timestamp
        return String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
    }
}
