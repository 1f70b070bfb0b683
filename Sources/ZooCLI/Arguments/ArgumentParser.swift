import ZooCore

// MARK: - Parsing

/// The result of parsing: the arguments, or a request for help.
public enum ParseOutcome: Sendable {
    case arguments(ParsedArguments)
    /// `--help` or `-h` was given; print this text to standard output and exit 0.
    case help(String)
}

extension CommandDeclaration {
    /// Parses the arguments that follow the command word.
    ///
    /// Accepted forms: `--key value`, `--key=value`, `-k value`, flags `--json`; `--` ends the options
    /// (everything after it is positional). A value may start with `-` when it is a number (`--shift -1`).
    /// `--help`/`-h` anywhere gives `.help` with `helpText()`.
    ///
    /// Errors (`ZooError.usage`): an unknown option (with "did you mean"), a missing value, a value given to
    /// a flag, a non-repeatable option given twice, a value outside `choices`, a missing required option
    /// or positional, and an unexpected positional.
    public func parse(_ arguments: [String]) throws(ZooError) -> ParseOutcome {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }),
            let firstHelp = arguments.firstIndex(where: { $0 == "--help" || $0 == "-h" }),
            !arguments[..<firstHelp].contains("--")
        {
            return .help(helpText())
        }
        var values: [String: [String]] = [:]
        var flagsGiven: Set<String> = []
        var positionalValues: [String] = []
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !Self.looksLikeOption(argument) {
                positionalValues.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }

            var name = argument
            var inlineValue: String? = nil
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if let flag = flags.first(where: { $0.name == name || $0.shortName == name }) {
                guard inlineValue == nil else {
                    throw ZooError.usage("\(flag.name) takes no value (got '\(argument)')")
                }
                flagsGiven.insert(flag.name)
                continue
            }
            guard let option = options.first(where: { $0.name == name || $0.shortName == name }) else {
                throw ZooError.usage(
                    "unknown option '\(name)' for '\(self.name)'" + Suggestions.hint(for: name, among: allOptionNames))
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !Self.looksLikeOption(arguments[index]) {
                value = arguments[index]
                index += 1
            } else {
                throw ZooError.usage("\(option.name) needs a value (\(option.valueName))")
            }
            if let existing = values[option.name], !existing.isEmpty, !option.repeatable {
                throw ZooError.usage("\(option.name) was given more than once ('\(existing[0])' and '\(value)')")
            }
            if let choices = option.choices, !choices.contains(value) {
                throw ZooError.usage(
                    "\(option.name) must be one of \(choices.joined(separator: ", ")), not '\(value)'"
                        + Suggestions.hint(for: value, among: choices))
            }
            values[option.name, default: []].append(value)
        }

        for option in options where option.required && values[option.name] == nil {
            throw ZooError.usage("\(name) needs \(option.name) \(option.valueName)")
        }
        let assigned = try assignPositionals(positionalValues)
        return .arguments(ParsedArguments(command: self, values: values, flags: flagsGiven, positionals: assigned))
    }

    /// Matches positional values to the declared positionals, in order.
    private func assignPositionals(_ given: [String]) throws(ZooError) -> [String: [String]] {
        var assigned: [String: [String]] = [:]
        var remaining = given[...]
        for positional in positionals {
            if positional.repeating {
                assigned[positional.name] = Array(remaining)
                remaining = []
            } else if let value = remaining.popFirst() {
                assigned[positional.name] = [value]
            }
            if !positional.optional && (assigned[positional.name] ?? []).isEmpty {
                throw ZooError.usage("\(name) needs \(positional.name)")
            }
        }
        if let extra = remaining.first {
            throw ZooError.usage("unexpected argument '\(extra)' for '\(name)'")
        }
        return assigned
    }

    /// True for `--x`, `-x` and `--`; false for `-` (standard input), negative numbers and plain words.
    static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        return Double(argument) == nil
    }
}
