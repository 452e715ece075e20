/// A refused table file: when, and why.
struct ReloadFailure: Sendable, Hashable {
    /// When it was refused: nanoseconds since the epoch, UTC.
    let at: Int64
    /// The table library's or the system's description, naming the file.
    let message: String
}

/// What the event loops answer from: the loaded table (if any) and what the
/// reloader knows, with the `/health` answer and the table's `/metrics`
/// lines rendered once per change rather than once per request.
///
/// Immutable and `Sendable`. The reloader makes a new one for every load
/// or refusal and pushes it to every event loop; each loop keeps its own
/// reference (read without a lock by the requests of that loop).
final class ServingState: Sendable {
    /// The table requests are answered from; `nil` until a valid file was loaded.
    let table: LoadedTable?
    /// Successful switches to a new table after the first load.
    let reloads: Int
    /// Table files refused (at start or later).
    let failedReloads: Int
    /// The latest refusal, if any.
    let lastFailure: ReloadFailure?
    /// `/health`'s status: 200 with a table, 503 without.
    let healthStatus: Int
    /// `/health`'s JSON body.
    let healthBody: [UInt8]
    /// The table and reload lines of `/metrics`, in the text format.
    let metricsLines: [UInt8]

    /// A state; renders the health body and the metrics lines.
    ///
    /// - Parameter missingReason: why there is no table, when `table` is `nil`.
    init(table: LoadedTable?, reloads: Int, failedReloads: Int, lastFailure: ReloadFailure?,
         missingReason: String = "no table loaded yet") {
        self.table = table
        self.reloads = reloads
        self.failedReloads = failedReloads
        self.lastFailure = lastFailure
        self.healthStatus = table == nil ? 503 : 200
        self.healthBody = HealthResponder.body(table: table, reloads: reloads, failedReloads: failedReloads,
                                               lastFailure: lastFailure, missingReason: missingReason)
        self.metricsLines = MetricsExporter.tableLines(table: table, reloads: reloads, failedReloads: failedReloads,
                                                       lastFailure: lastFailure)
    }

    /// The same table, with one more refusal recorded.
    func refusing(_ failure: ReloadFailure) -> ServingState {
        ServingState(table: table, reloads: reloads, failedReloads: failedReloads + 1, lastFailure: failure,
                     missingReason: "no valid table is loaded: \(failure.message)")
    }

    /// A new table; the first one loaded is not counted as a reload.
    func switching(to newTable: LoadedTable) -> ServingState {
        ServingState(table: newTable, reloads: table == nil ? reloads : reloads + 1, failedReloads: failedReloads,
                     lastFailure: lastFailure)
    }
}
