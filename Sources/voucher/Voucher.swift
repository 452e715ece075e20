import ArgumentParser

@main
struct Voucher: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile voucher history into a lookup table, and serve it.",
        subcommands: []
    )
}
