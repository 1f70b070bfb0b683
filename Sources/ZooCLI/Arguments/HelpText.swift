import ZooReport

// MARK: - Help text

extension CommandDeclaration {
    /// The help width in columns.
    public static let helpWidth = 100
    /// The widest option label that keeps its help on the same line.
    static let maximumLabelWidth = 30

    /// The `--help` text: usage line, summary, discussion, arguments, options (with value names, defaults
    /// and choices), examples.
    ///
    ///     Usage: zoo compare --data SPEC --n N,N,… [options]
    ///
    ///     Head-to-head comparison of estimators under attacks.
    ///
    ///     Options:
    ///       --data SPEC              the data model (required)
    ///       --seeds K                number of seeds (default: 1)
    ///       -h, --help               show this help
    public func helpText(width: Int = CommandDeclaration.helpWidth) -> String {
        var lines = HelpLayout.wrap(usageLine, width: width, indent: "    ")
        lines.append("")
        lines += HelpLayout.wrap(summary, width: width, indent: "")
        for paragraph in discussion.components(separatedBy: "\n\n") where !paragraph.isEmpty {
            lines.append("")
            lines += HelpLayout.wrap(paragraph.split(separator: "\n").joined(separator: " "), width: width, indent: "")
        }
        if !positionals.isEmpty {
            lines += ["", "Arguments:"]
            lines += HelpLayout.table(
                positionals.map { ($0.name, $0.help + ($0.optional ? " (optional)" : "")) }, width: width)
        }
        lines += ["", "Options:"]
        var entries: [(String, String)] = options.map { option in
            let label = (option.shortName.map { $0 + ", " } ?? "") + option.name + " " + option.valueName
            var notes: [String] = []
            if option.required { notes.append("required") }
            if let defaultValue = option.defaultValue { notes.append("default: \(defaultValue)") }
            if option.repeatable { notes.append("repeatable") }
            return (label, option.help + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"))
        }
        entries += flags.map { ((($0.shortName.map { $0 + ", " }) ?? "") + $0.name, $0.help) }
        entries.append(("-h, --help", "show this help"))
        lines += HelpLayout.table(entries, width: width)
        if !examples.isEmpty {
            lines += ["", "Examples:"]
            // Long examples continue with a shell line continuation, so they can still be pasted.
            lines += examples.flatMap { example in
                let wrapped = HelpLayout.wrap("  " + example, width: width - 2, indent: "      ")
                return wrapped.enumerated().map { $0 < wrapped.count - 1 ? $1 + " \\" : $1 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Usage: zoo compare --data SPEC --n N,N,… [options] SPEC.json`: required options spelled out.
    public var usageLine: String {
        var parts = ["Usage:", name]
        parts += options.filter(\.required).map { $0.name + " " + $0.valueName }
        if options.contains(where: { !$0.required }) || !flags.isEmpty { parts.append("[options]") }
        for positional in positionals {
            let text = positional.name + (positional.repeating ? " …" : "")
            parts.append(positional.optional ? "[" + text + "]" : text)
        }
        return parts.joined(separator: " ")
    }
}

// MARK: - Layout helpers

enum HelpLayout {
    /// Two aligned columns, indented by two spaces; a label wider than the limit puts its text on the
    /// next line. The text column wraps with a hanging indent.
    static func table(_ entries: [(label: String, text: String)], width: Int) -> [String] {
        let labelWidth = min(
            entries.map(\.label.count).filter { $0 <= CommandDeclaration.maximumLabelWidth }.max() ?? 0,
            CommandDeclaration.maximumLabelWidth)
        let textIndent = String(repeating: " ", count: 2 + labelWidth + 2)
        var lines: [String] = []
        for entry in entries {
            if entry.label.count > labelWidth {
                lines.append("  " + entry.label)
                lines += wrap(textIndent + entry.text, width: width, indent: textIndent)
            } else {
                // Wrap the text in its column, then put the label in front: wrapping the joined line
                // would fold the padding's run of spaces into one.
                let padded = "  " + entry.label + String(repeating: " ", count: labelWidth - entry.label.count) + "  "
                var wrapped = wrap(textIndent + entry.text, width: width, indent: textIndent)
                wrapped[0] = padded + wrapped[0].dropFirst(textIndent.count)
                lines += wrapped
            }
        }
        return lines
    }

    /// `TextWrap.lines` (spaces only).
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        TextWrap.lines(text, width: width, indent: indent)
    }
}
