import Glibc

/// `voucher`: compile voucher history into a lookup table, look up, inspect.
///
/// Each subcommand is a thin layer over the libraries; errors print one line
/// (`Error: <file>: <where>: <what>`) and exit 1; a mistake in the command
/// line prints the error and the command's usage and exits 64 (EX_USAGE).
@main
enum Voucher {
    static let abstract = "Turn voucher history into the voucher table, and answer lookups from it."
    static let commands: [any VoucherCommand.Type] = [
        ProfileCommand.self, ScanCommand.self, CompileCommand.self, InspectCommand.self, LookupCommand.self,
        ServeCommand.self, ReportCommand.self, DiffCommand.self, PublishCommand.self, RollbackCommand.self,
        SQLCommand.self, PackCommand.self,
    ]

    static func main() {
        exit(run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs the command line `arguments` (without the program's name); returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first, first != "-h", first != "--help" else {
            print(help)
            return arguments.isEmpty ? 64 : 0
        }
        if first == "help" {
            guard arguments.count > 1 else {
                print(help)
                return 0
            }
            guard let command = command(named: arguments[1]) else { return usageError("unknown command '\(arguments[1])'", usage: usage) }
            print(command.spec.help)
            return 0
        }
        guard let command = command(named: first) else { return usageError("unknown command '\(first)'", usage: usage) }
        let spec = command.spec
        do {
            let parsed = try ParsedArguments(Array(arguments.dropFirst()), spec: spec)
            if parsed.wantsHelp {
                print(spec.help)
                return 0
            }
            try command.init(parsed).run()
            return 0
        } catch let error as UsageError {
            return usageError(error.description, usage: spec.usage + "\n  See 'voucher \(spec.name) --help' for more information.")
        } catch let exit as ExitStatus {
            return exit.code
        } catch {
            printError("Error: \(error)")
            return 1
        }
    }

    static func command(named name: String) -> (any VoucherCommand.Type)? {
        commands.first { $0.spec.name == name }
    }

    static var usage: String { "voucher <command> [options]\n  See 'voucher --help' for the commands." }

    /// What `voucher --help` prints.
    static var help: String {
        "OVERVIEW: \(abstract)\n\nUSAGE: voucher <command> [options]\n\nCOMMANDS:\n"
            + CommandSpec.columns(commands.map { ($0.spec.name, $0.spec.abstract) })
            + "\n  See 'voucher help <command>' for a command's arguments and options.\n"
    }

    private static func usageError(_ message: String, usage: String) -> Int32 {
        printError("Error: \(message)\nUsage: \(usage)")
        return 64
    }

    private static func printError(_ text: String) {
        var standardError = StandardError()
        print(text, to: &standardError)
    }
}

/// A subcommand: its ``CommandSpec``, its values from a parsed command line, and what it does.
protocol VoucherCommand: Sendable {
    static var spec: CommandSpec { get }
    /// The command's values from `arguments`.
    ///
    /// - Throws: ``UsageError`` for a value out of its range or of the wrong type.
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Does the work; a thrown error is printed as one line (`Error: …`), exit status 1.
    func run() throws
}

/// Thrown to end with an exit status but no error message (the output said it).
struct ExitStatus: Error {
    let code: Int32
}

/// `print(…, to:)` target for standard error.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = Glibc.write(2, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }
}
