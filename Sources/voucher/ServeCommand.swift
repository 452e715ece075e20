import ArgumentParser

/// Placeholder: `voucher serve` (issue 4).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve POST /voucher over HTTP (not yet).")
    func run() throws { throw ValidationError("voucher serve is not built yet") }
}
