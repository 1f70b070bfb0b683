import ZooCore
import ZooLinalg

// MARK: - exact-l2

/// `exact-l2`: the exact worst case in the ℓ₂ ball for a linear model f̂(x) = θ̂ᵀx.
///
/// Threat model: ‖δ‖₂ ≤ α (`radius`, an absolute length). Regression: maximise
/// (θ̂ᵀ(x + δ) − t)² = (|θ̂ᵀx − t| + α‖θ̂‖₂)², attained at δ* = α·sign(θ̂ᵀx − t)·θ̂/‖θ̂‖₂ (sign(0) = +1).
/// With the `consistent` target t(x + δ) = θ*ᵀ(x + δ) the same holds with θ̂ − θ* in place of θ̂.
/// Classification (labels ±1): δ* = −α·t·θ̂/‖θ̂‖₂ minimises the margin t·θ̂ᵀ(x + δ).
/// Requires linear weights. Reference: Hao & Zhang 2024 (docs/conventions.md §4).
public struct ExactL2Attack: PredictionOnlyAttack {
    public static let name = "exact-l2"
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "α, the ℓ₂ radius of the perturbation ball", notation: .attackRadius)
    public static let parameters = [radius.spec]
    public static let documentation = ComponentDocumentation(
        definition: "max_{‖δ‖₂ ≤ α} (θ̂ᵀ(x+δ) − t)² = (|θ̂ᵀx − t| + α‖θ̂‖₂)², δ* = α·sign(θ̂ᵀx − t)·θ̂/‖θ̂‖₂.",
        reference: "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness.",
        notes: "Linear models only. Exact: no random δ in the ball beats it.")
    public static let requirements: Set<Capability> = [.linearWeights]

    public let parameters: Parameters
    public let threatModel: ThreatModel

    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .l2, radius: parameters[Self.radius])
    }

    public func perturbations(
        model: any FittedModel, predictions: [Double], target: AttackTarget, task: Task,
        seed: UInt64
    ) throws(ZooError) -> Perturbations {
        let direction = try LinearAttackDirection(model: model, target: target, attack: Self.name)
        let norm = Vectors.norm2(direction.vector)
        let unit = norm > 0 ? direction.vector.map { $0 / norm } : direction.vector
        return direction.perturbations(
            predictions: predictions, target: target, task: task,
            step: unit, radius: threatModel.radius)
    }
}
