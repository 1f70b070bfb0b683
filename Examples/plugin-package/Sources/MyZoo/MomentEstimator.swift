import ZooCore
import ZooLinalg

/// `moments`: the method-of-moments estimator θ̂ = scale·(1/n)·Xᵀy, f̂(x) = θ̂ᵀx.
///
/// Objective: none is minimised; θ̂ matches the empirical moment (1/n)Σ yᵢxᵢ to its population value
/// E[xy] = E[xxᵀ]θ*, so with isotropic inputs (E[xxᵀ] = I) and scale = 1 it is unbiased for θ*.
/// Conventions: rows of X are inputs, y the targets (±1 labels for classification, where it is the
/// difference of the class means when the classes are balanced). Never interpolates.
/// Default `scale=1`. Capabilities: linear weights, input gradient.
/// Reference: the method of moments (Pearson 1894); the matched filter of signal processing.
public struct MomentEstimator: Estimator {
    public static let name = "moments"
    public static let scale = ParameterKey<Double>(
        "scale", .real(minimum: 0, exclusiveMinimum: true), default: 1, "θ̂ is multiplied by this")
    public static let parameters = [scale.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "θ̂ = scale·(1/n)·Xᵀy, f̂(x) = θ̂ᵀx: the empirical moment E[xy], unbiased for θ* when E[xxᵀ] = I and scale = 1.",
        reference: "Method of moments (Pearson 1894).",
        notes: "Never interpolates; a template estimator for plugin packages.")
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient]
    public static let interpolates = Interpolation.never

    public let parameters: Parameters
    public let scale: Double

    /// Decodes every parameter once; nothing reads a parameter by name after construction.
    public init(parameters: Parameters) throws(ZooError) {
        self.parameters = parameters
        scale = parameters[Self.scale]
    }

    /// θ̂; the linear model's input gradient is θ̂ at every point.
    public struct Model: LinearModel, DifferentiableModel {
        public let weights: [Double]
        public init(weights: [Double]) { self.weights = weights }
        public func inputGradient(_ inputs: Matrix) -> Matrix { Matrix((0..<inputs.rows).map { _ in weights }) }
        public var diagnostics: [String: String] { ["solver": "moments"] }
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let factor = scale / Double(training.count)
        return Model(weights: training.features.multiply(training.targets, .transpose).map { factor * $0 })
    }
}
