// MARK: - Components

/// What kind of component a registry entry is.
public enum ComponentKind: String, Sendable, CaseIterable, Codable {
    case data, estimator, attack
}

/// The prose a component shows in `zoo describe`: its exact definition (objective or threat model,
/// with every convention), whether it interpolates, and the paper it comes from.
public struct ComponentDocumentation: Sendable {
    public let definition: String
    public let reference: String
    public let notes: String

    public init(definition: String, reference: String, notes: String = "") {
        self.definition = definition
        self.reference = reference
        self.notes = notes
    }
}

/// Requirements shared by every registered component.
///
/// Construction only validates and stores parameters (`init(parameters:)`); all work happens later
/// (`fit`, `draw`, `perturbations`). `spec` is the full canonical spec with every parameter.
public protocol Component: Sendable {
    /// The registry name, kebab-case (`ridge`, `exact-l2`).
    static var name: String { get }
    /// Declared parameters with types, ranges, defaults and one-line docs.
    static var parameters: [ParameterSpec] { get }
    /// Definition, reference and notes for `zoo describe`.
    static var documentation: ComponentDocumentation { get }
    /// Stores validated parameters; throws `ZooError.usage` for values the component cannot accept
    /// beyond the declared ranges.
    init(parameters: Parameters) throws(ZooError)
    /// The parameters this instance was built with.
    var parameters: Parameters { get }
}

// MARK: - Default implementations

extension Component {
    /// The full canonical spec, e.g. `ridge(lambda=0.01)`.
    public var spec: String { parameters.canonicalSpec(name: Self.name) }

    /// Builds an instance from parsed arguments, validating them against the declarations.
    public static func make(_ arguments: [(key: String, value: ParameterValue)] = []) throws(ZooError) -> Self {
        try Self(parameters: Parameters.resolve(arguments, against: parameters, component: name))
    }
}
