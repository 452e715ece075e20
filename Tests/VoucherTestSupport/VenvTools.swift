public import Foundation
public import Testing

/// The Python tools in the repository's `.venv` (created by
/// `build/setup.sh`): `openapi-spec-validator`, `schemathesis`, PyYAML.
///
/// Tests that run them are enabled with ``VenvTools/isAvailable``: when
/// `.venv` is absent they are skipped with the reason printed, unless
/// `VOUCHER_REQUIRE_SHARED=1` is set (as `.ci/run` does), in which case they
/// run and fail on the missing tool, like the tests of ``SharedData``.
public enum VenvTools {
    /// `.venv/bin` under the repository root.
    public static let binFolder: URL = SharedData.repositoryRoot.appendingPathComponent(".venv/bin")

    /// The path of a program in `.venv/bin`, e.g. `tool("schemathesis")`.
    public static func tool(_ name: String) -> String {
        binFolder.appendingPathComponent(name).path
    }

    /// Whether tests that need `.venv` should run.
    public static let isAvailable: Bool = {
        let exists = FileManager.default.isExecutableFile(atPath: tool("python"))
        if !exists && !SharedData.isRequired {
            print("note: \(binFolder.path) is absent; tests that need its Python tools are skipped (run bash build/setup.sh; set VOUCHER_REQUIRE_SHARED=1 to make this a failure)")
        }
        return exists || SharedData.isRequired
    }()

    /// The reason printed next to a skipped test.
    public static let skipReason: Comment = ".venv is absent (bash build/setup.sh creates it)"

    /// What a program printed and how it ended.
    public struct Output: Sendable {
        /// Its exit status.
        public let status: Int32
        /// Standard output and standard error, interleaved as written.
        public let text: String
    }

    /// Runs a program to its end.
    ///
    /// Output goes through a temporary file, not a pipe, so a program that
    /// prints a lot cannot block on a full pipe.
    ///
    /// - Parameters:
    ///   - path: the program, e.g. ``tool(_:)``.
    ///   - arguments: its arguments.
    ///   - environment: variables added to this process's environment.
    ///   - workingDirectory: where it runs; by default the repository root.
    ///     Give a temporary folder to a tool that leaves caches where it runs.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                           workingDirectory: URL = SharedData.repositoryRoot) throws -> Output {
        let folder = try SharedData.temporaryDirectory("voucher-venv-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try ProcessLaunch.run(process)
        process.waitUntilExit()
        // Read through a FileHandle, not `Data(contentsOf:)`: on Linux that
        // one (swift-foundation's `readBytesFromFile`, up to 6.3.x) leaks the
        // 4 KiB buffer it reads an empty file into, and most tools print nothing.
        let reader = try FileHandle(forReadingFrom: log)
        defer { try? reader.close() }
        let text = String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self)
        return Output(status: process.terminationStatus, text: text)
    }

    /// A YAML file read by PyYAML (`yaml.safe_load`) and handed over as JSON:
    /// a real YAML parse, not a line scan.
    ///
    /// - Parameter path: the file, relative to the repository root.
    /// - Returns: the document as `JSONSerialization` gives it.
    public static func loadYAML(_ path: String) throws -> Any {
        let script = "import json, sys, yaml\njson.dump(yaml.safe_load(open(sys.argv[1], encoding='utf-8')), sys.stdout)"
        let output = try run(tool("python"), ["-c", script, path])
        guard output.status == 0 else {
            throw Failure(description: "PyYAML could not read \(path): \(output.text)")
        }
        return try JSONSerialization.jsonObject(with: Data(output.text.utf8))
    }

    /// A `.venv` tool failed to do what a test needed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
