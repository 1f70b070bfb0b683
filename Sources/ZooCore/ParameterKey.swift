// MARK: - Typed parameter declarations

/// A Swift type a parameter decodes to: `Double`, `Int`, `Bool`, `String`, or a `ParameterChoice` enum.
public protocol ParameterDecodable: Sendable {
    /// The value of a parameter already validated against a kind this type `fits`; any other value is a
    /// programming error (the key's kind and type disagree).
    init(decoding value: ParameterValue)
    /// The value as it appears in a spec (a default, an argument).
    var parameterValue: ParameterValue { get }
    /// Whether a parameter of `kind` always validates to a value this type decodes.
    static func fits(_ kind: ParameterKind) -> Bool
}

/// A parameter whose values are a fixed set of words: an enum with `String` raw values, its cases in
/// the order `zoo describe` lists them.
public protocol ParameterChoice: ParameterDecodable, RawRepresentable, CaseIterable where RawValue == String {}

/// One declared parameter bound to the Swift type it decodes to: the `ParameterSpec` (name, kind,
/// default, doc line) and the typed read of a resolved value.
///
/// A component declares each parameter once, as a static key, builds its `parameters` declarations from
/// the keys and decodes every value into a stored field in `init(parameters:)`:
///
/// ```swift
/// public static let lambda = ParameterKey<Double>("lambda", .real(minimum: 0), default: 0.01, "λ ≥ 0")
/// public static let parameters = [lambda.spec]
/// public let lambda: Double
///
/// public init(parameters: Parameters) {
///     self.parameters = parameters
///     lambda = parameters[Self.lambda]
/// }
/// ```
public struct ParameterKey<Value: ParameterDecodable>: Sendable {
    /// The declaration this key reads.
    public let spec: ParameterSpec

    /// The parameter's name, as in specs.
    public var name: String { spec.name }

    /// A parameter `name` of `kind` (which `Value` must fit), with `defaultValue` (nil: required) and,
    /// for headings, axes and claims, its `notation` (nil: the name).
    public init(
        _ name: String, _ kind: ParameterKind, default defaultValue: Value?, _ summary: String,
        notation: ParameterNotation? = nil
    ) {
        precondition(Value.fits(kind), "parameter '\(name)': \(kind.summary) does not decode to \(Value.self)")
        spec = ParameterSpec(name, kind, default: defaultValue?.parameterValue, summary, notation: notation)
    }

    /// `name=value`, as an argument to `Component.make` (for example in `interpolatingArguments`).
    public func argument(_ value: Value) -> (key: String, value: ParameterValue) { (name, value.parameterValue) }
}

extension ParameterKey where Value: ParameterChoice {
    /// A choice among `Value`'s cases, listed in declaration order.
    public init(_ name: String, default defaultValue: Value?, _ summary: String, notation: ParameterNotation? = nil) {
        self.init(name, .choice(Value.allCases.map(\.rawValue)), default: defaultValue, summary, notation: notation)
    }
}

extension Parameters {
    /// The value of the parameter `key` declares, decoded to its type.
    public subscript<Value>(key: ParameterKey<Value>) -> Value { Value(decoding: self[key.name]) }
}

// MARK: - The decodable types

extension Double: ParameterDecodable {
    public init(decoding value: ParameterValue) {
        guard case .number(let number) = value else { preconditionFailure("\(value) is not a number") }
        self = number
    }
    public var parameterValue: ParameterValue { .number(self) }
    public static func fits(_ kind: ParameterKind) -> Bool {
        if case .real = kind { return true }
        return false
    }
}

extension Int: ParameterDecodable {
    public init(decoding value: ParameterValue) { self = Int(Double(decoding: value)) }
    public var parameterValue: ParameterValue { .number(Double(self)) }
    public static func fits(_ kind: ParameterKind) -> Bool {
        if case .integer = kind { return true }
        return false
    }
}

extension Bool: ParameterDecodable {
    public init(decoding value: ParameterValue) {
        guard case .boolean(let flag) = value else { preconditionFailure("\(value) is not a boolean") }
        self = flag
    }
    public var parameterValue: ParameterValue { .boolean(self) }
    public static func fits(_ kind: ParameterKind) -> Bool { kind == .boolean }
}

extension String: ParameterDecodable {
    public init(decoding value: ParameterValue) {
        guard case .word(let text) = value else { preconditionFailure("\(value) is not text") }
        self = text
    }
    public var parameterValue: ParameterValue { .word(self) }
    public static func fits(_ kind: ParameterKind) -> Bool {
        switch kind {
        case .text, .choice: return true
        default: return false
        }
    }
}

extension ParameterChoice {
    public init(decoding value: ParameterValue) {
        guard case .word(let word) = value, let choice = Self(rawValue: word) else {
            preconditionFailure("\(value) is not one of \(Self.allCases.map(\.rawValue))")
        }
        self = choice
    }
    public var parameterValue: ParameterValue { .word(rawValue) }
    public static func fits(_ kind: ParameterKind) -> Bool { kind == .choice(allCases.map(\.rawValue)) }
}
