/// An object as a listing or a HEAD request describes it.
public struct S3ObjectInfo: Sendable, Hashable {
    public var location: S3Location
    public var size: Int
    /// The ETag, quoted as S3 sends it (`"…"`): the object's version for `If-Match`.
    public var etag: String

    public init(location: S3Location, size: Int, etag: String) {
        self.location = location
        self.size = size
        self.etag = etag
    }
}
