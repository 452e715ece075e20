/// What a subcommand accepts, as `--help` shows it: its positional
/// arguments and its options, declared once and parsed by
/// ``ParsedArguments``.
///
/// The commands are a handful of paths, numbers and switches, so a table of
/// them replaces a reflection-based parser: that one spent 15 million
/// instructions at every start (the Swift runtime's type and conformance
/// look-ups), 59% of a one-row compile's.
struct CommandSpec {
    /// The subcommand, as typed: `compile`.
    let name: String
    /// One line: what the command does.
    let abstract: String
    /// More lines for `--help` (examples), or empty.
    var discussion = ""
    /// The positional arguments.
    var arguments: PositionalSpec?
    /// The options and flags, in the order `--help` lists them.
    var options: [OptionSpec] = []

    /// The one-line usage: `voucher compile <history> ... [-o <file>] …`.
    var usage: String {
        var parts = ["voucher", name]
        if let arguments {
            parts.append(arguments.isRepeated ? "<\(arguments.name)> ..." : "<\(arguments.name)>")
        }
        for option in options { parts.append("[\(option.synopsis)]") }
        return parts.joined(separator: " ")
    }

    /// What `voucher NAME --help` prints.
    var help: String {
        var rows: [(String, String)] = []
        if let arguments { rows.append(("<\(arguments.name)>", arguments.help)) }
        var text = "OVERVIEW: \(abstract)\n"
        if !discussion.isEmpty { text += "\n\(discussion)\n" }
        text += "\nUSAGE: \(usage)\n"
        if !rows.isEmpty { text += "\nARGUMENTS:\n" + Self.columns(rows) }
        let options = options.map { option in
            ((option.short.map { "-\($0), " } ?? "") + option.synopsis,
             option.help + (option.defaultValue.map { " (default: \($0))" } ?? ""))
        }
        text += "\nOPTIONS:\n" + Self.columns(options + [("-h, --help", "Show this help.")])
        return text
    }

    /// Two columns, the second aligned.
    static func columns(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 + "\n" }.joined()
    }
}

/// A command's positional arguments: one, or one or more.
struct PositionalSpec {
    /// The name in usage and errors: `history`.
    let name: String
    let help: String
    /// Whether it takes one or more values (else exactly ``count``).
    var isRepeated = false
    /// How many values it takes when not repeated; above 1, ``name`` names
    /// them all as usage shows them (`old> <new` for `<old> <new>`).
    var count = 1
}

/// One `--long` option (with a value) or flag (without).
struct OptionSpec {
    /// The long name without dashes: `summary-json`.
    let long: String
    /// A one-letter alias (`-o`), if any.
    var short: Character?
    /// The value's name in usage (`file`); nil for a flag.
    var value: String?
    let help: String
    /// The value used when the option is absent, as `--help` shows it.
    var defaultValue: String?

    /// `--long <value>` or `--long`.
    var synopsis: String { value.map { "--\(long) <\($0)>" } ?? "--\(long)" }

    static func flag(_ long: String, help: String) -> OptionSpec {
        OptionSpec(long: long, value: nil, help: help)
    }
}

/// A mistake in the command line: printed with the command's usage, exit status 64 (EX_USAGE).
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The values of one command line, checked against its ``CommandSpec``.
struct ParsedArguments {
    /// The positional arguments, in order.
    private(set) var positionals: [String] = []
    /// Option values and flags given, by long name. (Arrays, not a dictionary
    /// and a set: the first `Hashable` look-up of a process costs more than
    /// a search of these few.)
    private var values: [(option: String, value: String)] = []
    private var flags: [String] = []
    /// Whether `-h` or `--help` was given.
    private(set) var wantsHelp = false

    /// Parses `arguments` (after the subcommand's name): `--long value`,
    /// `--long=value`, `-s value`, flags, positionals, and `--` before
    /// positionals that start with a dash. The last of repeated options wins.
    ///
    /// - Throws: ``UsageError`` for an unknown option, a missing value, a
    ///   value given to a flag, or the wrong number of positionals.
    init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        var rest = arguments[...]
        var onlyPositionals = false
        while let argument = rest.popFirst() {
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                wantsHelp = true
                continue
            }
            var name = argument, inline: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            let option: OptionSpec? = if name.hasPrefix("--") {
                spec.options.first { "--" + $0.long == name }
            } else if name.count == 2 {
                spec.options.first { $0.short.map { "-\($0)" } == name }
            } else {
                nil
            }
            guard let option else { throw UsageError("unknown option '\(name)'") }
            guard option.value != nil else {
                guard inline == nil else { throw UsageError("'\(name)' takes no value") }
                flags.append(option.long)
                continue
            }
            guard let value = inline ?? rest.popFirst() else { throw UsageError("missing value for '\(name) <\(option.value!)>'") }
            values.append((option.long, value))
        }
        guard !wantsHelp else { return }
        switch (spec.arguments, positionals.count) {
        case (nil, 0): break
        case (nil, _): throw UsageError("unexpected argument '\(positionals[0])'")
        case (.some(let p), 0): throw UsageError("missing <\(p.name)>")
        case (.some(let p), let n):
            guard !p.isRepeated && n != p.count else { break }
            throw n < p.count ? UsageError("missing <\(p.name)>") : UsageError("unexpected argument '\(positionals[p.count])'")
        }
    }

    /// The value of `--long`, or nil when absent.
    func string(_ long: String) -> String? { values.last { $0.option == long }?.value }

    /// Whether the flag `--long` was given.
    func flag(_ long: String) -> Bool { flags.contains(long) }

    /// The value of `--long` as a whole number, or nil when absent.
    ///
    /// - Throws: ``UsageError`` naming the option when the value is not a whole number.
    func integer(_ long: String) throws(UsageError) -> Int? {
        guard let text = string(long) else { return nil }
        guard let number = Int(text) else { throw UsageError("'--\(long)' needs a whole number, not '\(text)'") }
        return number
    }

    /// The value of `--long` as a number of bytes: a whole number with an
    /// optional unit, `K`, `M`, `G` (powers of 1,024, with or without `iB`
    /// or `B`: `512M`, `512MiB` and `536870912` are the same); nil when absent.
    ///
    /// - Throws: ``UsageError`` naming the option when the value is not such a size.
    func byteSize(_ long: String) throws(UsageError) -> Int? {
        guard let text = string(long) else { return nil }
        let units: [(String, Int)] = [("KIB", 1 << 10), ("KB", 1 << 10), ("K", 1 << 10), ("MIB", 1 << 20), ("MB", 1 << 20),
                                      ("M", 1 << 20), ("GIB", 1 << 30), ("GB", 1 << 30), ("G", 1 << 30), ("B", 1)]
        let upper = text.uppercased()
        let (digits, scale) = units.first { upper.hasSuffix($0.0) }.map { (String(upper.dropLast($0.0.count)), $0.1) } ?? (upper, 1)
        guard let number = Int(digits), number > 0, number <= Int.max / scale else {
            throw UsageError("'--\(long)' needs a size in bytes such as 512M, 2G or 1048576, not '\(text)'")
        }
        return number * scale
    }

    /// The single positional argument (``CommandSpec/arguments`` not repeated).
    var positional: String { positionals[0] }
}
