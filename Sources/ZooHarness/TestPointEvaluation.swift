import ZooCore
import ZooLinalg

// MARK: - One attack at given test points

/// One attack on one fitted model at stored test points, point by point: the harness's evaluation of a
/// cell for test points a caller supplies (`zoo attack` evaluates the user's CSV files with it).
///
/// It is the cell's evaluation (`ExperimentRunner`): the attack sees the model as it requires
/// (`Attack.perturbations(model:inputs:trainedOn:…)`), every perturbation is checked to lie in the attack's ball with the
/// harness's slack (`ballSlack`), the targets follow the `AttackTarget` convention and the risks are
/// `Risks`' (docs/conventions.md §5). The adversarial predictions are f̂(xᵢ + δᵢ); a cell of a linear
/// model computes the same values as θ̂ᵀxᵢ + θ̂ᵀδᵢ (equal up to rounding, cheaper for a rank-one δ).
/// Check the pair first with `checkPair(estimator:attack:task:data:registry:)`.
public struct TestPointEvaluation: Sendable {
    public let task: Task
    /// f̂(xᵢ) and f̂(xᵢ + δᵢ).
    public let clean: [Double]
    public let adversarial: [Double]
    /// The targets at the clean and at the perturbed points (`AttackTarget`).
    public let cleanTargets: [Double]
    public let adversarialTargets: [Double]
    /// ‖δᵢ‖ in the attack's norm (each checked to be within its radius).
    public let perturbationNorms: [Double]

    /// Relative slack allowed on the ball constraint before an attack is declared faulty.
    public static let ballSlack = 1e-12

    /// Attacks `model` (fitted on `training`) at `inputs` (one point per row) with `seed`.
    public init(
        model: any FittedModel, trainedOn training: Dataset, attack: any Attack, inputs: Matrix,
        target: AttackTarget, task: Task, seed: UInt64
    ) throws(ZooError) {
        let clean = model.predict(inputs)
        // The attack's one entry point, as in a cell: it sees the model as it requires.
        let delta = try attack.perturbations(
            model: model, inputs: inputs, trainedOn: DesignSample(training), predictions: clean, target: target,
            task: task, seed: seed)
        perturbationNorms = try Self.checkBall(delta, attack: attack, count: inputs.rows, dimension: inputs.columns)
        self.task = task
        self.clean = clean
        adversarial = model.predict(delta.applied(to: inputs))
        cleanTargets = target.cleanValues
        adversarialTargets = target.values(perturbedBy: delta)
    }

    /// The largest perturbation norm (the rows' `max_perturbation`).
    public var largestPerturbation: Double { perturbationNorms.max() ?? 0 }
    /// Each point's loss (squared error; 0–1 error for classification) at the clean and perturbed points.
    public var losses: [Double] { Risks.pointLosses(clean, cleanTargets, task: task) }
    public var adversarialLosses: [Double] { Risks.pointLosses(adversarial, adversarialTargets, task: task) }
    /// The mean losses: the rows' `standard_risk` and `adversarial_risk` (`clean_error`, `robust_error`).
    public var standardRisk: Double { Risks.meanLoss(clean, cleanTargets, task: task) }
    public var adversarialRisk: Double { Risks.meanLoss(adversarial, adversarialTargets, task: task) }

    // MARK: The steps a cell shares

    /// Refuses an attack that cannot attack the estimator's models (a required capability is missing)
    /// or does not apply to `task` data (`data` names the data in the message).
    public static func checkPair(
        estimator: any Estimator, attack: any Attack, task: Task, data: String, registry: Registry
    ) throws(ZooError) {
        try ExperimentPlan.checkCompatibility(
            estimators: [estimator], attacks: [attack], registry: registry, task: task)
        try ExperimentPlan.checkTasks(attacks: [attack], task: task, data: data)
    }

    /// Checks there is one perturbation per test point, each in the attack's ball (with `ballSlack`),
    /// and returns their norms.
    static func checkBall(_ delta: Perturbations, attack: any Attack, count: Int, dimension: Int) throws(ZooError)
        -> [Double]
    {
        let threat = attack.threatModel
        guard delta.count == count, delta.dimension == dimension else {
            throw .numerical(
                "\(attack.spec) returned \(delta.count) perturbations of dimension \(delta.dimension), expected \(count) of dimension \(dimension)"
            )
        }
        let norms = delta.norms(in: threat.norm)
        let bound = threat.radius * (1 + ballSlack)
        if let point = norms.firstIndex(where: { !($0.isFinite && $0 <= bound) }) {
            throw .numerical(
                "\(attack.spec) left its \(threat.norm.rawValue) ball at test point \(point + 1): perturbation norm \(norms[point]) > radius \(threat.radius)"
            )
        }
        return norms
    }
}
