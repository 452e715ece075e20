import Foundation
import Testing
import VoucherTestSupport

/// `docs/openapi.yaml` against the server, with third-party tools from
/// `.venv`: the file is valid OpenAPI (`openapi-spec-validator`); every
/// status it documents for every operation is produced by a request of
/// ``StatusExamples`` and every status the examples produce is documented
/// (the file read by PyYAML); and schemathesis, run against a server on
/// loopback serving the committed table, finds no failure with every check.
@Suite struct OpenAPITests {
    static let file = "docs/openapi.yaml"
    /// The schemathesis settings the test runs with (see the README's Development section).
    static let schemathesisConfig = "Tests/VoucherServerTests/schemathesis.toml"

    /// `METHOD path status` for every response of every operation in the
    /// parsed file; `OTHER path 405` for each path's `x-method-not-allowed`,
    /// `ANY /{unknown} status` for the top-level `x-unknown-path`.
    static func documentedOperations(_ document: [String: Any]) -> Set<String> {
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        func statuses(_ object: Any?) -> [String] {
            ((object as? [String: Any])?["responses"] as? [String: Any])?.keys.sorted() ?? []
        }
        var operations = Set<String>()
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for (key, operation) in item as? [String: Any] ?? [:] {
                if methods.contains(key) {
                    for status in statuses(operation) { operations.insert("\(key.uppercased()) \(path) \(status)") }
                } else if key == "x-method-not-allowed" {
                    for status in statuses(operation) { operations.insert("OTHER \(path) \(status)") }
                }
            }
        }
        for status in statuses(document["x-unknown-path"]) { operations.insert("ANY /{unknown} \(status)") }
        return operations
    }

    @Test(.enabled(if: VenvTools.isAvailable, VenvTools.skipReason))
    func theFileIsValidOpenAPI() throws {
        let output = try VenvTools.run(VenvTools.tool("openapi-spec-validator"), [Self.file])
        #expect(output.status == 0, "\(output.text)")
        #expect(output.text.contains("\(Self.file): OK"), "\(output.text)")
    }

    @Test(.enabled(if: VenvTools.isAvailable, VenvTools.skipReason))
    func everyDocumentedStatusHasAnExampleAndViceVersa() throws {
        let document = try #require(try VenvTools.loadYAML(Self.file) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let documented = Self.documentedOperations(document)
        let exercised = Set(StatusExamples.all.map(\.operation))
        #expect(documented.count >= 35)
        #expect(documented.subtracting(exercised).sorted() == [], "documented but never produced")
        #expect(exercised.subtracting(documented).sorted() == [], "produced but not documented")
    }

    @Test func everyExampleProducesItsStatus() async throws {
        for withoutTable in [false, true] {
            try await TestServer.with(writeTable: !withoutTable) { server in
                for example in StatusExamples.all where example.withoutTable == withoutTable {
                    let response = try example.response(from: server)
                    #expect(response.status == example.status, "\(example.operation) (\(example.name)): \(response.body)")
                }
            }
        }
    }

    /// schemathesis with every check, a fixed seed and a bounded number of
    /// cases per operation (no stateful phase), against the committed table;
    /// zero failures. It runs in a temporary folder, where Hypothesis and
    /// schemathesis leave their caches, so no earlier run changes this one.
    @Test(.enabled(if: VenvTools.isAvailable && TestTables.hasDefaultTable, VenvTools.skipReason))
    func schemathesisFindsNoFailure() async throws {
        let folder = try SharedData.temporaryDirectory("voucher-schemathesis")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try await TestServer.with(tablePath: TestTables.defaultTablePath) { server in
            try VenvTools.run(VenvTools.tool("schemathesis"), [
                "--config-file", SharedData.path(Self.schemathesisConfig), "run", SharedData.path(Self.file),
                "--url", "http://127.0.0.1:\(server.port)",
                "--checks", "all",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", "100",
                "--seed", "20261202",
                "--generation-database", "none",
                "--workers", "1",
                "--request-timeout", "5",
                "--no-color",
            ], environment: ["HYPOTHESIS_STORAGE_DIRECTORY": folder.appendingPathComponent(".hypothesis").path],
               workingDirectory: folder)
        }
        #expect(output.status == 0, "schemathesis reported failures:\n\(output.text)")
        #expect(output.text.contains("No issues found"), "\(output.text)")
        #expect(output.text.contains("Specification:    Open API 3.1.0"), "\(output.text)")
    }
}
