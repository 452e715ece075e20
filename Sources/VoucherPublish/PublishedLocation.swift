/// A published location: where table versions and the pointer to the live
/// one are kept, for `voucher publish`, `rollback`, `diff` and servers that
/// follow it. The layout (README, "Rolling out a table"):
///
/// ```
/// LOCATION/versions/<sha256>.vtab   immutable, named by the SHA-256 of its bytes
/// LOCATION/current                  one pointer line naming the live version
/// LOCATION/history                  every pointer written, one line each, newest last
/// ```
///
/// The operations are the few an object store offers, so that a local
/// directory (``LocalDirectoryLocation``) and an S3 prefix can both
/// implement them: small objects read whole and replaced atomically,
/// versions put once and never changed, listed, deleted and fetched to a
/// local file.
///
/// Conformers must be safe to use from several threads at once (each call
/// stands alone) and report every failure as a ``PublishError`` naming the
/// location and the object.
public protocol PublishedLocation: Sendable {
    /// The location as given (a directory path, `s3://bucket/prefix`), for messages.
    var description: String { get }

    /// The bytes of the small object `name` (`current`, `history`), or `nil` when it is absent.
    ///
    /// - Throws: ``PublishError`` (`io`) when the object exists but cannot be read.
    func readObject(_ name: String) throws -> [UInt8]?

    /// Replaces the small object `name` with `bytes` atomically: a reader
    /// sees the old bytes or the new ones, never a mix (locally: write,
    /// fsync, rename, fsync of the directory; on S3: one PUT).
    ///
    /// - Throws: ``PublishError`` (`io`); the old object is then unchanged.
    func writeObject(_ name: String, _ bytes: [UInt8]) throws

    /// Stores the table file at `path` as version `sha256` unless that
    /// version is already there (versions are immutable). Returns whether it
    /// was stored now.
    ///
    /// - Throws: ``PublishError`` (`io`); no partial version is left visible.
    func putVersionIfAbsent(sha256: String, fromFile path: String) throws -> Bool

    /// The SHA-256 names of the versions present, in no particular order.
    ///
    /// - Throws: ``PublishError`` (`io`).
    func versions() throws -> [String]

    /// Removes version `sha256` (no error when it is already gone).
    ///
    /// - Throws: ``PublishError`` (`io`).
    func deleteVersion(sha256: String) throws

    /// Copies version `sha256` to the local file `path`, replacing it
    /// atomically (a temporary file beside it, then a rename). The bytes are
    /// not verified here: the caller opens the table and compares its hash.
    ///
    /// - Throws: ``PublishError``: `missing` when the version is absent, `io`.
    func fetchVersion(sha256: String, to path: String) throws
}

extension PublishedLocation {
    /// The object name of version `sha256`: `versions/<sha256>.vtab`.
    public static func versionObject(_ sha256: String) -> String { "versions/\(sha256).vtab" }

    /// The pointer `current` names, or `nil` when the location has none yet.
    ///
    /// - Throws: ``PublishError``: `io`, or `format` for a malformed pointer.
    public func currentPointer() throws -> PublishedPointer? {
        guard let bytes = try readObject(PublishedPointer.currentObject) else { return nil }
        return try PublishedPointer(text: String(decoding: bytes, as: UTF8.self), object: "\(description)/current")
    }

    /// Every pointer `history` holds, oldest first (empty when there is none).
    ///
    /// - Throws: ``PublishError``: `io`, or `format` naming the bad line.
    public func history() throws -> [PublishedPointer] {
        guard let bytes = try readObject(PublishedPointer.historyObject) else { return [] }
        return try PublishedPointer.lines(String(decoding: bytes, as: UTF8.self), object: "\(description)/history")
    }
}
