import ZooCore

// MARK: - The parameters' notation, from their declarations

/// The declared notation (`ParameterSpec.notation`) of every registered component's parameters: what
/// figure headings, axis titles and claims call a parameter. The report asks this table and never
/// matches a parameter's name; a parameter without a notation (or a component it does not know) is
/// written by its name.
public struct ParameterNotations: Sendable {
    private var notations: [String: ParameterNotation] = [:]

    /// No notations: every parameter by its name.
    public init() {}

    /// The notations the registry's components declare.
    public init(registry: Registry) {
        self.init(components: registry.components.map { ($0.kind, $0.name, $0.type.parameters) })
    }

    /// The notations the given components' parameters declare.
    public init(components: [(kind: ComponentKind, name: String, parameters: [ParameterSpec])]) {
        for component in components {
            for parameter in component.parameters {
                guard let notation = parameter.notation else { continue }
                notations[Self.key(component.kind, component.name, parameter.name)] = notation
            }
        }
    }

    private static func key(_ kind: ComponentKind, _ component: String, _ parameter: String) -> String {
        [kind.rawValue, component, parameter].joined(separator: "\u{1F}")
    }

    /// The declared notation of `parameter` of the `kind` component `component`, nil if none.
    public func notation(of parameter: String, component: String, kind: ComponentKind) -> ParameterNotation? {
        notations[Self.key(kind, component, parameter)]
    }

    /// The symbol in headings, point labels and claims: the declared one (`λ`), else the name.
    public func symbol(of parameter: String, component: String, kind: ComponentKind) -> String {
        notation(of: parameter, component: component, kind: kind)?.symbol ?? parameter
    }

    /// The title of an axis along the parameter: the declared one, else `name (component)`.
    public func axisTitle(of parameter: String, component: String, kind: ComponentKind) -> String {
        notation(of: parameter, component: component, kind: kind)?.axisTitle(component: component)
            ?? "\(parameter) (\(component))"
    }
}
