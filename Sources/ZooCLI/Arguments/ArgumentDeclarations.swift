// MARK: - Declaring a command's arguments

/// An option that takes a value: `--n 100,200`, `--n=100`, or `-o FILE` with a short name.
///
///     Option("--n", valueName: "N,N,…", help: "training-set sizes", repeatable: true)
///     Option("--target", help: "the risk target", defaultValue: "clean", choices: ["clean", "label", "consistent"])
public struct Option: Sendable {
    /// The long name, with its dashes (`--out`).
    public var name: String
    /// An optional short name (`-o`).
    public var shortName: String?
    /// The placeholder shown in help (`FILE`, `N,N,…`); by default the choices joined by `|`, or `VALUE`.
    public var valueName: String
    public var help: String
    /// The value used when the option is absent (shown in help as "default: …").
    public var defaultValue: String?
    /// Whether the option may be given several times; its values then accumulate in order.
    public var repeatable: Bool
    /// Whether the option must be given (checked by the parser).
    public var required: Bool
    /// The allowed values, if restricted (checked by the parser, with a "did you mean" hint).
    public var choices: [String]?

    public init(
        _ name: String, short shortName: String? = nil, valueName: String? = nil, help: String,
        defaultValue: String? = nil, repeatable: Bool = false, required: Bool = false, choices: [String]? = nil
    ) {
        precondition(name.hasPrefix("--") && name.count > 2, "option names start with --: \(name)")
        precondition(
            shortName.map { $0.hasPrefix("-") && $0.count == 2 } ?? true, "short names look like -o: \(shortName!)")
        self.name = name
        self.shortName = shortName
        self.valueName = valueName ?? choices?.joined(separator: "|") ?? "VALUE"
        self.help = help
        self.defaultValue = defaultValue
        self.repeatable = repeatable
        self.required = required
        self.choices = choices
    }
}

/// A switch without a value: `--json`, `--resume`.
public struct Flag: Sendable {
    /// The long name, with its dashes (`--json`).
    public var name: String
    /// An optional short name (`-q`).
    public var shortName: String?
    public var help: String

    public init(_ name: String, short shortName: String? = nil, help: String) {
        precondition(name.hasPrefix("--") && name.count > 2, "flag names start with --: \(name)")
        self.name = name
        self.shortName = shortName
        self.help = help
    }
}

/// A positional argument: `zoo run SPEC.json`, `zoo describe NAME`.
public struct Positional: Sendable {
    /// The placeholder shown in usage and help, and the key for `ParsedArguments.positional(_:)`.
    public var name: String
    public var help: String
    /// Whether it may be left out.
    public var optional: Bool
    /// Whether it takes all remaining positional arguments (only the last positional may).
    public var repeating: Bool

    public init(_ name: String, help: String, optional: Bool = false, repeating: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
        self.repeating = repeating
    }
}

/// One (sub)command: its name, what it does, its arguments and examples.
public struct CommandDeclaration: Sendable {
    /// The full invocation shown in usage lines (`zoo compare`).
    public var name: String
    /// One line shown in the command list and at the top of the help.
    public var summary: String
    /// Further paragraphs for the help (separated by blank lines; wrapped to the width).
    public var discussion: String
    public var options: [Option]
    public var flags: [Flag]
    public var positionals: [Positional]
    /// Complete example command lines.
    public var examples: [String]

    public init(
        name: String, summary: String, discussion: String = "", options: [Option] = [], flags: [Flag] = [],
        positionals: [Positional] = [], examples: [String] = []
    ) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.flags = flags
        self.positionals = positionals
        self.examples = examples
        let names =
            options.flatMap { [$0.name] + ($0.shortName.map { [$0] } ?? []) }
            + flags.flatMap { [$0.name] + ($0.shortName.map { [$0] } ?? []) }
        precondition(Set(names).count == names.count, "duplicate option names in \(name)")
        precondition(!names.contains("--help") && !names.contains("-h"), "--help and -h are built in")
        precondition(positionals.dropLast().allSatisfy { !$0.repeating }, "only the last positional may repeat")
    }

    /// The last word of the name (`compare` for `zoo compare`), used to select the command.
    public var commandWord: String { name.split(separator: " ").last.map(String.init) ?? name }

    /// Every spelling the parser accepts, for "did you mean" hints.
    var allOptionNames: [String] {
        options.map(\.name) + flags.map(\.name) + ["--help"]
    }
}
