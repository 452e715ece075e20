import Foundation
import Testing
import VoucherTestSupport

/// `docs/openapi.yaml` against the server: every status documented for
/// every operation is produced by a request of ``StatusExamples``, and every
/// status the examples produce is documented.
@Suite struct OpenAPITests {
    /// `METHOD path status` for every response of every operation, read from
    /// the yaml by indentation (paths at 2 spaces, methods at 4, statuses at 8).
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOfFile: SharedData.path("docs/openapi.yaml"), encoding: .utf8)
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations = Set<String>()
        var inPaths = false, path: String? = nil, method: String? = nil
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let indent = line.prefix { $0 == " " }.count
            let content = line.trimmingCharacters(in: .whitespaces)
            guard !content.isEmpty, !content.hasPrefix("#") else { continue }
            if indent == 0 {
                inPaths = content == "paths:"
                continue
            }
            guard inPaths else { continue }
            if indent == 2 && content.hasSuffix(":") {
                path = String(content.dropLast())
                method = nil
            } else if indent == 4 && content.hasSuffix(":") {
                let name = String(content.dropLast())
                method = methods.contains(name) ? name.uppercased() : nil
            } else if indent == 8, let path, let method {
                let key = content.split(separator: ":").first.map(String.init) ?? ""
                let digits = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if digits.count == 3, let status = Int(digits) { operations.insert("\(method) \(path) \(status)") }
            }
        }
        return operations
    }

    @Test func everyDocumentedStatusHasAnExampleAndViceVersa() throws {
        let documented = try Self.documentedOperations()
        let exercised = Set(StatusExamples.all.map(\.operation))
        #expect(documented.count >= 15)
        #expect(documented.subtracting(exercised).sorted() == [], "documented but never produced")
        #expect(exercised.subtracting(documented).sorted() == [], "produced but not documented")
    }

    @Test func everyExampleProducesItsStatus() async throws {
        for withoutTable in [false, true] {
            try await TestServer.with(writeTable: !withoutTable) { server in
                for example in StatusExamples.all where example.withoutTable == withoutTable {
                    let response = try server.send(example.request)
                    #expect(response.status == example.status, "\(example.operation) (\(example.name)): \(response.body)")
                }
            }
        }
    }
}
