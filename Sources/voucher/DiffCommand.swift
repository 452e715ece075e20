import Foundation
import VoucherPublish

/// `voucher diff OLD NEW [--json]`: what NEW changes against OLD. Exit 0
/// whatever the differences (1 only when a table cannot be read).
struct DiffCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "diff",
        abstract: "Show what a table changes against another: countries, entries (amount changes first), rows read and kept.",
        discussion: """
            OLD and NEW are table files or published locations (a directory or s3://bucket/prefix: its current version):
              voucher diff /srv/vouchers new.vtab
            Exits 0 whatever the differences.
            """,
        arguments: PositionalSpec(name: "old> <new", help: "The old table, then the new one (files or published locations).",
                                  count: 2),
        options: [.flag("json", help: "Print JSON instead of text.")])

    let old: String
    let new: String
    let json: Bool

    init(_ arguments: ParsedArguments) {
        old = arguments.positionals[0]
        new = arguments.positionals[1]
        json = arguments.flag("json")
    }

    func run() throws {
        guard let newTable = try PublishedVersions.open(new) else {
            throw PublishError(code: .missing, message: "\(new): nothing is published there yet (no current)")
        }
        let oldTable = try PublishedVersions.open(old)
        let diff = try TableDiff(old: oldTable?.table, oldLabel: oldTable?.label ?? old, new: newTable.table,
                                 newLabel: newTable.label)
        if json {
            FileHandle.standardOutput.write(try diff.json())
            print()
        } else {
            print(diff.text())
        }
    }
}
