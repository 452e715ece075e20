import Foundation
public import VoucherS3

/// Turns the history locations of a command line into history parts, in order.
///
/// A location is
/// - a file: itself, whatever its name (the format is read from its bytes);
/// - a folder: every `*.parquet`, `*.parquet.gzip`, `*.parq` and `*.csv`
///   file under it, recursively, in the byte order of their paths relative
///   to it; files and folders whose names start with `.` or `_` are skipped
///   (hidden files, and the `_SUCCESS`, `_committed_…`, `_temporary` markers
///   of Spark and Hadoop writers);
/// - a pattern with `*`, `?` or `[…]` (glob(3)): each match, a folder read as
///   above, a file kept under the same name rules, in byte order;
/// - `s3://bucket/key`: that object; when there is none, every object under
///   `key/`, as for a prefix;
/// - `s3://bucket/prefix/`: every object under the prefix (ListObjectsV2),
///   under the folder rules.
///
/// Hive-style folder names (`dt=2018-07-21`) are folders like any other:
/// their `key=value` is not read as a column. Locations may be mixed; each
/// must match at least one part.
public enum HistoryLocations {
    /// The extensions a file found in a folder or by a pattern must have.
    public static let extensions = [".parquet", ".parquet.gzip", ".parq", ".csv"]

    /// Resolves `locations`, in order; `client` is asked for only when an
    /// `s3://` location is met.
    ///
    /// - Throws: ``StorageError`` `notFound` naming a location that matches
    ///   nothing; S3's errors for a listing.
    public static func resolve(_ locations: [String], client: () throws -> S3Client) throws -> [HistoryPart] {
        var parts: [HistoryPart] = []
        for location in locations {
            let found: [HistoryPart]
            if let s3 = try S3Location(parsing: location) {
                found = try objects(s3, client: try client())
            } else {
                found = try files(location)
            }
            guard !found.isEmpty else {
                throw StorageError(.notFound, location: location,
                                   "matches no history file (a folder or prefix needs *.parquet, *.parquet.gzip, *.parq or *.csv files under it)")
            }
            parts += found
        }
        return parts
    }

    /// Whether a file found in a folder (path relative to it, `/`-separated) is history.
    static func isHistory(relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: true)
        guard let name = components.last, !components.contains(where: { $0.hasPrefix(".") || $0.hasPrefix("_") }) else {
            return false
        }
        let lower = name.lowercased()
        return extensions.contains { lower.hasSuffix($0) && lower.count > $0.count }
    }

    /// Sorts by the UTF-8 bytes of `key`.
    static func byteOrder<T>(_ items: [T], _ key: (T) -> String) -> [T] {
        items.sorted { key($0).utf8.lexicographicallyPrecedes(key($1).utf8) }
    }

    // MARK: Local

    private static func files(_ location: String) throws -> [HistoryPart] {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: location, isDirectory: &isFolder) {
            if isFolder.boolValue { return try folder(location) }
            let name = location.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? location
            return [HistoryPart(.file(path: location), sourceName: name)]
        }
        guard location.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) else {
            throw StorageError(.notFound, location: location, "no such file or folder")
        }
        var parts: [HistoryPart] = []
        for match in try glob(location) {
            var isMatchFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: match, isDirectory: &isMatchFolder) else { continue }
            if isMatchFolder.boolValue {
                parts += try folder(match)
            } else if isHistory(relativePath: String(match.split(separator: "/").last ?? "")) {
                parts.append(HistoryPart(.file(path: match), sourceName: match))
            }
        }
        return parts
    }

    /// Every history file under `root`, in the byte order of their relative paths.
    private static func folder(_ root: String) throws -> [HistoryPart] {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        var relative: [String] = []
        var pending = [""]
        while let next = pending.popLast() {
            let folder = next.isEmpty ? base : "\(base)/\(next)"
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
                throw StorageError(.badLocation, location: folder, "cannot list this folder: \(error.localizedDescription)")
            }
            for name in names where !name.hasPrefix(".") && !name.hasPrefix("_") {
                let path = next.isEmpty ? name : "\(next)/\(name)"
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: "\(base)/\(path)", isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    pending.append(path)
                } else if isHistory(relativePath: path) {
                    relative.append(path)
                }
            }
        }
        return byteOrder(relative) { $0 }.map { path in
            let full = base.isEmpty ? "/\(path)" : "\(base)/\(path)"
            return HistoryPart(.file(path: full), sourceName: full)
        }
    }

    /// glob(3)'s matches of `pattern`, in byte order.
    private static func glob(_ pattern: String) throws -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = Foundation.glob(pattern, 0, nil, &result)
        if status == GLOB_NOMATCH { return [] }
        guard status == 0 else { throw StorageError(.badLocation, location: pattern, "cannot expand this pattern (glob error \(status))") }
        var matches: [String] = []
        for i in 0 ..< Int(result.gl_pathc) {
            if let path = result.gl_pathv[i] { matches.append(String(cString: path)) }
        }
        return byteOrder(matches) { $0 }
    }

    // MARK: S3

    private static func objects(_ location: S3Location, client: S3Client) throws -> [HistoryPart] {
        if !location.isPrefix {
            let object: S3ObjectInfo
            do {
                object = try client.stat(location)
            } catch {
                guard error.kind == .notFound, error.s3Code != "NoSuchBucket" else { throw error }
                // No such object: perhaps a prefix written without its slash.
                let under: [HistoryPart]
                do { under = try prefixed(S3Location(bucket: location.bucket, key: location.key + "/"), client: client) } catch {
                    var named = error
                    named.location = location.description
                    throw named
                }
                if under.isEmpty { throw error }
                return under
            }
            return [HistoryPart(.object(object), sourceName: location.description)]
        }
        return try prefixed(location, client: client)
    }

    private static func prefixed(_ location: S3Location, client: S3Client) throws(StorageError) -> [HistoryPart] {
        let listed = try client.list(bucket: location.bucket, prefix: location.key)
        let kept = listed.filter { isHistory(relativePath: String($0.location.key.dropFirst(location.key.count))) }
        return byteOrder(kept) { String($0.location.key.dropFirst(location.key.count)) }.map {
            HistoryPart(.object($0), sourceName: $0.location.description)
        }
    }
}
