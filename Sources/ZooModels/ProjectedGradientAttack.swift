import ZooCore
import ZooLinalg

// MARK: - An attack that is one projected-gradient loop

/// An attack whose perturbations are its `ProjectedGradientAscent` loop run on the model (`pgd-l2`,
/// `pgd-linf`): the threat model, the perturbations and the work estimate are the loop's, written once
/// here. A conforming attack declares its parameters, documentation and the loop its parameters build.
public protocol ProjectedGradientAttack: Attack, DeclaresAttackWork {
    /// The loop the parameters describe, in the ball `threatModel`.
    var loop: ProjectedGradientAscent { get }
}

extension ProjectedGradientAttack {
    public var threatModel: ThreatModel { loop.threatModel }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        .dense(
            try loop.run(
                model: model, inputs: inputs, predictions: predictions, target: target, task: task,
                seed: seed, attack: Self.name))
    }

    /// Each step of each start evaluates the model and its input gradient on every test point: ≥ 2·m·d.
    public func estimatedAttackOperations(points m: Int, dimension d: Int) -> Double {
        2 * Double(loop.steps) * Double(loop.restarts) * Double(m) * Double(d)
    }
}
