// MARK: - Parameter declarations

import Foundation

/// The type and allowed values of one parameter.
public enum ParameterKind: Sendable, Equatable {
    /// A real number in `minimum...maximum`; `exclusiveMinimum` makes the lower bound strict.
    case real(minimum: Double = -.infinity, maximum: Double = .infinity, exclusiveMinimum: Bool = false)
    /// A whole number in `minimum...maximum`.
    case integer(minimum: Int = .min, maximum: Int = .max)
    /// `true` or `false`.
    case boolean
    /// One of a fixed set of bare words.
    case choice([String])
    /// Free text (for example a file path).
    case text

    /// A short human description: "real ≥ 0", "integer in 1…1000", "one of l2, linf".
    public var summary: String {
        switch self {
        case .real(let minimum, let maximum, let exclusive):
            return "real"
                + Self.rangeText(
                    minimum.isFinite ? "\(ParameterValue.number(minimum))" : nil,
                    maximum.isFinite ? "\(ParameterValue.number(maximum))" : nil,
                    exclusiveMinimum: exclusive)
        case .integer(let minimum, let maximum):
            return "integer"
                + Self.rangeText(
                    minimum == .min ? nil : "\(minimum)", maximum == .max ? nil : "\(maximum)",
                    exclusiveMinimum: false)
        case .boolean: return "boolean"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .text: return "text"
        }
    }

    private static func rangeText(_ low: String?, _ high: String?, exclusiveMinimum: Bool) -> String {
        switch (low, high) {
        case (let low?, let high?): return exclusiveMinimum ? " in (\(low), \(high)]" : " in [\(low), \(high)]"
        case (let low?, nil): return exclusiveMinimum ? " > \(low)" : " ≥ \(low)"
        case (nil, let high?): return " ≤ \(high)"
        case (nil, nil): return ""
        }
    }
}

/// One declared parameter of a component: name, type and range, default (nil means required), doc line.
public struct ParameterSpec: Sendable, Equatable {
    public let name: String
    public let kind: ParameterKind
    public let defaultValue: ParameterValue?
    public let summary: String
    /// How reports write it (a symbol, an axis title); nil: by its name.
    public let notation: ParameterNotation?

    public init(
        _ name: String, _ kind: ParameterKind, default defaultValue: ParameterValue?, _ summary: String,
        notation: ParameterNotation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        self.notation = notation
    }

    /// Checks `value` against the declared type and range; the error names the component and parameter.
    public func validate(_ value: ParameterValue, component: String) throws(ZooError) -> ParameterValue {
        let prefix = "\(component): parameter '\(name)'"
        switch (kind, value) {
        case (.real(let minimum, let maximum, let exclusive), .number(let number)):
            guard number.isFinite else { throw .usage("\(prefix) must be finite, got \(value)") }
            let tooLow = exclusive ? number <= minimum : number < minimum
            guard !tooLow, number <= maximum else {
                throw .usage(
                    "\(prefix) must be \(kind.summary.dropFirst(5).trimmingCharacters(in: .whitespaces)), got \(value)")
            }
            return value
        case (.integer(let minimum, let maximum), .number(let number)):
            guard number == number.rounded() else { throw .usage("\(prefix) must be a whole number, got \(value)") }
            guard abs(number) < 9e15 else {
                throw .usage(
                    "\(prefix) must be below 9e15 (\(kind.summary)), got \(value): far beyond any size that fits in memory"
                )
            }
            guard Int(number) >= minimum, Int(number) <= maximum else {
                throw .usage("\(prefix) must be \(kind.summary.dropFirst(8)), got \(value)")
            }
            return value
        case (.boolean, .boolean):
            return value
        case (.choice(let options), .word(let word)):
            guard options.contains(word) else {
                let hint = Suggestions.hint(for: word, among: options)
                throw .usage(
                    "\(prefix): got '\(word)'; expected one of \(options.joined(separator: ", "))"
                        + (hint.hasPrefix(" (did you mean") ? hint : ""))
            }
            return value
        case (.text, .word):
            return value
        case (.text, .number(let number)):
            return .word(ParameterValue.number(number).description)
        default:
            throw .usage("\(prefix) must be \(kind.summary), got \(value)")
        }
    }
}
