import Foundation

/// Which ``PublishedLocation`` a command-line argument names: the one place
/// where a location kind is chosen from its spelling (`voucher publish`,
/// `rollback`, `diff`, `serve --table`). A directory is a
/// ``LocalDirectoryLocation``; an S3 prefix (`s3://bucket/prefix`) is an
/// ``S3PublishedLocation``.
public enum PublishedLocations {
    /// The location `argument` names, or `nil` when it is not one (a table
    /// file, or a path that does not exist unless `mayCreate`). Every
    /// `s3://` argument is a location (its settings are read from the AWS
    /// variables; a bad URL or setting is reported by its first operation).
    ///
    /// - Parameter mayCreate: a path that does not exist yet is a location
    ///   (`voucher publish` creates it).
    public static func location(_ argument: String, mayCreate: Bool = false) -> (any PublishedLocation)? {
        if S3PublishedLocation.isS3(argument) { return S3PublishedLocation(url: argument) }
        if LocalDirectoryLocation.isDirectory(argument) { return LocalDirectoryLocation(path: argument) }
        if mayCreate && !FileManager.default.fileExists(atPath: argument) { return LocalDirectoryLocation(path: argument) }
        return nil
    }
}
