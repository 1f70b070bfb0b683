import ZooLinalg

// MARK: - Attacks

/// The norm of a perturbation ball.
public enum PerturbationNorm: String, Sendable {
    case l2, linf

    /// ‖v‖ in this norm.
    public func norm(_ v: UnsafeBufferPointer<Double>) -> Double {
        switch self {
        case .l2: return Vectors.norm2(v)
        case .linf: return Vectors.normInf(v)
        }
    }

    /// The dual norm ‖v‖_* (ℓ2 for ℓ2, ℓ1 for ℓ∞): max over the unit ball of vᵀδ.
    public func dualNorm(_ v: [Double]) -> Double {
        switch self {
        case .l2: return Vectors.norm2(v)
        case .linf: return Vectors.norm1(v)
        }
    }
}

/// The adversary's budget: perturbations δ with ‖δ‖ ≤ radius in `norm`.
public struct ThreatModel: Sendable, Equatable {
    public let norm: PerturbationNorm
    public let radius: Double
    public init(norm: PerturbationNorm, radius: Double) {
        self.norm = norm
        self.radius = radius
    }
}

/// What the adversary's loss is measured against at a perturbed point x + δ (docs/conventions.md §5).
public enum AttackTarget: Sendable {
    /// A fixed target per test point: f*(x) (`clean`) or the label y (`label`).
    case fixed([Double])
    /// t(x + δ) = wᵀ(x + δ), the ground truth at the perturbed point (`consistent`, linear f*);
    /// `clean` holds wᵀxᵢ at the unperturbed inputs.
    case linear(weights: [Double], clean: [Double])

    /// t at the unperturbed inputs.
    public var cleanValues: [Double] {
        switch self {
        case .fixed(let targets): return targets
        case .linear(_, let clean): return clean
        }
    }

    /// t at the perturbed inputs xᵢ + δᵢ.
    public func values(perturbedBy perturbations: Perturbations) -> [Double] {
        switch self {
        case .fixed(let targets): return targets
        case .linear(let weights, let clean):
            return perturbations.linearValues(weights: weights, clean: clean)
        }
    }
}

extension Attack {
    public var exactRiskThreatModel: ThreatModel? { threatModel }
    public static var robustErrorIsLowerBound: Bool { false }
}

/// An adversary, registered under kind `attack`: for each test input it returns the perturbation δ
/// it found within its ball. Regression attacks maximise (f̂(x + δ) − t)²; classification attacks
/// push sign f̂(x + δ) away from t.
public protocol Attack: Component {
    /// Capabilities the model must provide.
    static var requirements: Set<Capability> { get }
    /// The tasks the attack applies to (default: both); the harness refuses other data up front.
    static var supportedTasks: Set<Task> { get }
    /// The ball the attack searches.
    var threatModel: ThreatModel { get }
    /// The ball whose exact worst case the harness may report beside this attack's result (the
    /// `*_exact` columns, for linear models): by default the attack's own `threatModel`, so beside a
    /// non-exact attack (PGD, FGSM) the exact value for the same norm and radius shows how far the
    /// attack is from optimal. Return nil when the attack is not a worst case over a norm ball (a
    /// random direction, a transfer attack): the exact *and* theory columns are then null beside it,
    /// tables and figures show only its Monte-Carlo values, and the conformance suite checks exactly
    /// that (docs/adding-components.md, "Adding an attack"). (A requirement, so an override is used through `any Attack`.)
    var exactRiskThreatModel: ThreatModel? { get }
    /// Whether the robust error this attack yields is a certified **lower bound** on the true robust
    /// error (every reported flip is a point where the model was evaluated, but flips may be missed),
    /// as for `nearest-flip`. Default false. The harness marks such rows (`robust_error_bound` =
    /// `lower`), so tables and reports print "≥".
    static var robustErrorIsLowerBound: Bool { get }
    /// One perturbation per row of `inputs`, each within the ball. `predictions` holds f̂ at every
    /// input (the caller has them already; attacks must not recompute them).
    func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations
}

// MARK: - Default implementations

extension Attack {
    public static var supportedTasks: Set<Task> { [.regression, .classification] }

    /// The model as this attack sees it: paired with its training set (`TrainingSetView`) when the
    /// attack requires training points the model does not remember, otherwise the model itself.
    public func view(of model: any FittedModel, trainedOn training: Dataset) -> any FittedModel {
        guard Self.requirements.contains(.trainingPoints), !(model is any TrainingPointsModel) else { return model }
        return TrainingSetView(model: model, trainingSet: training)
    }
}
