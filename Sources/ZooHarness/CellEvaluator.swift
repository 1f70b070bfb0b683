import Foundation
import ZooCore
import ZooLinalg

// MARK: - One sample, every estimator × attack

/// Fits and attacks on one drawn sample, producing result rows (CONVENTIONS §5, §7).
struct CellEvaluator {
    let plan: ExperimentPlan
    let training: Dataset
    let test: TestSample
    let n: Int
    let seed: UInt64

    /// A fitted model with what every attack on it shares: predictions and training error.
    struct Fitted {
        let model: any FittedModel
        let seconds: Double
        let trainMSE: Double
        /// f̂ at the clean test points.
        let testPredictions: [Double]
    }

    /// Relative slack allowed on the ball constraint before an attack is declared faulty.
    static let ballSlack = 1e-12

    /// Fits every estimator, then predicts on the training and test inputs; the linear models'
    /// predictions come from one matrix product each (X·[θ̂₁ … θ̂ₖ]) rather than k passes over X.
    func fitAll(_ estimators: [any Estimator], context: FitContext) throws(ZooError) -> [Fitted] {
        var models = [(model: any FittedModel, seconds: Double)]()
        for estimator in estimators {
            let start = DispatchTime.now()
            models.append((try estimator.fit(training, context: context), Self.seconds(since: start)))
        }
        let trainPredictions = Self.predictAll(models.map(\.model), training.features)
        let testPredictions = Self.predictAll(models.map(\.model), test.data.features)
        var fitted = [Fitted]()
        for (index, entry) in models.enumerated() {
            let predictions = trainPredictions[index]
            guard predictions.count == n, predictions.allSatisfy(\.isFinite), testPredictions[index].allSatisfy(\.isFinite) else {
                throw .numerical("\(estimators[index].spec) produced non-finite predictions (n=\(n), seed=\(seed))")
            }
            fitted.append(Fitted(model: entry.model, seconds: entry.seconds,
                                 trainMSE: Risks.meanSquaredError(predictions, training.targets),
                                 testPredictions: testPredictions[index]))
        }
        return fitted
    }

    /// f̂(inputs) for every model; linear models share one GEMM.
    static func predictAll(_ models: [any FittedModel], _ inputs: Matrix) -> [[Double]] {
        var result = [[Double]](repeating: [], count: models.count)
        let linear = models.indices.filter { models[$0] is any LinearModel }
        if linear.count > 1 {
            let weights = Matrix(linear.map { (models[$0] as! any LinearModel).weights })
            let predictions = Matrix.multiply(inputs, .none, weights, .transpose)
            for (column, index) in linear.enumerated() { result[index] = predictions.column(column) }
        }
        for index in models.indices where result[index].isEmpty {
            result[index] = models[index].predict(inputs)
        }
        return result
    }

    func evaluate(_ fitted: Fitted, estimator: any Estimator, attack: any Attack) throws(ZooError) -> ResultRow {
        let experiment = plan.experiment
        let task = plan.data.task
        let inputs = test.data.features
        let target = attackTarget(task: task)
        let attackSeed = StableHash.combine(seed, UInt64(n), StableHash.of(estimator.spec), StableHash.of(attack.spec))

        let start = DispatchTime.now()
        let delta = try attack.perturbations(model: attack.view(of: fitted.model, trainedOn: training), inputs: inputs,
                                             predictions: fitted.testPredictions,
                                             target: target, task: task, seed: attackSeed)
        let attackSeconds = Self.seconds(since: start)
        let maxNorm = try checkBall(delta, attack: attack)

        let linear = fitted.model as? any LinearModel
        let adversarial = linear.map { delta.linearValues(weights: $0.weights, clean: fitted.testPredictions) }
            ?? fitted.model.predict(delta.applied(to: inputs))
        let cleanTargets = target.cleanValues
        let adversarialTargets = target.values(perturbedBy: delta)

        var row = ResultRow(
            data: plan.data.spec, estimator: estimator.spec, attack: attack.spec,
            target: task == .classification ? "label" : experiment.target.rawValue,
            n: n, d: inputs.columns, seed: seed, task: task, trainMSE: fitted.trainMSE,
            weightNorm: linear.map { PerturbationNorm.l2.dualNorm($0.weights) }, maxPerturbation: maxNorm,
            fitSeconds: experiment.recordTimings ? fitted.seconds : nil,
            attackSeconds: experiment.recordTimings ? attackSeconds : nil)
        switch task {
        case .regression:
            row.standardRisk = Risks.meanSquaredError(fitted.testPredictions, cleanTargets)
            row.adversarialRisk = Risks.meanSquaredError(adversarial, adversarialTargets)
            if let linear, let population = plan.data.population(forSeed: seed) {
                let exact = Risks.exactLinear(weights: linear.weights, population: population,
                                              threat: attack.threatModel, target: experiment.target)
                row.standardRiskExact = exact.standard
                row.adversarialRiskExact = exact.adversarial
            }
        case .classification:
            row.cleanError = Risks.signError(fitted.testPredictions, labels: cleanTargets)
            row.robustError = Risks.signError(adversarial, labels: adversarialTargets)
        }
        return row
    }

    /// The target convention as the attack sees it.
    private func attackTarget(task: Task) -> AttackTarget {
        if task == .classification { return .fixed(test.data.targets) }
        switch plan.experiment.target {
        case .clean: return .fixed(test.signal ?? test.data.targets)
        case .label: return .fixed(test.data.targets)
        case .consistent: return .linear(weights: test.linearTruth ?? [], clean: test.signal ?? [])
        }
    }

    /// Checks every perturbation lies in the attack's ball (with `ballSlack`) and returns the largest norm.
    private func checkBall(_ delta: Perturbations, attack: any Attack) throws(ZooError) -> Double {
        let threat = attack.threatModel
        guard delta.count == test.data.count, delta.dimension == test.data.dimension else {
            throw .numerical("\(attack.spec) returned \(delta.count) perturbations of dimension \(delta.dimension), expected \(test.data.count) of dimension \(test.data.dimension)")
        }
        let largest = delta.norms(in: threat.norm).max() ?? 0
        guard largest.isFinite, largest <= threat.radius * (1 + Self.ballSlack) else {
            throw .numerical("\(attack.spec) left its \(threat.norm.rawValue) ball: perturbation norm \(largest) > radius \(threat.radius)")
        }
        return largest
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
