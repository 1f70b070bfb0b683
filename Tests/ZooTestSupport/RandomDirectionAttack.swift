import Foundation
import ZooCore
import ZooLinalg

/// `toy-random-direction`: δᵢ = r·gᵢ/‖gᵢ‖₂ with gᵢ ~ N(0, I_d), one random direction per test point on
/// the ℓ₂ sphere of radius r, whatever the model. Not a worst case over the ball, and it says so:
/// `exactRiskThreatModel` is nil, so the harness reports no exact and no theory columns beside it (they
/// would be the ℓ₂ worst case, 10–25× above what this attack achieves). Needs predictions only; both
/// tasks. Fixture for the attack author's path (README "Adding an attack").
public struct ToyRandomDirectionAttack: Attack {
    public static let name = "toy-random-direction"
    public static let radius = ParameterKey<Double>("radius", .real(minimum: 0), default: 0.1, "ℓ₂ radius r")
    public static let parameters = [radius.spec]
    public static let documentation = ComponentDocumentation(
        definition: "δᵢ = r·gᵢ/‖gᵢ‖₂, gᵢ ~ N(0, I)", reference: "test fixture")
    public static let requirements: Set<Capability> = []
    public let parameters: Parameters
    public let threatModel: ThreatModel
    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .l2, radius: parameters[Self.radius])
    }
    /// Not the worst case over its ball: no exact or theory values beside it.
    public var exactRiskThreatModel: ThreatModel? { nil }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        var directions = Matrix.standardNormal(rows: inputs.rows, columns: inputs.columns, seed: seed, stream: 77)
        let radius = threatModel.radius
        for row in 0..<directions.rows {
            let norm = sqrt((0..<directions.columns).reduce(0.0) { $0 + directions[row, $1] * directions[row, $1] })
            for column in 0..<directions.columns { directions[row, column] *= norm > 0 ? radius / norm : 0 }
        }
        return .dense(directions)
    }
}
