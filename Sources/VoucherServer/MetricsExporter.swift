/// Renders `GET /metrics` in the Prometheus text exposition format (0.0.4):
/// a small exporter of our own, no client library.
///
/// Families:
/// - `voucher_http_requests_total{endpoint,status}` (counter): answers sent;
///   `endpoint` is `/voucher`, `/health`, `/metrics` or `other`.
/// - `voucher_http_request_duration_seconds{endpoint}` (histogram): from the
///   read that completed a request to its answer being ready to write.
/// - `voucher_table_info{path,sha256,format_version,countries,loaded_since}`
///   (gauge, 1): the table served; absent while none is.
/// - `voucher_table_published_info{location,sha256,published_at}` (gauge,
///   1): the published version served, when following a location.
/// - `voucher_table_loaded` (gauge, 0/1), `voucher_table_loaded_timestamp_seconds`.
/// - `voucher_table_reloads_total`, `voucher_table_reload_failures_total`
///   (counters), `voucher_table_last_reload_failure_timestamp_seconds`.
/// - `voucher_lookups_total{country,segment,bucket,fallback}` (counter):
///   lookups answered `200`, by entry (``LookupCounters``).
/// - `voucher_connections_open` (gauge), `voucher_connections_accepted_total`,
///   `voucher_connections_rejected_total` (over the connection limit, with
///   no idle connection to close instead), `voucher_connections_evicted_total`
///   (idle connections closed to make room at the limit),
///   `voucher_connections_timed_out_total{reason="idle"|"read"}` (counters).
///
/// Stateless; safe from any thread.
enum MetricsExporter {
    /// The content type of the text format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole page: request counters summed over every loop, the serving
    /// state's table lines, and the connection figures.
    static func render(requests: RequestMetrics, serving: ServingState, openConnections: Int,
                       rejectedConnections: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        func line(_ s: String) { out.append(contentsOf: Array(s.utf8)); out.append(0x0A) }

        line("# HELP voucher_http_requests_total HTTP answers sent, by endpoint and status.")
        line("# TYPE voucher_http_requests_total counter")
        for endpoint in Endpoint.allCases {
            for status in RequestMetrics.statuses.map(Optional.some) + [nil] {
                let count = requests.count(endpoint, status: status)
                guard count > 0 else { continue }
                line(#"voucher_http_requests_total{endpoint="\#(endpoint.label)",status="\#(status.map(String.init) ?? "other")"} \#(count)"#)
            }
        }

        line("# HELP voucher_http_request_duration_seconds Time from reading a request to its answer, by endpoint.")
        line("# TYPE voucher_http_request_duration_seconds histogram")
        for endpoint in Endpoint.allCases {
            let buckets = requests.latencyBuckets(endpoint)
            let total = buckets.reduce(0, &+)
            guard total > 0 else { continue }
            let name = "voucher_http_request_duration_seconds"
            let labels = #"endpoint="\#(endpoint.label)""#
            var cumulative: UInt64 = 0
            for (bound, count) in zip(RequestMetrics.bucketBounds.map(Optional.some) + [nil], buckets) {
                cumulative &+= count
                line(#"\#(name)_bucket{\#(labels),le="\#(bound.map(seconds) ?? "+Inf")"} \#(cumulative)"#)
            }
            line("\(name)_sum{\(labels)} \(seconds(Int64(clamping: requests.latencySum(endpoint))))")
            line("\(name)_count{\(labels)} \(total)")
        }

        out.append(contentsOf: serving.metricsLines)

        line("# HELP voucher_connections_open Connections open now.")
        line("# TYPE voucher_connections_open gauge")
        line("voucher_connections_open \(openConnections)")
        line("# HELP voucher_connections_accepted_total Connections accepted.")
        line("# TYPE voucher_connections_accepted_total counter")
        line("voucher_connections_accepted_total \(requests.connectionsAccepted)")
        line("# HELP voucher_connections_rejected_total New connections closed at once at the connection limit (no idle connection to close instead).")
        line("# TYPE voucher_connections_rejected_total counter")
        line("voucher_connections_rejected_total \(rejectedConnections)")
        line("# HELP voucher_connections_evicted_total Idle connections closed to make room for a new one at the connection limit.")
        line("# TYPE voucher_connections_evicted_total counter")
        line("voucher_connections_evicted_total \(requests.idleEvictions)")
        line("# HELP voucher_connections_timed_out_total Connections closed by the idle or the read timeout.")
        line("# TYPE voucher_connections_timed_out_total counter")
        line(#"voucher_connections_timed_out_total{reason="idle"} \#(requests.idleTimeouts)"#)
        line(#"voucher_connections_timed_out_total{reason="read"} \#(requests.readTimeouts)"#)
        return out
    }

    /// The lines that change only when the table or the reload record does
    /// (rendered once per ``ServingState``).
    static func tableLines(table: LoadedTable?, reloads: Int, failedReloads: Int,
                           lastFailure: ReloadFailure?) -> [UInt8] {
        var out: [UInt8] = []
        func text(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        func label(_ name: String, _ value: String, first: Bool = false) {
            text((first ? "" : ",") + name + "=")
            ServerText.appendLabelValue(value, to: &out)
        }

        text("# HELP voucher_table_info The table being served (always 1), identified by its labels.\n")
        text("# TYPE voucher_table_info gauge\n")
        if let table {
            text("voucher_table_info{")
            label("path", table.path, first: true)
            label("sha256", table.sha256)
            label("format_version", table.formatVersion)
            label("countries", String(table.countries.count))
            label("loaded_since", ServerText.iso8601(nanosecondsSinceEpoch: table.loadedAt))
            text("} 1\n")
        }
        if let published = table?.published {
            text("# HELP voucher_table_published_info The published version being served (always 1).\n")
            text("# TYPE voucher_table_published_info gauge\n")
            text("voucher_table_published_info{")
            label("location", published.location, first: true)
            label("sha256", published.sha256)
            label("published_at", published.publishedAt)
            text("} 1\n")
        }
        text("# HELP voucher_table_loaded Whether a valid table is being served (1) or not (0).\n")
        text("# TYPE voucher_table_loaded gauge\n")
        text("voucher_table_loaded \(table == nil ? 0 : 1)\n")
        if let table {
            text("# HELP voucher_table_loaded_timestamp_seconds When the table being served was loaded.\n")
            text("# TYPE voucher_table_loaded_timestamp_seconds gauge\n")
            text("voucher_table_loaded_timestamp_seconds \(seconds(table.loadedAt))\n")
        }
        text("# HELP voucher_table_reloads_total Switches to a new table file after the first load.\n")
        text("# TYPE voucher_table_reloads_total counter\n")
        text("voucher_table_reloads_total \(reloads)\n")
        text("# HELP voucher_table_reload_failures_total Table files refused (the previous table is kept).\n")
        text("# TYPE voucher_table_reload_failures_total counter\n")
        text("voucher_table_reload_failures_total \(failedReloads)\n")
        if let lastFailure {
            text("# HELP voucher_table_last_reload_failure_timestamp_seconds When a table file was last refused.\n")
            text("# TYPE voucher_table_last_reload_failure_timestamp_seconds gauge\n")
            text("voucher_table_last_reload_failure_timestamp_seconds \(seconds(lastFailure.at))\n")
        }
        return out
    }

    /// Nanoseconds as decimal seconds without exponent or trailing zeros: `0.000005`, `1714737600.5`.
    static func seconds(_ nanoseconds: Int64) -> String {
        let sign = nanoseconds < 0 ? "-" : ""
        let magnitude = nanoseconds.magnitude
        var fraction = ServerText.pad(Int(magnitude % 1_000_000_000), 9)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(magnitude / 1_000_000_000) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
