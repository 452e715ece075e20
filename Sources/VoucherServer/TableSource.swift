import Logging

/// Where the reloader's tables come from: a table file (``FileTableSource``)
/// or a published location (``PublishedTableSource``). Used only on the
/// reloader's serial queue, so conformers need no lock.
protocol TableSource: AnyObject {
    /// The file or location, for logs.
    var description: String { get }
    /// The `reason` logged for a reload a poll started: `file changed`, `new version`.
    var changeReason: String { get }
    /// Whether a load that failed is tried again at every poll (a location:
    /// the next poll may find the version fixed or the pointer moved), in
    /// which case a failure repeated unchanged is logged and counted once.
    var retriesFailures: Bool { get }

    /// Cheap check at each poll: whether ``load(serving:)`` should run now.
    func hasChanged(serving: LoadedTable?, logger: Logger) -> Bool

    /// Loads and verifies the table to serve; `nil` when it is the one
    /// `serving` already is. Blocking I/O.
    ///
    /// - Throws: ``ServerError`` naming the file, version or location.
    func load(serving: LoadedTable?) throws(ServerError) -> LoadedTable?
}
