import Foundation

/// Which ``PublishedLocation`` a command-line argument names: the one place
/// where a location kind is chosen from its spelling (`voucher publish`,
/// `rollback`, `diff`, `serve --table`). Today a directory is a
/// ``LocalDirectoryLocation``; an S3 prefix (`s3://bucket/prefix`) is to be
/// recognised here once the S3 client exists.
public enum PublishedLocations {
    /// The location `argument` names, or `nil` when it is not one (a table
    /// file, or a path that does not exist unless `mayCreate`).
    ///
    /// - Parameter mayCreate: a path that does not exist yet is a location
    ///   (`voucher publish` creates it).
    public static func location(_ argument: String, mayCreate: Bool = false) -> (any PublishedLocation)? {
        if LocalDirectoryLocation.isDirectory(argument) { return LocalDirectoryLocation(path: argument) }
        if mayCreate && !FileManager.default.fileExists(atPath: argument) { return LocalDirectoryLocation(path: argument) }
        return nil
    }
}
