import VoucherPublish

/// `voucher rollback LOCATION [--to SHA256]`: point `current` back.
struct RollbackCommand: VoucherCommand {
    static let spec = CommandSpec(
        name: "rollback",
        abstract: "Point a published location's current back at the previous version (or the one named).",
        discussion: """
            Without --to: the newest version in the history other than the current one (so two rollbacks
            in a row go back and forth). The version is verified first; the rollback is recorded in history.
              voucher rollback /srv/vouchers
            """,
        arguments: PositionalSpec(name: "location", help: "The published location (a directory or s3://bucket/prefix)."),
        options: [OptionSpec(long: "to", value: "sha256", help: "The version to make current.")])

    let location: String
    let target: String?

    init(_ arguments: ParsedArguments) {
        location = arguments.positional
        target = arguments.string("to")
    }

    func run() throws {
        guard let published = PublishedLocations.location(location) else {
            throw PublishError(code: .usage, message: "\(location): not a published location (a directory, or s3://bucket/prefix)")
        }
        let (from, to) = try Publisher(location: published).rollback(to: target)
        print("\(location): current \(from?.sha256 ?? "none") → \(to.sha256) at \(to.publishedAt)")
    }
}
