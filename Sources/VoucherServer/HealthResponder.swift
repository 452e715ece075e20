import VoucherAPI

/// Renders `GET /health`: the loaded table's identity and the reloader's
/// record, as one JSON object.
///
/// With a table (status 200):
///
/// ```json
/// {"status": "ok", "table": {"path": "artifacts/vouchers.vtab", "format_version": "1.0",
///  "sha256": "…", "size_bytes": 5432, "countries": ["china", "latvia", "peru", "…"],
///  "segments": ["frequent_segment", "recency_segment"], "loaded_since": "2024-05-03T12:00:00.000Z",
///  "published": null},
///  "reloads": 1, "failed_reloads": 0, "last_failed_reload": null}
/// ```
///
/// Without one (status 503) `status` is `"unavailable"`, `table` is `null`
/// and `error` says why, as every error body of the service does.
/// `published` is `{"location": "…", "sha256": "…", "published_at": "…"}`
/// when the server follows a published location: the live version and when
/// `current` was pointed at it.
/// `last_failed_reload` is `{"at": "<ISO 8601>", "error": "<why>"}` once a
/// file was refused. Stateless; safe from any thread.
enum HealthResponder {
    /// The JSON body for a state (rendered once per state, not per request).
    static func body(table: LoadedTable?, reloads: Int, failedReloads: Int, lastFailure: ReloadFailure?,
                     missingReason: String) -> [UInt8] {
        var out: [UInt8] = []
        func text(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            APIError.appendEscaped(s, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        func strings(_ list: [String]) {
            text("[")
            for (i, item) in list.enumerated() {
                if i > 0 { text(", ") }
                string(item)
            }
            text("]")
        }

        if let table {
            text(#"{"status": "ok", "table": {"path": "#)
            string(table.path)
            text(#", "format_version": "#)
            string(table.formatVersion)
            text(#", "sha256": "#)
            string(table.sha256)
            text(#", "size_bytes": \#(table.identity.size), "countries": "#)
            strings(table.countries)
            text(#", "segments": "#)
            strings(table.table.segmentNames)
            text(#", "loaded_since": "#)
            string(ServerText.iso8601(nanosecondsSinceEpoch: table.loadedAt))
            text(#", "published": "#)
            if let published = table.published {
                text(#"{"location": "#)
                string(published.location)
                text(#", "sha256": "#)
                string(published.sha256)
                text(#", "published_at": "#)
                string(published.publishedAt)
                text("}")
            } else {
                text("null")
            }
            text("}")
        } else {
            text(#"{"status": "unavailable", "error": "#)
            string(missingReason)
            text(#", "table": null"#)
        }
        text(#", "reloads": \#(reloads), "failed_reloads": \#(failedReloads), "last_failed_reload": "#)
        if let lastFailure {
            text(#"{"at": "#)
            string(ServerText.iso8601(nanosecondsSinceEpoch: lastFailure.at))
            text(#", "error": "#)
            string(lastFailure.message)
            text("}")
        } else {
            text("null")
        }
        text("}")
        return out
    }
}
