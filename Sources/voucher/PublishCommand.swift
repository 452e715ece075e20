import Foundation
import VoucherPublish

/// `voucher publish TABLE LOCATION`: verify, compare with the live version,
/// refuse on a broken guard (exit 2, nothing written), else store the
/// version and point `current` at it.
struct PublishCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "publish",
        abstract: "Publish a table to a published location (versions/, current, history) for servers to follow.",
        discussion: """
            Verifies TABLE, compares it with the location's current version, and refuses (exit 2, nothing
            changed, the diff summary printed) when a guard is broken; otherwise stores
            versions/<sha256>.vtab if absent and replaces current atomically. The same table twice is a no-op.
              voucher publish artifacts/vouchers.vtab /srv/vouchers --max-changed 0.1 --min-kept-rows 1000
            """,
        arguments: PositionalSpec(name: "table> <location", help: "The table file, then the location (a directory or s3://bucket/prefix).",
                                  count: 2),
        options: [
            OptionSpec(long: "max-changed", value: "fraction",
                       help: "Refuse a table that changes more than this share (0-1) of the current table's entries."),
            OptionSpec(long: "min-kept-rows", value: "n", help: "Refuse a table whose history kept fewer rows."),
            .flag("force", help: "Publish even when a guard is broken."),
            OptionSpec(long: "keep", value: "n",
                       help: "Then remove the oldest versions beyond n that none of the last n history entries names.",
                       defaultValue: "10"),
        ])

    let table: String
    let location: String
    let guards: Publisher.Guards
    let force: Bool
    let keep: Int

    init(_ arguments: ParsedArguments) throws(UsageError) {
        table = arguments.positionals[0]
        location = arguments.positionals[1]
        var guards = Publisher.Guards()
        if let text = arguments.string("max-changed") {
            guard let fraction = Double(text), fraction >= 0, fraction <= 1 else {
                throw UsageError("'--max-changed' needs a fraction between 0 and 1, not '\(text)'")
            }
            guards.maxChanged = fraction
        }
        guards.minKeptRows = try arguments.integer("min-kept-rows")
        self.guards = guards
        force = arguments.flag("force")
        keep = try arguments.integer("keep") ?? 10
        guard keep >= 1 else { throw UsageError("'--keep' must be 1 or more") }
    }

    func run() throws {
        guard let published = PublishedLocations.location(location, mayCreate: true) else {
            throw PublishError(code: .usage, message: "\(location): not a published location (a directory, or s3://bucket/prefix)")
        }
        let publisher = Publisher(location: published)
        switch try publisher.publish(table: table, guards: guards, force: force, keep: keep) {
        case .unchanged(let sha):
            print("\(location): \(sha) is already the current version; nothing changed")
        case .refused(let diff, let reasons):
            print(diff.text(limit: 20))
            let message = reasons.map { "refused: \($0)\n" }.joined() + "nothing changed at \(location); --force publishes anyway\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitStatus(code: 2)
        case .published(let pointer, let diff, let uploaded, let removed):
            print(diff.text(limit: 20))
            print("published \(pointer.sha256) to \(location) at \(pointer.publishedAt)"
                  + (uploaded ? "" : " (the version was already stored)")
                  + (force && !guards.violations(of: diff).isEmpty ? " (guards overridden by --force)" : ""))
            for sha in removed { print("removed old version \(sha)") }
        }
    }
}
