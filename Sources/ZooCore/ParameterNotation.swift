// MARK: - How a parameter is written in figures and claims

/// How reports write a parameter, declared with it (`ParameterSpec.notation`): the symbol of the papers
/// in headings, point labels and claims, and the title of a figure's axis along it. Reports ask for it
/// and never match a parameter's name; a parameter without one is written by its name.
public struct ParameterNotation: Sendable, Equatable {
    /// The symbol in headings, point labels and claims (`λ`); nil: the parameter's name.
    public let symbol: String?
    /// The axis title of a figure along the parameter; `{component}` stands for the component's name
    /// (`λ ({component} penalty, log scale)`; a linear axis drops ", log scale").
    public let axis: String

    public init(symbol: String? = nil, axis: String) {
        self.symbol = symbol
        self.axis = axis
    }

    /// The axis title for a component.
    public func axisTitle(component: String) -> String {
        axis.replacingOccurrences(of: "{component}", with: component)
    }

    // MARK: Common notations

    /// A ridge penalty λ.
    public static let penalty = ParameterNotation(symbol: "λ", axis: "λ ({component} penalty, log scale)")
    /// An attack's budget α.
    public static let attackRadius = ParameterNotation(axis: "radius α (attack budget, {component})")
    /// A radius α that is not an attack's (a training adversary's, a data model's).
    public static let radius = ParameterNotation(axis: "radius α ({component})")
    /// The input dimension d.
    public static let inputDimension = ParameterNotation(axis: "d (input dimension)")
    /// The number N of random features.
    public static let randomFeatures = ParameterNotation(axis: "N (random features)")
    /// The label-flip probability η.
    public static let labelFlip = ParameterNotation(axis: "η (label flip probability)")
    /// A network's hidden units.
    public static let hiddenUnits = ParameterNotation(axis: "width (hidden units)")
    // The gradient methods' `lr` has no notation on purpose: it is the step relative to the curvature,
    // not the step η itself (η = lr/λ_max), so reports write it as `lr`.
}
