import Foundation
import Testing
import VoucherCompiler
import VoucherHistory
import VoucherTable
import VoucherTestSupport
@testable import VoucherS3
@testable import VoucherStorage

/// Local locations: files, folders, patterns, mixing, and what matches nothing.
struct HistoryLocationsTests {
    /// A tree of empty files (relative paths), made in a fresh folder.
    static func tree(_ paths: [String]) throws -> URL {
        let root = try SharedData.temporaryDirectory("voucher-locations")
        for path in paths {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("a,b\n1,2\n".utf8).write(to: url)
        }
        return root
    }

    static let layout = [
        "b/part-1.parquet", "a/part-2.csv", "a/Z.parq", "a/_SUCCESS", "a/_committed_123", ".hidden/x.parquet",
        "a/.part-2.csv.crc", "c/dt=2018-07-21/x.parquet.gzip", "c/dt=2018-07-21/notes.txt", "_temporary/0/y.parquet",
        "a/b.PARQUET", "top.csv",
    ]

    @Test("A folder: history files under it, recursively, in byte order; markers and hidden files skipped")
    func folder() throws {
        let root = try Self.tree(Self.layout)
        defer { try? FileManager.default.removeItem(at: root) }
        let parts = try HistoryLocations.resolve([root.path], client: { throw TestServerError(message: "no S3 here") })
        let relative = parts.map { String($0.location.dropFirst(root.path.count + 1)) }
        // Byte order: upper case before lower case, "/" (0x2F) before letters.
        #expect(relative == ["a/Z.parq", "a/b.PARQUET", "a/part-2.csv", "b/part-1.parquet", "c/dt=2018-07-21/x.parquet.gzip", "top.csv"])
        #expect(parts.map(\.sourceName) == parts.map(\.location))
    }

    @Test("Which names a folder or pattern keeps", arguments: [
        ("part-0.parquet", true), ("p.parquet.gzip", true), ("p.parq", true), ("p.csv", true), ("P.CSV", true),
        ("_SUCCESS", false), ("_committed_99", false), ("_started_99", false), (".p.parquet", false), ("p.txt", false),
        ("p.parquet.crc", false), ("dt=2018-07-21/p.parquet", true), ("_temporary/p.parquet", false),
        (".spark/p.csv", false), ("k=v/j=w/p.csv", true), (".parquet", false),
    ])
    func filter(_ path: String, _ kept: Bool) {
        #expect(HistoryLocations.isHistory(relativePath: path) == kept)
    }

    @Test("A pattern, a file named on its own, and a folder, mixed, in the order given")
    func mixed() throws {
        let root = try Self.tree(Self.layout)
        defer { try? FileManager.default.removeItem(at: root) }
        let parts = try HistoryLocations.resolve(
            ["\(root.path)/c/dt=*/*.parquet.gzip", "\(root.path)/a/_SUCCESS", "\(root.path)/b", "\(root.path)/[ab]"],
            client: { throw TestServerError(message: "no S3 here") })
        let relative = parts.map { String($0.location.dropFirst(root.path.count + 1)) }
        #expect(relative == ["c/dt=2018-07-21/x.parquet.gzip", "a/_SUCCESS", "b/part-1.parquet",
                             "a/Z.parq", "a/b.PARQUET", "a/part-2.csv", "b/part-1.parquet"])
        // A file named on its own keeps its bare name in the sources, as before.
        #expect(parts[1].sourceName == "_SUCCESS")
    }

    @Test("A location that matches nothing is an error naming it", arguments: [
        "missing/history.parquet", "nothing-here/*.parquet", "EMPTY",
    ])
    func matchesNothing(_ location: String) throws {
        let root = try Self.tree(["empty/_SUCCESS", "empty/readme.txt"])
        defer { try? FileManager.default.removeItem(at: root) }
        let full = location == "EMPTY" ? "\(root.path)/empty" : "\(root.path)/\(location)"
        #expect { try HistoryLocations.resolve([full], client: { throw TestServerError(message: "no S3 here") }) } throws: { error in
            guard let error = error as? StorageError else { return false }
            return error.kind == .notFound && error.location == full && error.description.hasPrefix(full + ": ")
        }
    }

    @Test("s3:// locations parse into bucket and key; a missing bucket is refused")
    func s3Locations() throws {
        #expect(try S3Location(parsing: "s3://history/vouchers/") == S3Location(bucket: "history", key: "vouchers/"))
        #expect(try S3Location(parsing: "s3://history/vouchers/")?.isPrefix == true)
        #expect(try S3Location(parsing: "s3://history")?.isPrefix == true)
        #expect(try S3Location(parsing: "s3://history/a.parquet")?.isPrefix == false)
        #expect(try S3Location(parsing: "history/a.parquet") == nil)
        #expect(throws: StorageError.self) { try S3Location(parsing: "s3:///key") }
    }

    /// Acceptance 1: the reference history split into parts in dt=… folders
    /// compiles to the same entries as the single file.
    @Test("A folder of the reference history's parts compiles to the same table as the single file",
          .enabled(if: SharedData.isAvailable, SharedData.skipReason))
    func splitReference() throws {
        let root = try SharedData.temporaryDirectory("voucher-split")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("history")
        _ = try PythonScript.run("write_history.py", ["split", SharedData.referenceHistoryPath, folder.path])
        let output = root.appendingPathComponent("dir.vtab").path, single = root.appendingPathComponent("one.vtab").path
        let fromFolder = try VoucherBinary.run(["compile", folder.path, "-o", output])
        #expect(fromFolder.status == 0, "\(fromFolder.stderr)")
        #expect(fromFolder.stdout.contains("compiled 4 files"))
        let fromFile = try VoucherBinary.run(["compile", SharedData.referenceHistoryPath, "-o", single])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        var parts = try VoucherTable(path: output).contents()
        var whole = try VoucherTable(path: single).contents()
        #expect(parts.sources.map(\.name) == (0 ..< 4).map { "\(folder.path)/dt=2018-07-\(21 + $0)/part-0000\($0).parquet" })
        #expect(parts.sources.allSatisfy { $0.sha256 != [UInt8](repeating: 0, count: 32) })
        parts.sources = []
        whole.sources = []
        #expect(parts == whole)
        #expect(parts.countries.count == 4)
    }
}
