import ZooCore
import ZooLinalg
import ZooModels

// MARK: - pgd-linf

/// `pgd-linf`: projected signed-gradient ascent in the ℓ∞ ball, for any model with an input gradient.
///
/// Threat model: ‖δ‖∞ ≤ α (`radius`, an absolute bound per coordinate). Loss as `pgd-l2`: regression
/// (f̂(x + δ) − t)² under the run's target convention, classification the margin t·f̂(x + δ) pushed down
/// (a flipped sign is kept).
///
///     δ ← clamp_{[−α, α]}(δ + step·sign(g)),   g = ∇_δ loss(x + δ)   (sign(0) = 0),
///
/// for `steps` steps (default 50) of absolute length `step` per coordinate (default 0 = automatic,
/// 2.5·α/steps), from `restarts` starts (δ = 0 first, the others uniform in the cube). The worst iterate
/// is kept per point. A `step` larger than α is allowed (each step then jumps to a corner of the cube).
///
/// On a linear model sign(g) = ±sign(θ̂) at every step, so the iterate reaches `exact-linf`'s
/// δ* = ±α·sign(θ̂) after ⌈α/step⌉ steps. Reference: Madry et al. 2018.
public struct PGDLinfAttack: Attack {
    public static let name = "pgd-linf"
    /// `radius`, `steps`, `step` and `restarts`, shared with the other projected-gradient attack.
    public static let keys = ProjectedGradientAscent.Keys(norm: "ℓ∞")
    public static let parameters = keys.specs
    public static let documentation = ComponentDocumentation(
        definition:
            "δ ← clamp_{[−α, α]}(δ + step·sign(g)), g = ∇_δ loss(x + δ); loss (f̂(x+δ) − t)² (regression) or −t·f̂(x+δ) (classification); worst iterate kept per point over steps and restarts.",
        reference: "Madry et al. 2018, Towards Deep Learning Models Resistant to Adversarial Attacks.",
        notes:
            "Any model with an input gradient. step is absolute per coordinate (0: 2.5·radius/steps); a step above the radius is allowed. First start δ = 0, further restarts uniform in the cube. Reaches exact-linf on linear models."
    )
    public static let requirements: Set<Capability> = [.inputGradient]

    public let parameters: Parameters
    /// The loop the parameters describe, in the ball `threatModel`.
    public let loop: ProjectedGradientAscent
    public var threatModel: ThreatModel { loop.threatModel }

    public init(parameters: Parameters) {
        self.parameters = parameters
        loop = ProjectedGradientAscent(parameters: parameters, keys: Self.keys, norm: .linf)
    }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        .dense(
            try loop.run(
                model: model, inputs: inputs, predictions: predictions, target: target, task: task,
                seed: seed, attack: Self.name))
    }
}

// MARK: - Work, for the time guard

extension PGDLinfAttack: DeclaresAttackWork {
    /// Each step of each start evaluates the model and its input gradient on every test point: ≥ 2·m·d.
    public func estimatedAttackOperations(points m: Int, dimension d: Int) -> Double {
        2 * Double(loop.steps) * Double(loop.restarts) * Double(m) * Double(d)
    }
}
