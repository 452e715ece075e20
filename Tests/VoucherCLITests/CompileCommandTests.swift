import Foundation
import Testing
import VoucherTestSupport

/// `voucher compile`, `inspect` and `profile` on small histories written here.
@Suite struct CompileCommandTests {
    static let csv = """
        timestamp,country_code,last_order_ts,first_order_ts,total_orders,voucher_amount
        2018-05-13 10:00:00,Peru,2018-05-03,2017-05-03,3,2640
        2018-05-13 11:00:00, peru ,2018-05-03,2017-05-03,3.0,2640.0
        2018-05-13 12:00:00,PERU,2018-05-03,2017-05-03,20,4400
        2018-05-13 13:00:00,Peru,2018-05-03,2017-05-03,,4400
        2018-05-13 14:00:00,Latvia,2018-05-03,2017-05-03,1,13200

        """

    func withHistory(_ body: (URL) throws -> Void) throws {
        let dir = try SharedData.temporaryDirectory("voucher-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.csv.write(to: dir.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
        try body(dir)
    }

    @Test func compileThenInspect() throws {
        try withHistory { dir in
            let table = dir.appendingPathComponent("t.vtab").path
            let summary = dir.appendingPathComponent("summary.json").path
            let out = try CLI.run(["compile", dir.appendingPathComponent("history.csv").path, "-o", table, "--summary-json", summary])
            #expect(out.status == 0, "\(out.stderr)")
            #expect(out.stdout.contains("rows read  5"))
            #expect(out.stdout.contains("kept       4"))
            #expect(out.stdout.contains("total_orders               1"))
            // "Peru", " peru " and "PERU" are kept once each: the tie goes to the smallest in byte order.
            #expect(out.stdout.contains("countries  2: Latvia 1, PERU 3"))
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any]
            #expect(json?["kept"] as? Int == 4)

            let inspect = try CLI.run(["inspect", table])
            #expect(inspect.status == 0)
            #expect(inspect.stdout.contains("format 1.0"))
            #expect(inspect.stdout.contains("PERU     frequent_segment  0-4           2640          2"))
            let inspectJSON = try CLI.run(["inspect", table, "--json"])
            let document = try JSONSerialization.jsonObject(with: Data(inspectJSON.stdout.utf8)) as? [String: Any]
            #expect((document?["entries"] as? [Any])?.count == 20)
        }
    }

    @Test func aFailedCompileLeavesTheOldTableIntact() throws {
        try withHistory { dir in
            let table = dir.appendingPathComponent("t.vtab").path
            #expect(try CLI.run(["compile", dir.appendingPathComponent("history.csv").path, "-o", table]).status == 0)
            let before = try Data(contentsOf: URL(fileURLWithPath: table))
            let bad = dir.appendingPathComponent("bad.csv")
            try "timestamp,country_code\n2018-01-01,Peru\n".write(to: bad, atomically: true, encoding: .utf8)
            let out = try CLI.run(["compile", bad.path, "-o", table])
            #expect(out.status != 0)
            #expect(out.stderr.contains("missing column 'last_order_ts'"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: table)) == before)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") || $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func anInvalidSegmentConfigurationNamesTheBucket() throws {
        try withHistory { dir in
            let segments = dir.appendingPathComponent("segments.json")
            try #"{"segments": [{"name": "frequent_segment", "metric": "total_orders", "buckets": ["0-4", "6+"]}]}"#
                .write(to: segments, atomically: true, encoding: .utf8)
            let out = try CLI.run(["compile", dir.appendingPathComponent("history.csv").path, "-o", dir.appendingPathComponent("t.vtab").path,
                                   "--segments", segments.path])
            #expect(out.status != 0)
            #expect(out.stderr.contains("bucket '6+' leaves a gap"))
        }
    }

    @Test func profileRefusesAFileThatIsNotHistory() throws {
        try withHistory { dir in
            let junk = dir.appendingPathComponent("junk.bin")
            try Data([0, 1, 2, 3, 0xFF]).write(to: junk)
            let out = try CLI.run(["profile", junk.path])
            #expect(out.status != 0)
            #expect(out.stdout.isEmpty)
            let lines = out.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(out.stderr.contains("junk.bin") && out.stderr.contains("not a history file"))
        }
    }

    @Test func profileDescribesACSV() throws {
        try withHistory { dir in
            let out = try CLI.run(["profile", dir.appendingPathComponent("history.csv").path])
            #expect(out.status == 0)
            #expect(out.stdout.contains("rows: 5"))
            #expect(out.stdout.contains("total_orders"))
        }
    }
}

/// `voucher report` and `voucher compile --report` write the same report from one pass.
@Suite struct ReportCommandTests {
    @Test func reportAndCompileWithReportAgree() throws {
        try CompileCommandTests().withHistory { dir in
            let history = dir.appendingPathComponent("history.csv").path
            func file(_ name: String) -> String { dir.appendingPathComponent(name).path }
            let report = try CLI.run(["report", history, "-o", file("a.html"), "--json", file("a.json")])
            #expect(report.status == 0, "\(report.stderr)")
            let compile = try CLI.run(["compile", history, "-o", file("t.vtab"), "--report", file("b.html"), "--report-json", file("b.json")])
            #expect(compile.status == 0, "\(compile.stderr)")
            let a = try Data(contentsOf: URL(fileURLWithPath: file("a.json")))
            let b = try Data(contentsOf: URL(fileURLWithPath: file("b.json")))
            #expect(a == b)
            let html = try String(contentsOfFile: file("a.html"), encoding: .utf8)
            #expect(html == (try String(contentsOfFile: file("b.html"), encoding: .utf8)))
            #expect(html.contains("Voucher history report"))
        }
    }
}
