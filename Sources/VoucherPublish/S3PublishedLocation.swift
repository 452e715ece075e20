import Foundation
public import VoucherS3

/// A published location under an S3 prefix, `s3://bucket/prefix`: the same
/// layout as a directory (`prefix/versions/<sha256>.vtab`, `prefix/current`,
/// `prefix/history`), read and written with the ``S3Client`` of the module
/// `VoucherS3` (settings from the AWS variables and files, see
/// ``AWSConfiguration``).
///
/// - `readObject`: one GET; a missing key (`NoSuchKey`) is `nil`.
/// - `writeObject`: one PUT, which S3 applies atomically (a reader sees the
///   old object or the new one).
/// - `putVersionIfAbsent`: a HEAD, then a PUT when absent. Versions are named
///   by their content, so two publishers racing write the same bytes.
/// - `versions`: a LIST of `prefix/versions/`; `deleteVersion`: a DELETE.
/// - `fetchVersion`: a GET, written to a temporary file beside the target,
///   then renamed over it.
///
/// A location whose URL or settings are unusable is still a location: every
/// operation then throws that error, so a server following it starts and
/// answers `503` with the reason.
///
/// Immutable; the client is thread-safe, so the location is safe from any thread.
public struct S3PublishedLocation: PublishedLocation {
    /// The location as given.
    public let description: String
    /// The client and the prefix (empty, or ending in `/`), or why there are none.
    private let target: Result<(client: S3Client, bucket: String, prefix: String), PublishError>

    /// The location `url` (`s3://bucket` or `s3://bucket/prefix`, with or
    /// without a final `/`), with the S3 settings read from `environment` (`nil`: the process's).
    public init(url: String, environment: [String: String]? = nil) {
        description = url.hasSuffix("/") ? String(url.dropLast()) : url
        do {
            guard let parsed = try S3Location(parsing: url) else {
                throw StorageError(.badLocation, location: url, "not an s3:// URL")
            }
            let configuration = try AWSConfiguration.load(environment: environment ?? ProcessInfo.processInfo.environment)
            var prefix = parsed.key
            if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
            target = .success((S3Client(configuration: configuration), parsed.bucket, prefix))
        } catch {
            let named = (error as? StorageError)?.location == url  // it names the URL already
            target = .failure(PublishError(code: .usage, message: named ? "\(error)" : "\(url): \(error)"))
        }
    }

    /// A location under `prefix` of `bucket`, read and written with `client`.
    public init(client: S3Client, bucket: String, prefix: String) {
        let normalised = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        description = "s3://\(bucket)/\(normalised.dropLast(normalised.isEmpty ? 0 : 1))"
        target = .success((client, bucket, normalised))
    }

    /// Whether `argument` is spelled as an S3 location (`s3://…`).
    public static func isS3(_ argument: String) -> Bool { argument.hasPrefix("s3://") }

    /// The client and the S3 location of object `name`.
    private func object(_ name: String) throws(PublishError) -> (client: S3Client, location: S3Location) {
        let (client, bucket, prefix) = try target.get()
        return (client, S3Location(bucket: bucket, key: prefix + name))
    }

    /// A ``PublishError`` (`io`, or `missing` for an absent key) from the client's error, which names the object,
    /// S3's code and the request id.
    private static func failure(_ error: StorageError, _ what: String) -> PublishError {
        let missing = error.kind == .notFound && error.s3Code != "NoSuchBucket"
        return PublishError(code: missing ? .missing : .io, message: "\(what): \(error)")
    }

    public func readObject(_ name: String) throws -> [UInt8]? {
        let (client, location) = try object(name)
        do {
            return try client.get(location)
        } catch where error.kind == .notFound && error.s3Code != "NoSuchBucket" {
            return nil
        } catch {
            throw Self.failure(error, "cannot read \(name)")
        }
    }

    public func writeObject(_ name: String, _ bytes: [UInt8]) throws {
        let (client, location) = try object(name)
        do {
            try client.put(location, body: bytes, contentType: "text/plain; charset=utf-8")
        } catch {
            throw Self.failure(error, "cannot write \(name)")
        }
    }

    public func putVersionIfAbsent(sha256: String, fromFile path: String) throws -> Bool {
        let (client, location) = try object(Self.versionObject(sha256))
        do {
            _ = try client.head(location)
            return false
        } catch where error.kind == .notFound && error.s3Code != "NoSuchBucket" {
            // absent: stored below
        } catch {
            throw Self.failure(error, "cannot check version \(sha256)")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PublishError(code: .io, message: "\(path): cannot be read: \(error.localizedDescription)")
        }
        do {
            try client.put(location, body: Array(bytes))
        } catch {
            throw Self.failure(error, "cannot store version \(sha256)")
        }
        return true
    }

    public func versions() throws -> [String] {
        let (client, bucket, prefix) = try target.get()
        let folder = prefix + "versions/"
        do {
            return try client.list(bucket: bucket, prefix: folder).compactMap { info in
                let name = info.location.key.dropFirst(folder.count)
                guard name.hasSuffix(".vtab") else { return nil }
                let sha = String(name.dropLast(5))
                return PublishedPointer.isSHA256(sha) ? sha : nil
            }
        } catch {
            throw Self.failure(error, "cannot list versions/")
        }
    }

    public func deleteVersion(sha256: String) throws {
        let (client, location) = try object(Self.versionObject(sha256))
        do {
            try client.delete(location)
        } catch where error.kind == .notFound && error.s3Code != "NoSuchBucket" {
            return
        } catch {
            throw Self.failure(error, "cannot remove version \(sha256)")
        }
    }

    public func fetchVersion(sha256: String, to path: String) throws {
        let (client, location) = try object(Self.versionObject(sha256))
        let bytes: [UInt8]
        do {
            bytes = try client.get(location)
        } catch where error.kind == .notFound && error.s3Code != "NoSuchBucket" {
            // Without the request id, so the same absence polled again reads the same (and is counted once).
            throw PublishError(code: .missing, message: "\(description): version \(sha256) is not in versions/ "
                               + "(S3 error \(error.s3Code ?? "NotFound"))")
        } catch {
            throw Self.failure(error, "cannot fetch version \(sha256)")
        }
        try LocalDirectoryLocation.writeAtomically(bytes, to: path)
    }
}
