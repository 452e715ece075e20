/// `s3://bucket/key` (an object) or `s3://bucket/prefix/` (every object under it).
public struct S3Location: Sendable, Hashable, CustomStringConvertible {
    public var bucket: String
    /// The key, or the prefix; empty for a whole bucket.
    public var key: String

    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// Parses `s3://bucket/key`; nil when `text` does not start with `s3://`.
    ///
    /// - Throws: ``StorageError`` `badLocation` for an `s3://` URL without a bucket.
    public init?(parsing text: String) throws {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let bucket = String(rest[..<slash])
        guard !bucket.isEmpty else {
            throw StorageError(.badLocation, location: text, "no bucket: an S3 location is s3://bucket/key or s3://bucket/prefix/")
        }
        self.bucket = bucket
        self.key = slash == rest.endIndex ? "" : String(rest[rest.index(after: slash)...])
    }

    /// Whether this names a prefix (ends in `/`, or is the whole bucket) rather than one object.
    public var isPrefix: Bool { key.isEmpty || key.hasSuffix("/") }

    public var description: String { "s3://\(bucket)/\(key)" }
}
