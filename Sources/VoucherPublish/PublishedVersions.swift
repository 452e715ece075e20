import Foundation
public import VoucherTable

/// Opening tables for comparison: a table file, or the live version of a
/// published location (fetched to a temporary file, opened, checked against
/// its name, and the file removed; the mapping stays valid).
public enum PublishedVersions {
    /// Opens `argument`: a published location when it is a directory or an `s3://` prefix (its
    /// `current` version), else a table file. Returns the table and a label
    /// for messages (`DIR (current 9f2c…)` for a location), or `nil` for a
    /// location without `current`.
    ///
    /// - Throws: ``PublishError``: `table` for a file or version that is not a
    ///   valid table, `missing` for a pointer to an absent version, `io`, `format`.
    public static func open(_ argument: String) throws -> (table: VoucherTable, label: String)? {
        guard let location = PublishedLocations.location(argument) else {
            return (try openFile(argument), argument)
        }
        guard let pointer = try location.currentPointer() else { return nil }
        return (try open(version: pointer.sha256, of: location), "\(argument) (current)")
    }

    /// Opens and verifies the table file at `path`.
    ///
    /// - Throws: ``PublishError`` (`table`) with the table library's description.
    public static func openFile(_ path: String) throws -> VoucherTable {
        do {
            return try VoucherTable(path: path)
        } catch {
            throw PublishError(code: .table, message: error.description)
        }
    }

    /// Fetches version `sha256` of `location` to a temporary file, opens and
    /// verifies it, checks that its bytes hash to `sha256`, and removes the file.
    ///
    /// - Throws: ``PublishError``: `missing`, `io`, or `table` for a version
    ///   that is not a valid table or not the one its name says.
    public static func open(version sha256: String, of location: any PublishedLocation) throws -> VoucherTable {
        let file = (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("voucher-version-\(getpid())-\(UInt32.random(in: 0 ... .max)).vtab")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try location.fetchVersion(sha256: sha256, to: file)
        let table: VoucherTable
        do {
            table = try VoucherTable(path: file)
        } catch {
            throw PublishError(code: .table, message: "\(location.description): version \(sha256) is not a valid table: \(error.description)")
        }
        let actual = SHA256.hex(table.fileSHA256)
        guard actual == sha256 else {
            throw PublishError(code: .table, message: "\(location.description): version \(sha256) holds a table whose SHA-256 is \(actual)")
        }
        return table
    }
}
