import Foundation
import Testing
import VoucherAPI
import VoucherTable
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

    /// The file's `Time` and `country_code` patterns, applied as JSON Schema
    /// validators apply them (Python's `re.search`), accept exactly what the
    /// server accepts, over every month and day of several years and the
    /// edge cases of each part of a time. The one intended difference: the
    /// pattern states whole years (1678 to 2261), the server the 64-bit
    /// nanosecond range, which starts and ends inside 1677 and 2262.
    @Test(.enabled(if: VenvTools.isAvailable && TestTables.hasDefaultTable, VenvTools.skipReason))
    func patternsAgreeWithTheServer() throws {
        var times: [String] = []
        for year in ["1677", "1678", "1900", "2000", "2023", "2024", "2100", "2261", "2262"] {
            for month in 0 ... 13 {
                for day in 0 ... 32 { times.append("\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))") }
            }
        }
        times += [
            "2018-05-03 00:00:00", "2018-05-03T23:59:59", "2018-05-03 23:59:60", "2018-05-03 24:00:00",
            "2018-05-03 00:60:00", "2018-05-03t00:00:00", "2018-05-03 00:00:00z", "2018-05-03 00:00:00Z",
            "2018-05-03 00:00:00.1", "2018-05-03 00:00:00.123456789", "2018-05-03 00:00:00.1234567890",
            "2018-05-03 00:00:00.", "2018-05-03.5", "2018-05-03Z", "2018-05-03+02:00", "2018-05-03-00:00",
            "2018-05-03 00:00:00+23:59", "2018-05-03 00:00:00+24:00", "2018-05-03 00:00:00-05:60",
            "2018-05-03 00:00:00+0200", "2018-05-03 00:00:00.5+05:30", "2018-05-03T00:00:00.5Z",
            " \t2018-05-03 \t", "\n2018-05-03", "2018-05-03\n", "2018-05-03\r", "2018-05-03\u{A0}", "2018-5-3",
            "18-05-03", "", " ", "20180503", "2018-05-03  00:00:00", "2018-05-03T00:00", "2018-05-03T0:00:00",
            "0001-01-01", "9999-12-31", "1677-09-22 00:00:00+23:59", "2262-04-11 23:47:16", "2018-05-03 00:00:00 Z",
            "２０１８-05-03",
        ]
        let whiteSpace: [Unicode.Scalar] = ["\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}", "\u{1680}",
                                            "\u{2000}", "\u{2005}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}",
                                            "\u{205F}", "\u{3000}"]
        let notWhiteSpace: [Unicode.Scalar] = ["a", "\u{0}", "\u{1C}", "\u{1F}", "\u{7F}", "\u{180E}", "\u{200B}",
                                               "\u{2060}", "\u{FEFF}", "é", "\u{1F600}"]
        var countries = ["", "Peru", " peru ", "\t\n"]
        for blank in whiteSpace {
            countries.append(String(Character(blank)))
            countries.append(" " + String(Character(blank)) + "\t")
            for other in notWhiteSpace { countries.append(String(Character(blank)) + String(Character(other))) }
        }
        for other in notWhiteSpace { countries.append(String(Character(other))) }

        let table = try VoucherTable(path: TestTables.defaultTablePath)
        func refuses(_ body: String, naming message: String) -> Bool {
            if case .failure(let error) = LookupRequest.answer(json: body, table: table, now: 0) {
                return error.status == 400 && error.message.contains(message)
            }
            return false
        }
        let serverTimes = try times.map { time in
            !refuses(#"{"country_code": "Peru", "segment_name": "recency_segment", "last_order_ts": \#(try Self.json(time))}"#,
                     naming: "last_order_ts")
        }
        let serverCountries = try countries.map { country in
            !refuses(#"{"country_code": \#(try Self.json(country)), "segment_name": "frequent_segment", "total_orders": 3}"#,
                     naming: "country_code is empty")
        }

        let folder = try SharedData.temporaryDirectory("voucher-patterns")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("strings.json")
        try JSONSerialization.data(withJSONObject: ["time": times, "country": countries]).write(to: input)
        let script = """
            import json, re, sys, yaml
            schemas = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))['components']['schemas']
            time = re.compile(schemas['Time']['pattern'])
            country = re.compile(schemas['LookupRequest']['properties']['country_code']['pattern'])
            strings = json.load(open(sys.argv[2], encoding='utf-8'))
            json.dump({'time': [time.search(s) is not None for s in strings['time']],
                       'country': [country.search(s) is not None for s in strings['country']]}, sys.stdout)
            """
        let output = try VenvTools.run(VenvTools.tool("python"), ["-c", script, Self.file, input.path])
        try #require(output.status == 0, "\(output.text)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: [Bool]])
        let patternTimes = try #require(verdicts["time"]), patternCountries = try #require(verdicts["country"])
        try #require(patternTimes.count == times.count && patternCountries.count == countries.count)

        // Accepted by the server, refused by the pattern: years 1677 and 2262 only.
        let differences = times.indices.filter { patternTimes[$0] != serverTimes[$0] }
        let intended = differences.filter { i in
            !patternTimes[i] && (times[i].hasPrefix("1677-") || times[i].hasPrefix("2262-"))
        }
        let unexplained = differences.filter { !intended.contains($0) }.map { times[$0] }
        #expect(unexplained.isEmpty, "the Time pattern and the server disagree on \(unexplained)")
        let intendedTimes = intended.map { times[$0] }
        #expect(intendedTimes.contains("1677-12-31") && !intendedTimes.contains("1677-09-21"))
        #expect(serverTimes.filter { $0 }.count > 2_000)
        let countryDifferences = countries.indices.filter { patternCountries[$0] != serverCountries[$0] }
            .map { countries[$0].unicodeScalars.map { String($0.value, radix: 16) } }
        #expect(countryDifferences.isEmpty, "the country_code pattern and the server disagree on \(countryDifferences)")
        #expect(serverCountries.contains(false) && serverCountries.contains(true))
    }

    /// `7` as `07`.
    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A string as a JSON string literal.
    static func json(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
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
                "--request-timeout", "10",
                "--no-color",
            ], environment: ["HYPOTHESIS_STORAGE_DIRECTORY": folder.appendingPathComponent(".hypothesis").path],
               workingDirectory: folder)
        }
        #expect(output.status == 0, "schemathesis reported failures:\n\(output.text)")
        #expect(output.text.contains("No issues found"), "\(output.text)")
        #expect(output.text.contains("Specification:    Open API 3.1.0"), "\(output.text)")
    }
}
