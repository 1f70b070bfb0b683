import ZooLinalg

// MARK: - Fitted models

/// A trained predictor: what `Estimator.fit` returns.
public protocol FittedModel: Sendable {
    /// f̂ at every row of `inputs` (for classifiers, a real score whose sign is the label).
    func predict(_ inputs: Matrix) -> [Double]
    /// Facts about the fit worth reporting (solver used, rank, iterations), as key–value text.
    var diagnostics: [String: String] { get }
}

extension FittedModel {
    public var diagnostics: [String: String] { [:] }

    /// The capabilities this model actually provides.
    public var providedCapabilities: Set<Capability> {
        Set(Capability.allCases.filter { $0.isProvided(by: self) })
    }
}

/// A model f̂(x) = θ̂ᵀx with its weights (capability `linear-weights`).
public protocol LinearModel: FittedModel {
    /// θ̂, one weight per input coordinate.
    var weights: [Double] { get }
}

extension LinearModel {
    public func predict(_ inputs: Matrix) -> [Double] { inputs.multiply(weights) }
}

/// A model that can report ∇ₓf̂(x) (capability `input-gradient`).
public protocol DifferentiableModel: FittedModel {
    /// Row i of the result is ∇ₓf̂ at row i of `inputs`.
    func inputGradient(_ inputs: Matrix) -> Matrix
    /// f̂ and ∇ₓf̂ at every row of `inputs` in one call (what a gradient attack needs at each step).
    /// The default calls `predict` and `inputGradient`; models whose two share work (a network's
    /// pre-activations, a kernel's cross Gram matrix) override it to compute that work once.
    func predictionsAndInputGradients(_ inputs: Matrix) -> (predictions: [Double], gradients: Matrix)
}

extension DifferentiableModel {
    public func predictionsAndInputGradients(_ inputs: Matrix) -> (predictions: [Double], gradients: Matrix) {
        (predict(inputs), inputGradient(inputs))
    }
}

/// A kernel model f̂(x) = k(x, X)α (capability `kernel`).
public protocol KernelModel: FittedModel {
    /// The kernel matrix k(a_i, b_j).
    func kernel(_ a: Matrix, _ b: Matrix) -> Matrix
}

/// A model that remembers its training points (capability `training-points`).
public protocol TrainingPointsModel: FittedModel {
    var trainingSet: Dataset { get }
}
