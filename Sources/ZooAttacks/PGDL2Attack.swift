import ZooCore
import ZooLinalg
import ZooModels

// MARK: - pgd-l2

/// `pgd-l2`: projected gradient ascent in the ℓ₂ ball, for any model with an input gradient.
///
/// Threat model: ‖δ‖₂ ≤ α (`radius`, an absolute length). Regression: maximise (f̂(x + δ) − t)² with
/// the target convention of the run (`clean`/`label`: t fixed; `consistent`: t = θ*ᵀ(x + δ));
/// classification (labels ±1): minimise the margin t·f̂(x + δ), a flipped sign is kept.
///
///     δ ← Π_{‖δ‖₂ ≤ α}(δ + step·g/‖g‖₂),   g = ∇_δ loss(x + δ),
///
/// for `steps` steps (default 50) of absolute length `step` (default 0 = automatic, 2.5·α/steps), from
/// `restarts` starts (default 1: δ = 0 first, the others uniform in the ball, seeded by the attack
/// seed). The worst case (largest loss) over all iterates and starts is kept per point
/// (`ProjectedGradientAscent`). A `step` larger than α is allowed: the first step then lands on the
/// sphere ‖δ‖₂ = α and later ones move along it in coarse jumps.
///
/// On a linear model f̂(x) = θ̂ᵀx the ascent direction is ±θ̂/‖θ̂‖₂ at every step, so the iterate reaches
/// `exact-l2`'s δ* after ⌈α/step⌉ steps (20 with the defaults). All test points are attacked together:
/// each step is one batched gradient and one batched prediction at X + Δ.
/// Reference: Madry, Makelov, Schmidt, Tsipras & Vladu 2018, Towards Deep Learning Models Resistant to
/// Adversarial Attacks.
public struct PGDL2Attack: ProjectedGradientAttack {
    public static let name = "pgd-l2"
    /// `radius`, `steps`, `step` and `restarts`, shared with the other projected-gradient attack.
    public static let keys = ProjectedGradientAscent.Keys(norm: "ℓ₂")
    public static let parameters = keys.specs
    public static let documentation = ComponentDocumentation(
        definition:
            "δ ← Π_{‖δ‖₂ ≤ α}(δ + step·g/‖g‖₂), g = ∇_δ loss(x + δ); loss (f̂(x+δ) − t)² (regression) or −t·f̂(x+δ) (classification); worst iterate kept per point over steps and restarts.",
        reference: "Madry et al. 2018, Towards Deep Learning Models Resistant to Adversarial Attacks.",
        notes:
            "Any model with an input gradient. step is absolute (0: 2.5·radius/steps); a step above the radius is allowed. First start δ = 0, further restarts uniform in the ball. Reaches exact-l2 on linear models."
    )
    public static let requirements: Set<Capability> = [.inputGradient]

    public let parameters: Parameters
    /// The loop the parameters describe, in the ball `threatModel` (perturbations and work estimate:
    /// `ProjectedGradientAttack`).
    public let loop: ProjectedGradientAscent

    public init(parameters: Parameters) {
        self.parameters = parameters
        loop = ProjectedGradientAscent(parameters: parameters, keys: Self.keys, norm: .l2)
    }
}
