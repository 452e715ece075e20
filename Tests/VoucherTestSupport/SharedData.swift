public import Foundation
public import Testing

/// Where the tests find the reference history and the repository's own files.
///
/// The reference history lives in `../shared/data` beside the repository,
/// never inside it. Tests that need it are enabled with
/// ``SharedData/isAvailable``: when the file is absent they are skipped with
/// the reason printed, unless `VOUCHER_REQUIRE_SHARED=1` is set (as `.ci/run`
/// does), in which case they run and fail on the missing file.
public enum SharedData {
    /// The repository's root folder (where `Package.swift` is).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 3 { url.deleteLastPathComponent() }  // Tests/VoucherTestSupport/SharedData.swift
        return url
    }()

    /// `../shared/data/voucher_history.parquet.gzip`, beside the repository.
    public static let referenceHistory: URL = repositoryRoot
        .deletingLastPathComponent()
        .appendingPathComponent("shared/data/voucher_history.parquet.gzip")

    /// The reference history's path, as a string.
    public static var referenceHistoryPath: String { referenceHistory.path }

    /// True when `VOUCHER_REQUIRE_SHARED=1`: absence is then a failure, not a skip.
    public static let isRequired: Bool = ProcessInfo.processInfo.environment["VOUCHER_REQUIRE_SHARED"] == "1"

    /// Whether tests that need the reference history should run.
    public static let isAvailable: Bool = {
        let exists = FileManager.default.fileExists(atPath: referenceHistory.path)
        if !exists && !isRequired {
            print("note: \(referenceHistory.path) is absent; tests that need the reference history are skipped (set VOUCHER_REQUIRE_SHARED=1 to make this a failure)")
        }
        return exists || isRequired
    }()

    /// The reason printed next to a skipped test.
    public static let skipReason: Comment = "the reference history ../shared/data/voucher_history.parquet.gzip is absent"

    /// A file under the repository root, e.g. `fixture("Tests/VoucherHistoryTests/Fixtures/x.parquet")`.
    public static func path(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent(relative).path
    }

    /// A fresh temporary folder, removed by the caller's `defer`.
    public static func temporaryDirectory(_ label: String = "voucher-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
