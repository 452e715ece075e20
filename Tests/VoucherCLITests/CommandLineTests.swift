import Foundation
import Testing
import VoucherTestSupport

/// The command line itself: help, option spellings, and mistakes (exit 64 with the usage).
@Suite struct CommandLineTests {
    @Test func helpListsCommandsAndOptions() throws {
        let top = try CLI.run(["--help"])
        #expect(top.status == 0)
        for command in ["profile", "scan", "compile", "inspect", "lookup", "serve", "report"] {
            #expect(top.stdout.contains("\n  \(command) "), "\(command) missing from:\n\(top.stdout)")
        }
        let compile = try CLI.run(["compile", "--help"])
        #expect(compile.status == 0)
        #expect(compile.stdout.contains("USAGE: voucher compile <history> ..."))
        #expect(compile.stdout.contains("-o, --output <file>"))
        #expect(compile.stdout.contains("(default: artifacts/vouchers.vtab)"))
        #expect(try CLI.run(["help", "compile"]).stdout == compile.stdout)
        let serve = try CLI.run(["serve", "-h"])
        #expect(serve.stdout.contains("--reload-poll-ms <ms>"))
        #expect(serve.stdout.contains("(default: 8000)"))
    }

    @Test(arguments: [
        (["compile"], "missing <history>"),
        (["compile", "a.csv", "--bogus"], "unknown option '--bogus'"),
        (["compile", "a.csv", "-o"], "missing value for '-o <file>'"),
        (["inspect", "a.vtab", "b.vtab"], "unexpected argument 'b.vtab'"),
        (["inspect", "a.vtab", "--json=yes"], "'--json' takes no value"),
        (["serve", "--port", "eighty"], "'--port' needs a whole number, not 'eighty'"),
        (["serve", "--log-level", "loud"], "--log-level must be one of"),
        (["profile", "a.csv", "--distinct-limit=0"], "--distinct-limit must be positive"),
        (["frobnicate"], "unknown command 'frobnicate'"),
    ])
    func mistakesExit64WithTheUsage(arguments: [String], message: String) throws {
        let out = try CLI.run(arguments)
        #expect(out.status == 64)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr.hasPrefix("Error: \(message)"), "\(out.stderr)")
        #expect(out.stderr.contains("Usage: voucher"))
    }

    @Test func inlineValuesAndDoubleDash() throws {
        let dir = try SharedData.temporaryDirectory("voucher-cli-line")
        defer { try? FileManager.default.removeItem(at: dir) }
        let history = dir.appendingPathComponent("-history.csv")
        try CompileCommandTests.csv.write(to: history, atomically: true, encoding: .utf8)
        let table = dir.appendingPathComponent("t.vtab").path
        // `--output=FILE`, and `--` before a file whose name starts with a dash.
        let out = try CLI.run(["compile", "--output=\(table)", "--", history.path.replacingOccurrences(of: dir.path + "/", with: "")],
                              in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(FileManager.default.fileExists(atPath: table))
    }
}
