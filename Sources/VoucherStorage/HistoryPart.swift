public import VoucherHistory
public import VoucherS3

/// One history file or object that a location resolved to.
public struct HistoryPart: Sendable, Hashable {
    /// Where the bytes are.
    public enum Storage: Sendable, Hashable {
        case file(path: String)
        case object(S3ObjectInfo)
    }

    public var storage: Storage
    /// How the part is named in the table's sources section and the report:
    /// a file named on its own by its name without folder (as before
    /// locations), a file found in a folder or by a pattern by its path, an
    /// object by its `s3://` URL.
    public var sourceName: String

    public init(_ storage: Storage, sourceName: String) {
        self.storage = storage
        self.sourceName = sourceName
    }

    /// The full location: the path, or `s3://bucket/key`.
    public var location: String {
        switch storage {
        case .file(let path): path
        case .object(let object): object.location.description
        }
    }

    /// Opens the part's bytes: a local file, or the object through `client`.
    ///
    /// - Throws: ``HistoryError`` `io` for a file that cannot be opened.
    public func open(client: @autoclosure () throws -> S3Client) throws -> any ByteRangeSource {
        switch storage {
        case .file(let path): try FileHandleReader(path: path)
        case .object(let object): S3ObjectSource(object, client: try client())
        }
    }
}
