// MARK: - Component specs

import Foundation

/// A parsed component spec: `ridge` or `ridge(lambda=0.01)` (docs/conventions.md §6).
///
/// Names and keys are kebab-case; values are numbers, booleans or bare words (quote a value containing
/// `,()=` with double quotes). Parsing checks syntax only; the registry validates names and parameters.
public struct ComponentSpec: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let arguments: [(key: String, value: ParameterValue)]

    public init(name: String, arguments: [(key: String, value: ParameterValue)] = []) {
        self.name = name
        self.arguments = arguments
    }

    public static func == (lhs: ComponentSpec, rhs: ComponentSpec) -> Bool {
        lhs.name == rhs.name && lhs.arguments.map(\.key) == rhs.arguments.map(\.key)
            && lhs.arguments.map(\.value) == rhs.arguments.map(\.value)
    }

    public var description: String {
        arguments.isEmpty ? name : name + "(" + arguments.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + ")"
    }

    // MARK: Typed lookups

    /// The numeric value of parameter `name` (`ridge(lambda=0.01)`: `number("lambda")` is 0.01); nil if
    /// the spec does not give it or gives something other than a number.
    public func number(_ name: String) -> Double? {
        for argument in arguments where argument.key == name {
            if case .number(let value) = argument.value { return value }
        }
        return nil
    }

    /// The spec without parameter `name` (`ridge(lambda=0.01)` → `ridge`): a series key for sweeps over it.
    public func removing(_ name: String) -> ComponentSpec {
        ComponentSpec(name: self.name, arguments: arguments.filter { $0.key != name })
    }

    // MARK: Parsing

    /// Parses one spec such as `pgd-l2(radius=0.1, steps=100)`.
    public init(parsing text: String) throws(ZooError) {
        try Self.checkCharacters(text)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .usage("empty component spec") }
        guard let open = trimmed.firstIndex(of: "(") else {
            try Self.checkName(trimmed, in: text)
            self.init(name: trimmed)
            return
        }
        guard trimmed.hasSuffix(")") else { throw .usage("spec '\(text)' has '(' without a closing ')'") }
        let name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
        try Self.checkName(name, in: text)
        let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        var arguments = [(key: String, value: ParameterValue)]()
        for item in try Self.splitTopLevel(inner, context: text)
        where !item.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let equals = item.firstIndex(of: "=") else {
                throw .usage("spec '\(text)': '\(item.trimmingCharacters(in: .whitespaces))' should be key=value")
            }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces)
            try Self.checkName(key, in: text)
            guard !arguments.contains(where: { $0.key == key }) else {
                throw .usage("spec '\(text)' gives '\(key)' twice: give each parameter once")
            }
            arguments.append((key, ParameterValue(parsing: String(item[item.index(after: equals)...]))))
        }
        self.init(name: name, arguments: arguments)
    }

    /// Parses a list `a, b(x=1,y=2), c`: items separated by commas outside parentheses and quotes.
    public static func parseList(_ text: String) throws(ZooError) -> [ComponentSpec] {
        try checkCharacters(text)
        var specs = [ComponentSpec]()
        for item in try splitTopLevel(text, context: text) {
            specs.append(try ComponentSpec(parsing: item))
        }
        return specs
    }

    /// Parses several lists (a repeated option) into one list, in order.
    public static func parseLists(_ texts: [String]) throws(ZooError) -> [ComponentSpec] {
        var specs = [ComponentSpec]()
        for text in texts { specs += try parseList(text) }
        return specs
    }

    // MARK: Lexical helpers

    /// Splits at commas that are outside parentheses and double quotes; unbalanced input is an error.
    static func splitTopLevel(_ text: String, context: String) throws(ZooError) -> [String] {
        var items = [String]()
        var current = ""
        var depth = 0
        var quoted = false
        for character in text {
            switch character {
            case "\"":
                quoted.toggle()
                current.append(character)
            case "(" where !quoted:
                depth += 1
                current.append(character)
            case ")" where !quoted:
                depth -= 1
                guard depth >= 0 else { throw .usage("spec '\(context)' has an unmatched ')'") }
                current.append(character)
            case "," where !quoted && depth == 0:
                items.append(current)
                current = ""
            default: current.append(character)
            }
        }
        guard depth == 0, !quoted else { throw .usage("spec '\(context)' has unbalanced parentheses or quotes") }
        items.append(current)
        return items
    }

    /// Refuses line breaks and other control characters (a pasted multi-line spec, a NUL), naming them
    /// and their column, before any other check can misreport them (as an unclosed parenthesis).
    static func checkCharacters(_ text: String) throws(ZooError) {
        for (offset, scalar) in text.unicodeScalars.enumerated()
        where scalar.properties.generalCategory == .control && scalar != "\t" {
            let name =
                scalar == "\n" || scalar == "\r"
                ? "a line break" : "the control character U+\(String(scalar.value, radix: 16, uppercase: true))"
            let shown = text.unicodeScalars.map { $0.properties.generalCategory == .control ? "⏎" : String($0) }
                .joined()
            throw .usage(
                "spec '\(shown)' contains \(name) at column \(offset + 1): write the spec on one line without control characters"
            )
        }
    }

    static func checkName(_ name: String, in text: String) throws(ZooError) {
        let allowed = name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
        guard !name.isEmpty, allowed, name.first!.isLetter else {
            throw .usage("spec '\(text)': '\(name)' is not a kebab-case name (lower-case letters, digits, '-')")
        }
    }
}
