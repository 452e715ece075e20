import VoucherTable

/// `voucher publish` and `voucher rollback` over a ``PublishedLocation``:
/// verify, compare with the live version, refuse when a guard is broken,
/// store the version if absent, point `current` at it, record the pointer
/// in `history`, and remove old versions.
///
/// Order of writes: the version first, then `current`, then `history`;
/// a crash in between leaves at most an unused version or a pointer not yet
/// in the history, never a pointer to a missing version. One publisher at a
/// time per location (nothing locks it). A plain value; each call stands
/// alone.
public struct Publisher: Sendable {
    /// What a new table must satisfy to replace the live one.
    public struct Guards: Sendable, Hashable {
        /// The largest share of entries (0…1) it may change; `nil`: any.
        /// Judged only when there is a live version.
        public var maxChanged: Double?
        /// The fewest rows its history must have kept; `nil`: any.
        public var minKeptRows: Int?

        /// Guards; `nil` turns one off.
        public init(maxChanged: Double? = nil, minKeptRows: Int? = nil) {
            self.maxChanged = maxChanged
            self.minKeptRows = minKeptRows
        }

        /// Why `diff` breaks these guards: one sentence per broken guard (empty: none).
        public func violations(of diff: TableDiff) -> [String] {
            var reasons: [String] = []
            if let maxChanged, diff.old != nil, diff.changedFraction > maxChanged {
                reasons.append("it changes \(diff.changedEntries) of \(diff.totalEntries) entries "
                               + "(\(TableDiff.fixed(diff.changedFraction * 100, digits: 1))%), more than --max-changed "
                               + "\(maxChanged) allows")
            }
            if let minKeptRows, diff.new.kept < minKeptRows {
                reasons.append("its history kept \(diff.new.kept) rows, fewer than --min-kept-rows \(minKeptRows)")
            }
            return reasons
        }
    }

    /// What ``publish(table:guards:force:keep:)`` did.
    public enum PublishOutcome: Sendable {
        /// `current` now names the table. `uploaded`: the version was stored
        /// now (else it was already there); `removed`: versions pruned.
        case published(pointer: PublishedPointer, diff: TableDiff, uploaded: Bool, removed: [String])
        /// The table is already the live version: nothing was written.
        case unchanged(sha256: String)
        /// A guard is broken: nothing was written.
        case refused(diff: TableDiff, reasons: [String])
    }

    /// The location published to.
    public let location: any PublishedLocation

    public init(location: any PublishedLocation) {
        self.location = location
    }

    /// Publishes the table file at `table`.
    ///
    /// - Parameters:
    ///   - guards: refused when broken, unless `force`.
    ///   - keep: afterwards, keep at most this many versions (see ``prune(keep:)``); `nil`: keep all.
    /// - Throws: ``PublishError``: `table` when the file is not a valid table
    ///   (or the live version is not, unless `force`: then it is not compared
    ///   with), `io`, `format`, `missing`.
    public func publish(table path: String, guards: Guards, force: Bool, keep: Int?) throws -> PublishOutcome {
        let table = try PublishedVersions.openFile(path)
        let sha = SHA256.hex(table.fileSHA256)
        let current = try location.currentPointer()
        if current?.sha256 == sha { return .unchanged(sha256: sha) }
        var live: VoucherTable?
        do {
            live = try current.map { try PublishedVersions.open(version: $0.sha256, of: location) }
        } catch let error as PublishError where force {
            _ = error  // --force: a live version that cannot be read is not compared with
            live = nil
        } catch let error as PublishError {
            throw PublishError(code: error.code, message: "\(error.message); --force publishes without comparing")
        }
        let diff = try TableDiff(old: live, oldLabel: "\(location.description) (current)", new: table, newLabel: path)
        let reasons = guards.violations(of: diff)
        if !reasons.isEmpty && !force { return .refused(diff: diff, reasons: reasons) }
        let uploaded = try location.putVersionIfAbsent(sha256: sha, fromFile: path)
        let pointer = PublishedPointer.now(sha256: sha, action: "publish")
        try point(at: pointer)
        let removed = try keep.map { try prune(keep: $0) } ?? []
        return .published(pointer: pointer, diff: diff, uploaded: uploaded, removed: removed)
    }

    /// Points `current` back: at version `target` when given, else at the
    /// newest version in `history` other than the live one. The version is
    /// fetched and verified first; the new pointer is recorded in `history`
    /// with the action `rollback`. Two rollbacks in a row therefore go back
    /// and forth between the last two versions; `--to` reaches older ones.
    ///
    /// - Returns: the old pointer and the new one.
    /// - Throws: ``PublishError``: `usage` when there is nothing to roll back
    ///   to or `target` is not a SHA-256, `missing` when the version is gone,
    ///   `table` when it does not verify, `io`, `format`.
    public func rollback(to target: String?) throws -> (from: PublishedPointer?, to: PublishedPointer) {
        let current = try location.currentPointer()
        let sha: String
        if let target {
            guard PublishedPointer.isSHA256(target) else {
                throw PublishError(code: .usage, message: "'\(target)' is not a SHA-256 (64 lower-case hex digits)")
            }
            sha = target
        } else {
            guard let current else {
                throw PublishError(code: .usage, message: "\(location.description): nothing is published yet (no current)")
            }
            guard let previous = try location.history().last(where: { $0.sha256 != current.sha256 }) else {
                throw PublishError(code: .usage,
                                   message: "\(location.description): the history names no version other than the current one")
            }
            sha = previous.sha256
        }
        _ = try PublishedVersions.open(version: sha, of: location)
        let pointer = PublishedPointer.now(sha256: sha, action: "rollback")
        try point(at: pointer)
        return (current, pointer)
    }

    /// Removes the oldest versions beyond `keep`: a version stays when one
    /// of the last `keep` history entries (or `current`) names it; of the
    /// others, the ones named least recently by the history go first, until
    /// at most `keep` versions remain. Versions the history never named
    /// (one being published by another process) are left alone.
    ///
    /// - Returns: the removed versions.
    /// - Throws: ``PublishError`` (`io`, `format`).
    public func prune(keep: Int) throws -> [String] {
        let history = try location.history()
        var protected = Set(history.suffix(max(keep, 0)).map(\.sha256))
        if let current = try location.currentPointer() { protected.insert(current.sha256) }
        let present = try location.versions()
        var excess = present.count - max(keep, 0)
        guard excess > 0 else { return [] }
        // Each version's newest mention in the history: smaller is older.
        var lastMention: [String: Int] = [:]
        for (index, pointer) in history.enumerated() { lastMention[pointer.sha256] = index }
        let candidates = present.filter { !protected.contains($0) && lastMention[$0] != nil }
            .sorted { lastMention[$0]! < lastMention[$1]! }
        var removed: [String] = []
        for sha in candidates where excess > 0 {
            try location.deleteVersion(sha256: sha)
            removed.append(sha)
            excess -= 1
        }
        return removed
    }

    /// Writes `pointer` to `current`, then appends it to `history`.
    private func point(at pointer: PublishedPointer) throws {
        try location.writeObject(PublishedPointer.currentObject, Array(pointer.line.utf8))
        let history = try location.readObject(PublishedPointer.historyObject) ?? []
        var text = String(decoding: history, as: UTF8.self)
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        try location.writeObject(PublishedPointer.historyObject, Array((text + pointer.line).utf8))
    }
}
