import Foundation
import Testing
import VoucherTestSupport

/// `voucher diff`, `publish` and `rollback` on tables compiled here from
/// small histories that differ in known ways.
@Suite struct RolloutCommandTests {
    static let header = "timestamp,country_code,last_order_ts,first_order_ts,total_orders,voucher_amount\n"
    /// Peru: three rows of 3 orders at 2640, one of 20 orders at 4400; Latvia: one row.
    static let historyA = header + """
        2018-05-13 10:00:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:01:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:02:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:03:00,Peru,2018-05-03,2017-05-03,20,4400
        2018-05-13 10:04:00,Latvia,2018-05-03,2017-05-03,1,13200

        """
    /// A, with one more Peru row of 3 orders at 2640 (samples of 0-4 and of
    /// recency 0-30 grow by one), 20 orders at 6600 instead of 4400 (the
    /// 14-37 amount changes), Latvia gone and Chile new.
    static let historyB = header + """
        2018-05-13 10:00:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:01:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:02:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:05:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 10:03:00,Peru,2018-05-03,2017-05-03,20,6600
        2018-05-13 10:04:00,Chile,2018-05-03,2017-05-03,1,1500

        """
    /// A, with Latvia's single row at 14000 instead of 13200 (its ten entries change).
    static let historyC = historyA.replacingOccurrences(of: "1,13200", with: "1,14000")

    /// A folder with tables `a.vtab`, `b.vtab`, `c.vtab` compiled from the histories above.
    func withTables(_ body: (URL) throws -> Void) throws {
        let dir = try SharedData.temporaryDirectory("voucher-rollout")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in [("a", Self.historyA), ("b", Self.historyB), ("c", Self.historyC)] {
            let csv = dir.appendingPathComponent("\(name).csv")
            try text.write(to: csv, atomically: true, encoding: .utf8)
            let out = try CLI.run(["compile", csv.path, "-o", dir.appendingPathComponent("\(name).vtab").path])
            try #require(out.status == 0, "\(out.stderr)")
        }
        try body(dir)
    }

    @Test func diffReportsExactlyTheChanges() throws {
        try withTables { dir in
            let a = dir.appendingPathComponent("a.vtab").path, b = dir.appendingPathComponent("b.vtab").path
            let text = try CLI.run(["diff", a, b])
            #expect(text.status == 0, "\(text.stderr)")
            let lines = text.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains("rows     read 5 → 6 (+1), kept 5 → 6 (+1)"))
            #expect(lines.contains("countries added: Chile; removed: Latvia"))
            #expect(lines.contains("entries  23 of 30 changed (76.7%)"))
            // Amount changes first, then the rest, nothing else.
            let changes = Array(lines.drop { $0 != "amount changes:" })
            #expect(changes == [
                "amount changes:",
                "  Peru  frequent_segment  14-37: 4400 → 6600",
                "other changes:",
                "  Peru  frequent_segment  0-4: samples 3 → 4 (amount 2640)",
                "  Peru  recency_segment  0-30: samples 4 → 5 (amount 2640)",
            ])

            let json = try CLI.run(["diff", a, b, "--json"])
            #expect(json.status == 0)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(document["countries_added"] as? [String] == ["Chile"])
            #expect(document["countries_removed"] as? [String] == ["Latvia"])
            #expect(document["entries_changed"] as? Int == 23)
            #expect(document["entries_total"] as? Int == 30)
            #expect((document["rows_read"] as? [String: Int]) == ["old": 5, "new": 6, "change": 1])
            #expect((document["kept"] as? [String: Int]) == ["old": 5, "new": 6, "change": 1])
            let entries = try #require(document["changes"] as? [[String: Any]])
            let summary = entries.map { entry -> String in
                let old = entry["old"] as? [String: Any], new = entry["new"] as? [String: Any]
                return "\(entry["country_key"]!) \(entry["segment"]!) \(entry["bucket"]!) \(entry["amount_changed"]!) "
                    + "\(old?["amount"] ?? "-")/\(old?["samples"] ?? "-")/\(old?["fallback"] ?? "-") → "
                    + "\(new?["amount"] ?? "-")/\(new?["samples"] ?? "-")/\(new?["fallback"] ?? "-")"
            }
            #expect(summary == [
                "peru frequent_segment 14-37 1 4400/1/0 → 6600/1/0",
                "peru frequent_segment 0-4 0 2640/3/0 → 2640/4/0",
                "peru recency_segment 0-30 0 2640/4/0 → 2640/5/0",
            ])

            // A table against itself: nothing changed, still exit 0.
            let same = try CLI.run(["diff", a, a])
            #expect(same.status == 0)
            #expect(same.stdout.contains("entries  0 of 20 changed (0.0%)"))
            #expect(!same.stdout.contains("changes:"))
        }
    }

    @Test func twoArgumentsExactly() throws {
        let one = try CLI.run(["diff", "a.vtab"])
        #expect(one.status == 64)
        #expect(one.stderr.contains("Error: missing <old> <new>\nUsage: voucher diff <old> <new> [--json]"))
        let three = try CLI.run(["publish", "a.vtab", "loc", "extra"])
        #expect(three.status == 64)
        #expect(three.stderr.contains("Error: unexpected argument 'extra'"))
    }

    @Test func diffComparesAFallbackChange() throws {
        // Latvia's 14-37 bucket gets a row: it stops being a fallback (amount unchanged).
        try withTables { dir in
            let csv = dir.appendingPathComponent("d.csv")
            try (Self.historyA + "2018-05-13 10:06:00,Latvia,2018-05-03,2017-05-03,20,13200\n")
                .write(to: csv, atomically: true, encoding: .utf8)
            let d = dir.appendingPathComponent("d.vtab").path
            #expect(try CLI.run(["compile", csv.path, "-o", d]).status == 0)
            let out = try CLI.run(["diff", dir.appendingPathComponent("a.vtab").path, d])
            #expect(out.stdout.contains("  Latvia  frequent_segment  14-37: samples 0 → 1, no longer a fallback (amount 13200)"))
            #expect(out.stdout.contains("  Latvia  recency_segment  0-30: samples 1 → 2 (amount 13200)"))
            #expect(out.stdout.contains("entries  2 of 20 changed (10.0%)"))
        }
    }

    /// The location's `current` and `history` texts.
    func pointer(_ location: URL) -> (current: String, history: [String]) {
        let current = (try? String(contentsOf: location.appendingPathComponent("current"), encoding: .utf8)) ?? ""
        let history = (try? String(contentsOf: location.appendingPathComponent("history"), encoding: .utf8)) ?? ""
        return (current, history.split(separator: "\n").map(String.init))
    }

    func sha(_ table: String) throws -> String {
        let out = try CLI.run(["inspect", table, "--json"])
        let document = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        return try #require(document?["sha256"] as? String)
    }

    @Test func publishGuardsRefuseAndForceOverrides() throws {
        try withTables { dir in
            let location = dir.appendingPathComponent("published")
            let a = dir.appendingPathComponent("a.vtab").path, b = dir.appendingPathComponent("b.vtab").path
            let first = try CLI.run(["publish", a, location.path, "--max-changed", "0.1", "--min-kept-rows", "5"])
            #expect(first.status == 0, "\(first.stderr)")  // nothing to compare with: --max-changed does not apply
            let shaA = try sha(a), shaB = try sha(b)
            #expect(pointer(location).current.hasPrefix(shaA + " "))
            #expect(FileManager.default.fileExists(atPath: location.appendingPathComponent("versions/\(shaA).vtab").path))

            // B changes 23 of 30 entries: refused, nothing changed, the diff summary printed.
            let before = pointer(location)
            let refused = try CLI.run(["publish", b, location.path, "--max-changed", "0.1"])
            #expect(refused.status == 2)
            #expect(refused.stdout.contains("entries  23 of 30 changed (76.7%)"))
            #expect(refused.stdout.contains("Peru  frequent_segment  14-37: 4400 → 6600"))
            #expect(refused.stderr.contains("refused: it changes 23 of 30 entries (76.7%), more than --max-changed 0.1 allows"))
            #expect(pointer(location) == before)
            #expect(!FileManager.default.fileExists(atPath: location.appendingPathComponent("versions/\(shaB).vtab").path))

            // B kept 6 rows.
            let fewRows = try CLI.run(["publish", b, location.path, "--min-kept-rows", "7"])
            #expect(fewRows.status == 2)
            #expect(fewRows.stderr.contains("refused: its history kept 6 rows, fewer than --min-kept-rows 7"))
            #expect(fewRows.stdout.contains("countries added: Chile; removed: Latvia"))
            #expect(pointer(location) == before)
            #expect(try CLI.run(["publish", b, location.path, "--max-changed", "0.8", "--min-kept-rows", "6"]).status == 0)
            #expect(try CLI.run(["rollback", location.path]).status == 0)

            // --force overrides both.
            let forced = try CLI.run(["publish", b, location.path, "--max-changed", "0.1", "--min-kept-rows", "7", "--force"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(forced.stdout.contains("guards overridden by --force"))
            #expect(pointer(location).current.hasPrefix(shaB + " "))

            // The same table twice: a no-op.
            let again = pointer(location)
            let same = try CLI.run(["publish", b, location.path])
            #expect(same.status == 0)
            #expect(same.stdout.contains("already the current version; nothing changed"))
            #expect(pointer(location) == again)
        }
    }

    @Test func rollbackAndKeep() throws {
        try withTables { dir in
            let location = dir.appendingPathComponent("published").path
            let tables = ["a", "b", "c"].map { dir.appendingPathComponent("\($0).vtab").path }
            let shas = try tables.map(sha)
            #expect(try CLI.run(["rollback", location]).status != 0)  // not a directory yet
            for table in tables { #expect(try CLI.run(["publish", table, location, "--keep", "5"]).status == 0) }
            #expect(pointer(URL(fileURLWithPath: location)).history.map { String($0.prefix(64)) } == shas)

            // Back to B, then forth to C (the newest other version in the history), then to A by name.
            var out = try CLI.run(["rollback", location])
            #expect(out.status == 0, "\(out.stderr)")
            var state = pointer(URL(fileURLWithPath: location))
            #expect(state.current.hasPrefix(shas[1] + " ") && state.current.hasSuffix(" rollback\n"))
            #expect(state.history.last == String(state.current.dropLast()))
            #expect(try CLI.run(["rollback", location]).status == 0)
            #expect(pointer(URL(fileURLWithPath: location)).current.hasPrefix(shas[2] + " "))
            out = try CLI.run(["rollback", location, "--to", shas[0]])
            #expect(out.status == 0)
            state = pointer(URL(fileURLWithPath: location))
            #expect(state.current.hasPrefix(shas[0] + " "))
            #expect(state.history.count == 6)

            // An unknown version is refused and changes nothing.
            let missing = try CLI.run(["rollback", location, "--to", String(repeating: "0", count: 64)])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("is not in versions/"))
            #expect(pointer(URL(fileURLWithPath: location)) == state)

            // --keep 1 after publishing C again: the last history entry names C; A (current before) and B go.
            out = try CLI.run(["publish", tables[2], location, "--keep", "1"])
            #expect(out.status == 0, "\(out.stderr)")
            let versions = try FileManager.default.contentsOfDirectory(atPath: location + "/versions").sorted()
            #expect(versions == [shas[2] + ".vtab"])
            #expect(out.stdout.contains("removed old version \(shas[0])"))
            #expect(out.stdout.contains("removed old version \(shas[1])"))
        }
    }

    @Test func diffReadsAPublishedLocation() throws {
        try withTables { dir in
            let location = dir.appendingPathComponent("published").path
            try FileManager.default.createDirectory(atPath: location, withIntermediateDirectories: true)
            let a = dir.appendingPathComponent("a.vtab").path, b = dir.appendingPathComponent("b.vtab").path
            // An empty location: everything in NEW is added.
            let empty = try CLI.run(["diff", location, a])
            #expect(empty.status == 0, "\(empty.stderr)")
            #expect(empty.stdout.contains("old      none"))
            #expect(empty.stdout.contains("countries added: Latvia, Peru; removed: none"))
            #expect(try CLI.run(["publish", a, location]).status == 0)
            let out = try CLI.run(["diff", location, b])
            #expect(out.stdout.contains("old      \(location) (current) (SHA-256 \(try sha(a)))"))
            #expect(out.stdout.contains("entries  23 of 30 changed (76.7%)"))
        }
    }
}

/// `voucher lookup --explain`, on a table compiled here.
@Suite struct LookupExplainTests {
    @Test func explainNamesTheEntry() throws {
        let dir = try SharedData.temporaryDirectory("voucher-explain")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("a.csv"), table = dir.appendingPathComponent("a.vtab").path
        try RolloutCommandTests.historyA.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["compile", csv.path, "-o", table]).status == 0)
        let inspect = try CLI.run(["inspect", table, "--json"])
        let sha = (try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])?["sha256"] as? String
        let flags = ["lookup", table, "--country", "PERU", "--segment", "frequent_segment", "--total-orders", "7"]
        #expect(try CLI.run(flags).stdout == "{\"voucher_amount\": 2640}\n")
        let out = try CLI.run(flags + ["--explain"])
        #expect(out.status == 0)
        #expect(out.stdout == #"{"voucher_amount": 2640, "explain": {"country_key": "peru", "segment": "frequent_segment", "#
            + #""metric": "total_orders", "metric_value": 7, "bucket": "5-13", "samples": 0, "fallback": true, "#
            + #""table_sha256": "\#(sha ?? "?")"}}"# + "\n")
        let body = #"{"country_code": "Latvia", "segment_name": "recency_segment", "last_order_ts": "2018-05-03 00:00:00", "#
            + #""timestamp": "2018-05-13 00:00:00"}"#
        let recency = try CLI.run(["lookup", table, "--explain"], stdin: body)
        #expect(recency.stdout.contains(#""metric": "days_since_last_order", "metric_value": 10, "bucket": "0-30", "samples": 1, "fallback": false"#))
    }
}
