// MARK: - Capabilities

/// What a fitted model offers beyond predictions; attacks and exact risks require some of them.
public enum Capability: String, Sendable, CaseIterable, Comparable {
    /// Linear weights θ̂ with f̂(x) = θ̂ᵀx (`LinearModel`): exact attacks, exact population risks.
    case linearWeights = "linear-weights"
    /// The input gradient ∇ₓf̂(x) (`DifferentiableModel`): gradient attacks such as PGD.
    case inputGradient = "input-gradient"
    /// A kernel k(x, x′) (`KernelModel`).
    case kernel
    /// Access to the training points (`TrainingPointsModel`): nearest-flip.
    case trainingPoints = "training-points"
    /// A certified interval of f̂ over a perturbation ball (`BallBoundedModel`): the `*_upper` columns.
    case outputBounds = "output-bounds"

    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `model` actually provides this capability.
    public func isProvided(by model: any FittedModel) -> Bool {
        switch self {
        case .linearWeights: return model is any LinearModel
        case .inputGradient: return model is any DifferentiableModel
        case .kernel: return model is any KernelModel
        case .trainingPoints: return model is any TrainingPointsModel
        case .outputBounds: return model is any BallBoundedModel
        }
    }
}

/// The kind of prediction task.
public enum Task: String, ParameterChoice {
    /// Real-valued targets, squared loss.
    case regression
    /// Labels ±1, prediction sign f̂(x), 0–1 loss.
    case classification
}
