import ZooCore
import ZooLinalg
import ZooModels

// MARK: - fgsm

/// `fgsm`: the fast gradient sign method, one signed-gradient step of size α from δ = 0.
///
/// Threat model: ‖δ‖∞ ≤ α (`radius`). δ = α·sign(∇_δ loss(x)) (sign(0) = 0), with the loss of
/// `pgd-linf` (regression (f̂(x + δ) − t)² under the run's target convention; classification the
/// margin t·f̂(x + δ) pushed down). It is `pgd-linf` with one step of length α and one start, through
/// the same loop, so the worse of δ = 0 and the step is kept per point (the attack never lowers the
/// loss below the clean one). On a linear model the step is exactly `exact-linf`'s δ*.
/// Reference: Goodfellow, Shlens & Szegedy 2015, Explaining and Harnessing Adversarial Examples.
public struct FGSMAttack: Attack {
    public static let name = "fgsm"
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "α, the ℓ∞ radius and the step length", notation: .attackRadius)
    public static let parameters = [radius.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "δ = α·sign(∇_δ loss(x + δ) at δ = 0); loss (f̂(x+δ) − t)² (regression) or −t·f̂(x+δ) (classification); kept only where it does not lower the loss.",
        reference: "Goodfellow, Shlens & Szegedy 2015, Explaining and Harnessing Adversarial Examples.",
        notes: "Any model with an input gradient. One batched gradient; equals exact-linf on linear models.")
    public static let requirements: Set<Capability> = [.inputGradient]

    public let parameters: Parameters
    public let threatModel: ThreatModel

    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .linf, radius: parameters[Self.radius])
    }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        let loop = ProjectedGradientAscent(
            threatModel: threatModel, steps: 1, stepLength: threatModel.radius, restarts: 1)
        return .dense(
            try loop.run(
                model: model, inputs: inputs, predictions: predictions, target: target, task: task,
                seed: seed, attack: Self.name))
    }
}
