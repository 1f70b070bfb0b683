import ZooCore
import ZooLinalg

/// `random-l2`: the random-noise baseline, δᵢ = radius·gᵢ/‖gᵢ‖₂ with gᵢ ~ N(0, I_d), a uniformly random
/// direction on the ℓ₂ sphere of the attack's radius, one per test point.
///
/// Threat model: ‖δ‖₂ ≤ radius (attained). It looks at neither the model nor the target, so it needs no
/// capability and applies to both tasks. It is not the worst case over its ball and says so
/// (`exactRiskThreatModel` nil: no exact or theory columns beside it); run `exact-l2` at the same
/// radius in the same experiment to see how much worse an adversary is than noise.
/// Seeded: the same seed gives the same directions. Default `radius=0.1`.
/// Reference: Fawzi, Moosavi-Dezfooli & Frossard 2016, Robustness of classifiers: from adversarial to
/// random noise.
public struct RandomL2Attack: Attack {
    public static let name = "random-l2"
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "ℓ₂ norm of every perturbation")
    public static let parameters = [radius.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "δᵢ = radius·gᵢ/‖gᵢ‖₂, gᵢ ~ N(0, I_d) seeded: a uniformly random direction on the ℓ₂ sphere of the radius.",
        reference:
            "Fawzi, Moosavi-Dezfooli & Frossard 2016, Robustness of classifiers: from adversarial to random noise.",
        notes: "Needs no capability; a template attack for plugin packages.")
    public static let requirements: Set<Capability> = []

    public let parameters: Parameters
    public let threatModel: ThreatModel

    public init(parameters: Parameters) throws(ZooError) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .l2, radius: parameters[Self.radius])
    }

    /// Not a worst case over the ball: the harness reports no exact or theory values beside it.
    public var exactRiskThreatModel: ThreatModel? { nil }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        var delta = Matrix.standardNormal(
            rows: inputs.rows, columns: inputs.columns, seed: seed, stream: 0x72_616E_646F_6D)
        let radius = threatModel.radius
        for i in 0..<delta.rows {
            let norm = delta.row(i).withUnsafeBufferPointer { Vectors.norm2($0) }
            // A zero draw has probability 0; it is left at δ = 0, inside the ball.
            let factor = norm > 0 ? radius / norm : 0
            for j in 0..<delta.columns { delta[i, j] *= factor }
        }
        return .dense(delta)
    }
}
