import Foundation
import Logging
import VoucherPublish

/// A published location followed by its `current` pointer: at each poll
/// (and on SIGHUP) the pointer is read; a new version is copied into the
/// cache directory (`<cache>/<sha256>.vtab`), opened, verified, and checked
/// to hash to its name before it is served. A failure (no pointer, a
/// missing or corrupt version, an unreadable location) keeps the served
/// table and is tried again at the next poll.
///
/// Versions this source copied are removed from the cache once neither the
/// new nor the previous table is theirs (other processes' files are left
/// alone, so servers may share a cache directory).
final class PublishedTableSource: TableSource {
    let location: any PublishedLocation
    let cache: String
    /// Cache files this source wrote and has not removed yet.
    private var fetched: Set<String> = []
    /// The last failure, and its message without request ids.
    private var lastFailure: (key: String, error: ServerError)?

    init(location: any PublishedLocation, cache: String) {
        self.location = location
        self.cache = cache
    }

    var description: String { location.description }
    var changeReason: String { "new version" }
    var retriesFailures: Bool { true }

    func hasChanged(serving: LoadedTable?, logger: Logger) -> Bool {
        guard let pointer = try? location.currentPointer() else { return true }  // load says what is wrong
        return pointer.sha256 != serving?.published?.sha256
    }

    func load(serving: LoadedTable?) throws(ServerError) -> LoadedTable? {
        do {
            let table = try loadVersion(serving: serving)
            lastFailure = nil
            return table
        } catch {
            // An S3 error names its request id, new at every poll: the same failure again keeps the first
            // message, so the reloader logs and counts it once.
            let key = Self.withoutRequestIDs(error.message)
            if let lastFailure, lastFailure.key == key, lastFailure.error.code == error.code { throw lastFailure.error }
            lastFailure = (key, error)
            throw error
        }
    }

    /// `message` without its `request id …` notes.
    static func withoutRequestIDs(_ message: String) -> String {
        message.replacingOccurrences(of: "request id [^;)]*", with: "request id", options: .regularExpression)
    }

    private func loadVersion(serving: LoadedTable?) throws(ServerError) -> LoadedTable? {
        let pointer: PublishedPointer
        do {
            guard let current = try location.currentPointer() else {
                throw PublishError(code: .missing, message: "\(location.description): nothing is published yet (no current)")
            }
            pointer = current
        } catch {
            throw ServerError(code: .io, message: "\(error)")
        }
        if pointer.sha256 == serving?.published?.sha256 { return nil }
        let file = (cache as NSString).appendingPathComponent("\(pointer.sha256).vtab")
        if !FileManager.default.fileExists(atPath: file) {
            do {
                try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
                try location.fetchVersion(sha256: pointer.sha256, to: file)
                fetched.insert(file)
            } catch {
                throw ServerError(code: .io, message: "\(error)")
            }
        }
        let published = PublishedVersion(location: location.description, sha256: pointer.sha256,
                                         publishedAt: pointer.publishedAt)
        let table: LoadedTable
        do {
            table = try LoadedTable.load(path: file, published: published)
        } catch {
            try? FileManager.default.removeItem(atPath: file)  // fetched again at the next try
            fetched.remove(file)
            throw ServerError(code: error.code, message: "\(location.description): version \(pointer.sha256): \(error.message)")
        }
        guard table.sha256 == pointer.sha256 else {
            try? FileManager.default.removeItem(atPath: file)
            fetched.remove(file)
            throw ServerError(code: .table, message: "\(location.description): version \(pointer.sha256) holds a table "
                              + "whose SHA-256 is \(table.sha256)")
        }
        for old in fetched where old != file && old != serving?.path {
            try? FileManager.default.removeItem(atPath: old)
            fetched.remove(old)
        }
        return table
    }
}
