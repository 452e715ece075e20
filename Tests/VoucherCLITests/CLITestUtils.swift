import Foundation
import VoucherTestSupport

/// Runs the built `voucher` binary (beside the test bundle) and captures its output.
enum CLI {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `voucher` executable of this build (same products folder as the tests).
    static let executable: URL = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("voucher")
    }()

    /// Runs `voucher ARGS…` with `stdin` as standard input, in `directory` (default: the repository root).
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL = SharedData.repositoryRoot) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try ProcessLaunch.run(process)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}
