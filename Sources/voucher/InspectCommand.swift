import Foundation
import VoucherCompiler

/// `voucher inspect TABLE [--json]`: header, sections, checksums and every entry.
struct InspectCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Verify a table file and print its header, sections, checksums and every entry.",
        arguments: PositionalSpec(name: "table", help: "The table file."),
        options: [.flag("json", help: "Print JSON instead of text.")])

    let table: String
    let json: Bool

    init(_ arguments: ParsedArguments) {
        table = arguments.positional
        json = arguments.flag("json")
    }

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
