import Foundation
import Testing
import VoucherS3
import VoucherStorage
import VoucherTestSupport

/// A moto S3 server with signature checking and the tests' fault-injecting
/// proxy (HTTP and HTTPS) in front of it, on loopback (`Scripts/s3_test_server.py`).
///
/// One per test process, started by the first test that needs it; it ends
/// when this process does (its standard input closes).
final class S3TestServer: @unchecked Sendable {
    // @unchecked: commands go through `lock`, one at a time; the rest is immutable.
    let endpoint: String
    let proxy: String
    let tls: String
    let caBundle: String
    let credentials: AWSCredentials
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private let lock = NSLock()
    private var pending = Data()

    static let shared: Result<S3TestServer, any Error> = Result { try S3TestServer() }

    private init() throws {
        let folder = try SharedData.temporaryDirectory("voucher-s3")
        process = Process()
        process.executableURL = URL(fileURLWithPath: PythonScript.python)
        process.arguments = [PythonScript.folder.appendingPathComponent("s3_test_server.py").path, folder.path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        let first = try Self.readLine(output, &pending)
        let info = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        endpoint = info["endpoint"] as! String
        proxy = info["proxy"] as! String
        tls = info["tls"] as! String
        caBundle = info["ca"] as! String
        credentials = AWSCredentials(accessKeyID: info["access_key"] as! String, secretAccessKey: info["secret"] as! String)
    }

    private static func readLine(_ handle: FileHandle, _ pending: inout Data) throws -> Data {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex ..< newline]
                pending = Data(pending[(newline + 1)...])
                return Data(line)
            }
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw TestServerError(message: "the S3 test server ended before answering") }
            pending.append(chunk)
        }
    }

    /// Sends one command (see the script) and returns its answer.
    @discardableResult
    func command(_ command: [String: Any]) throws -> [String: Any] {
        try lock.withLock {
            input.write(try JSONSerialization.data(withJSONObject: command) + Data("\n".utf8))
            let line = try Self.readLine(output, &pending)
            let answer = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            try #require(answer["ok"] as? Bool == true, "S3 test server: \(answer)")
            return answer
        }
    }

    func createBucket(_ name: String) throws { try command(["bucket": name]) }
    func put(_ bucket: String, _ key: String, file: String) throws { try command(["put": [bucket, key, file]]) }
    func get(_ bucket: String, _ key: String, to file: String) throws { try command(["get": [bucket, key, file]]) }
    /// The proxy's next `count` requests get `kind`: `drop`, `503`, `stall` or `truncate`.
    func fault(_ kind: String, count: Int) throws { try command(["fault": kind, "count": count]) }

    /// A client configuration for this server: straight to moto, or through the proxy.
    func configuration(throughProxy: Bool = false, maxAttempts: Int = 5, stallTimeout: Int = 20) -> AWSConfiguration {
        AWSConfiguration(credentials: credentials, endpoint: throughProxy ? proxy : endpoint,
                         maxAttempts: maxAttempts, stallTimeout: stallTimeout)
    }

    /// The environment for the `voucher` binary.
    func environment(throughProxy: Bool = false) -> [String: String] {
        ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
         "AWS_ENDPOINT_URL": throughProxy ? proxy : endpoint]
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
