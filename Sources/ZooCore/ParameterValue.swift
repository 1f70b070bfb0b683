// MARK: - Parameter values

import Foundation

/// One value in a component spec: a number (`1e-3`), a boolean (`true`) or a bare word (`l2`, a path).
public enum ParameterValue: Sendable, Equatable, Hashable, CustomStringConvertible {
    case number(Double)
    case boolean(Bool)
    case word(String)

    /// Parses one spec value: numbers first, then `true`/`false`, otherwise the text (quotes removed).
    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" {
            self = .word(String(trimmed.dropFirst().dropLast()))
        } else if let number = Double(trimmed), !trimmed.lowercased().contains("nan"),
            !trimmed.lowercased().contains("inf")
        {
            self = .number(number)
        } else if trimmed == "true" || trimmed == "false" {
            self = .boolean(trimmed == "true")
        } else {
            self = .word(trimmed)
        }
    }

    /// The canonical text: shortest round-trip numbers (`0.01`, `1e-05`), integers without `.0`, and
    /// words quoted only when they contain spec punctuation.
    public var description: String {
        switch self {
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .boolean(let value):
            return value ? "true" : "false"
        case .word(let text):
            let needsQuotes = text.contains { ",()=\" ".contains($0) } || text.isEmpty
            return needsQuotes ? "\"\(text)\"" : text
        }
    }
}
