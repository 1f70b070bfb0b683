import ZooCore
import ZooLinalg

// MARK: - exact-linf

/// `exact-linf`: the exact worst case in the ℓ∞ ball for a linear model f̂(x) = θ̂ᵀx.
///
/// Threat model: ‖δ‖∞ ≤ α (`radius`, an absolute per-coordinate bound). Regression: maximise
/// (θ̂ᵀ(x + δ) − t)² = (|θ̂ᵀx − t| + α‖θ̂‖₁)², attained at δ* = α·sign(θ̂ᵀx − t)·sign(θ̂)
/// (sign(0) = +1 for the residual, 0 for a zero weight). With the `consistent` target the same holds
/// with θ̂ − θ* in place of θ̂. Classification: δ* = −α·t·sign(θ̂).
/// Requires linear weights. Reference: Hao & Zhang 2024 (docs/conventions.md §4).
public struct ExactLinfAttack: PredictionOnlyAttack {
    public static let name = "exact-linf"
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "α, the ℓ∞ radius of the perturbation ball", notation: .attackRadius)
    public static let parameters = [radius.spec]
    public static let documentation = ComponentDocumentation(
        definition: "max_{‖δ‖∞ ≤ α} (θ̂ᵀ(x+δ) − t)² = (|θ̂ᵀx − t| + α‖θ̂‖₁)², δ* = α·sign(θ̂ᵀx − t)·sign(θ̂).",
        reference: "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness.",
        notes: "Linear models only. Exact: no random δ in the ball beats it.")
    public static let requirements: Set<Capability> = [.linearWeights]

    public let parameters: Parameters
    public let threatModel: ThreatModel

    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .linf, radius: parameters[Self.radius])
    }

    public func perturbations(
        model: any FittedModel, predictions: [Double], target: AttackTarget, task: Task,
        seed: UInt64
    ) throws(ZooError) -> Perturbations {
        let direction = try LinearAttackDirection(model: model, target: target, attack: Self.name)
        let signs = direction.vector.map { $0 > 0 ? 1.0 : ($0 < 0 ? -1.0 : 0.0) }
        return direction.perturbations(
            predictions: predictions, target: target, task: task,
            step: signs, radius: threatModel.radius)
    }
}
