import Foundation
import ZooCore

// MARK: - Typed access to parsed arguments

/// The parsed arguments of one command, with typed accessors.
///
/// Accessors take the declared long name (`"--seeds"`) or positional name (`"SPEC.json"`); asking for an
/// undeclared name is a programming error and traps. An absent option yields its declared default.
/// Conversion failures throw `ZooError.usage` naming the option and the offending text.
public struct ParsedArguments: Sendable {
    public let command: CommandDeclaration
    /// Values of each option in the order given (only options that were given).
    let values: [String: [String]]
    let flags: Set<String>
    let positionals: [String: [String]]

    // MARK: Raw values

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool {
        precondition(command.flags.contains { $0.name == name }, "undeclared flag \(name) in \(command.name)")
        return flags.contains(name)
    }

    /// Whether an option was given explicitly (not just defaulted).
    public func isGiven(_ name: String) -> Bool {
        _ = declaration(name)
        return values[name] != nil
    }

    /// The option's value (the last one if repeated), its default when absent, or nil.
    public func string(_ name: String) -> String? {
        values[name]?.last ?? declaration(name).defaultValue
    }

    /// All values given for a repeatable option, in order; `[default]` or `[]` when absent.
    public func strings(_ name: String) -> [String] {
        values[name] ?? declaration(name).defaultValue.map { [$0] } ?? []
    }

    /// The value of a positional argument, nil when an optional one is absent.
    public func positional(_ name: String) -> String? { positionals(name).first }

    /// All values of a (repeating) positional argument.
    public func positionals(_ name: String) -> [String] {
        precondition(
            command.positionals.contains { $0.name == name }, "undeclared positional \(name) in \(command.name)")
        return positionals[name] ?? []
    }

    // MARK: Typed values

    /// The option as a whole number.
    public func int(_ name: String) throws(ZooError) -> Int? {
        try string(name).map { text throws(ZooError) in
            try Self.convert(text, option: name, kind: "a whole number") { Int($0) }
        }
    }

    /// The option as a non-negative 64-bit whole number (seeds).
    public func uint64(_ name: String) throws(ZooError) -> UInt64? {
        try string(name).map { text throws(ZooError) in
            try Self.convert(text, option: name, kind: "a non-negative whole number") { UInt64($0) }
        }
    }

    /// The option as a finite number (`1e-3` allowed).
    public func double(_ name: String) throws(ZooError) -> Double? {
        try string(name).map { text throws(ZooError) in
            try Self.convert(text, option: name, kind: "a number") { Double($0).flatMap { $0.isFinite ? $0 : nil } }
        }
    }

    /// Comma-separated whole numbers, accumulated over repeats: `--n 100,200 --n 400` gives [100, 200, 400].
    public func intList(_ name: String) throws(ZooError) -> [Int] {
        try list(name, kind: "whole numbers") { Int($0) }
    }

    /// Comma-separated numbers, accumulated over repeats.
    public func doubleList(_ name: String) throws(ZooError) -> [Double] {
        try list(name, kind: "numbers") { Double($0).flatMap { $0.isFinite ? $0 : nil } }
    }

    /// The option as a case of a string enumeration, with a "did you mean" hint.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, as type: Choice.Type) throws(ZooError)
        -> Choice?
    where Choice.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            throw ZooError.usage(
                "\(name) must be one of \(names.joined(separator: ", ")), not '\(text)'"
                    + Suggestions.hint(for: text, among: names))
        }
        return value
    }

    // MARK: Helpers

    private func declaration(_ name: String) -> Option {
        guard let option = command.options.first(where: { $0.name == name }) else {
            preconditionFailure("undeclared option \(name) in \(command.name)")
        }
        return option
    }

    private func list<Value>(_ name: String, kind: String, _ parse: (String) -> Value?) throws(ZooError) -> [Value] {
        var result: [Value] = []
        for text in strings(name) {
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = item.trimmingCharacters(in: .whitespaces)
                guard let value = parse(trimmed) else {
                    let what = trimmed.isEmpty ? "an empty item" : "'\(trimmed)'"
                    throw ZooError.usage("\(name) expects comma-separated \(kind), got \(what) in '\(text)'")
                }
                result.append(value)
            }
        }
        return result
    }

    private static func convert<Value>(
        _ text: String, option: String, kind: String,
        _ parse: (String) -> Value?
    ) throws(ZooError) -> Value {
        guard let value = parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw ZooError.usage("\(option) expects \(kind), got '\(text)'")
        }
        return value
    }
}
