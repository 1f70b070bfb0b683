import ZooCore
import ZooLinalg

// MARK: - A faulty attack, for the checks that catch one

/// `broken-outside-ball`: moves every test point twice its ℓ₂ radius along the first coordinate, so
/// it leaves its ball at test point 1. The harness, `zoo attack` and the conformance suite must refuse it.
public struct OutsideBallAttack: Attack {
    public static let name = "broken-outside-ball"
    public static let radius = ParameterKey<Double>("radius", .real(minimum: 0), default: 0.1, "ℓ₂ radius")
    public static let parameters = [radius.spec]
    public static let documentation = ComponentDocumentation(definition: "δ = 2r·e₁", reference: "test fixture")
    public static let requirements: Set<Capability> = []
    public let parameters: Parameters
    public let threatModel: ThreatModel

    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .l2, radius: parameters[Self.radius])
    }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        var delta = Matrix(rows: inputs.rows, columns: inputs.columns)
        for i in 0..<inputs.rows { delta[i, 0] = 2 * threatModel.radius }
        return .dense(delta)
    }
}
