// MARK: - Estimators

/// A learning rule, registered under kind `estimator`. `fit` returns a fitted model; the estimator
/// itself holds only its validated parameters.
public protocol Estimator: Component {
    /// Capabilities every model this estimator fits provides (checked by the conformance suite).
    static var capabilities: Set<Capability> { get }
    /// Whether the estimator interpolates the training data (fits it exactly), as its doc states.
    static var interpolates: Interpolation { get }
    /// For `interpolates == .dependsOnParameters`: arguments under which it does interpolate (n < d
    /// samples), e.g. `[("lambda", .number(0))]` for ridge; the conformance suite fits with them and
    /// checks the claim. Nil (the default) for the other cases.
    static var interpolatingArguments: [(key: String, value: ParameterValue)]? { get }
    /// Fits on `training`. `context` carries the seed, the task, the experiment's threat model where
    /// all its attacks share one (else nil), and a per-dataset cache that lets estimators sharing a
    /// dataset reuse one decomposition (`context.ridgePath(for:)`, `context.shared(_:_:)`).
    func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel
    /// Bytes a fit needs beyond the training data, for refusing impossible sizes before allocating
    /// (a requirement, so an estimator's own estimate is used through `any Estimator`).
    func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double
}

/// Whether an estimator fits its training data exactly.
public enum Interpolation: String, Sendable {
    case always = "interpolates"
    case never = "does not interpolate"
    /// Depends on parameters (e.g. ridge with λ = 0).
    case dependsOnParameters = "interpolates for some parameters"
}

// MARK: - Default implementations

extension Estimator {
    public static var interpolatingArguments: [(key: String, value: ParameterValue)]? { nil }

    /// Bytes a fit needs beyond the training data, for refusing impossible sizes before allocating.
    /// The default covers the Gram-matrix route of the linear estimators: a min(n, d)² Gram matrix and
    /// its eigenvectors, plus one n×d work copy.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        let small = Double(min(n, d))
        return 8 * (2 * small * small + Double(n) * Double(d))
    }
}
