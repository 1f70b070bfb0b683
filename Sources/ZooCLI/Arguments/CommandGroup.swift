import ZooCore

// MARK: - Subcommands

/// A program with subcommands (`zoo list`, `zoo compare`, …): selects the command from the first word.
public struct CommandGroup: Sendable {
    /// The program name (`zoo`).
    public var name: String
    public var summary: String
    public var commands: [CommandDeclaration]

    public init(name: String, summary: String, commands: [CommandDeclaration]) {
        self.name = name
        self.summary = summary
        self.commands = commands
    }

    /// What the first argument selected.
    public enum Selection: Sendable {
        /// A command and the arguments after its word (parse them with `command.parse(_:)`).
        case command(CommandDeclaration, arguments: [String])
        /// No command, `--help`, `-h` or `help [COMMAND]`: print this text and exit 0.
        case help(String)
    }

    /// Selects the command named by the first argument (`arguments` excludes the program name).
    /// An unknown command throws `ZooError.usage` with a "did you mean" hint; no arguments give help.
    public func select(_ arguments: [String]) throws(ZooError) -> Selection {
        guard let word = arguments.first, word != "--help", word != "-h" else { return .help(helpText()) }
        if word == "help" {
            guard let topic = arguments.dropFirst().first else { return .help(helpText()) }
            return .help(try command(named: topic).helpText())
        }
        return .command(try command(named: word), arguments: Array(arguments.dropFirst()))
    }

    private func command(named word: String) throws(ZooError) -> CommandDeclaration {
        guard let command = commands.first(where: { $0.commandWord == word }) else {
            throw ZooError.usage("unknown command '\(word)'" + Suggestions.hint(for: word, among: commands.map(\.commandWord)))
        }
        return command
    }

    /// The program's help: usage and one line per command.
    public func helpText(width: Int = CommandDeclaration.helpWidth) -> String {
        var lines = ["Usage: \(name) COMMAND [options]", ""]
        lines += HelpLayout.wrap(summary, width: width, indent: "")
        lines += ["", "Commands:"]
        lines += HelpLayout.table(commands.map { ($0.commandWord, $0.summary) }, width: width)
        lines += ["", "Run '\(name) COMMAND --help' for a command's options."]
        return lines.joined(separator: "\n") + "\n"
    }
}
