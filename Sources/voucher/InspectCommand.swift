import ArgumentParser
import Foundation
import VoucherCompiler

/// `voucher inspect TABLE [--json]`: header, sections, checksums and every entry.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Verify a table file and print its header, sections, checksums and every entry.")

    @Argument(help: "The table file.")
    var table: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let inspection = try TableInspection(path: table)
        if json {
            FileHandle.standardOutput.write(try inspection.json())
            print()
        } else {
            print(inspection.text)
        }
    }
}
