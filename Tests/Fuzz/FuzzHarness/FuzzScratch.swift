import Foundation

/// Files the harnesses hand to readers that take a path (Parquet, CSV).
///
/// Each call gets its own file, removed afterwards, so harness functions may
/// run on several threads at once (the replay test does). Under libFuzzer
/// the file lives in `/dev/shm` when it exists (memory, no disk writes).
enum FuzzScratch {
    /// The folder for scratch files.
    static let folder: String = {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory), isDirectory.boolValue {
            return "/dev/shm"
        }
        return NSTemporaryDirectory()
    }()

    /// Writes `data` to a fresh file named with `suffix`, calls `body` with its path, then removes the file.
    static func withFile<R>(_ data: UnsafeRawBufferPointer, suffix: String, _ body: (String) -> R) -> R {
        let path = folder + "/voucher-fuzz-\(getpid())-\(UUID().uuidString)\(suffix)"
        guard FileManager.default.createFile(atPath: path, contents: Data(data)) else {
            preconditionFailure("cannot write the scratch file \(path)")
        }
        defer { unlink(path) }
        return body(path)
    }
}
