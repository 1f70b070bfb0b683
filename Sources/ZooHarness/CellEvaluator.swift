import Foundation
import ZooCore
import ZooLinalg

// MARK: - One sample, every estimator × attack

/// Fits and attacks on one drawn sample, producing result rows (docs/conventions.md §5, §7). The
/// perturbations of stored inputs, the ball check and the risks are `TestPointEvaluation`'s.
struct CellEvaluator {
    let plan: ExperimentPlan
    let sample: CellSample
    let n: Int
    let seed: UInt64

    /// A fitted model with what every attack on it shares: predictions and training error.
    struct Fitted {
        let model: any FittedModel
        let seconds: Double
        /// Regression: the mean squared training error; classification: the 0–1 training error.
        let trainingError: Double
        /// f̂ at the clean test points.
        let testPredictions: [Double]
    }

    /// Fits every estimator, then predicts on the training and test inputs. The linear models'
    /// predictions come from one pass over X for all of them (`Matrix.multiplyEach`), whose every column
    /// is computed exactly as it would be alone, so a row never depends on which other estimators share
    /// the run (the same holds for the shared ridge path, whose basis and routes depend only on (X, y, λ)).
    func fitAll(_ estimators: [any Estimator], context: FitContext) throws(ZooError) -> [Fitted] {
        var models = [(model: any FittedModel, seconds: Double)]()
        for estimator in estimators {
            let start = DispatchTime.now()
            do throws(ZooError) {
                models.append((try sample.fit(estimator, context: context), Self.seconds(since: start)))
            } catch {
                throw error.withContext("cell seed=\(seed) n=\(n), fitting \(estimator.spec)")
            }
        }
        let (trainPredictions, testPredictions) = try sample.predictions(models.map(\.model))
        var fitted = [Fitted]()
        for (index, entry) in models.enumerated() {
            let predictions = trainPredictions[index]
            guard predictions.count == n, predictions.allSatisfy(\.isFinite),
                testPredictions[index].allSatisfy(\.isFinite)
            else {
                throw .numerical("\(estimators[index].spec) produced non-finite predictions (n=\(n), seed=\(seed))")
            }
            fitted.append(
                Fitted(
                    model: entry.model, seconds: entry.seconds,
                    trainingError: plan.data.task == .classification
                        ? Risks.signError(predictions, labels: sample.trainingTargets)
                        : Risks.meanSquaredError(predictions, sample.trainingTargets),
                    testPredictions: testPredictions[index]))
        }
        return fitted
    }

    /// f̂(inputs) for every model; linear models (even a single one) go through `multiplyEach` (one pass
    /// over a streamed X), so each model's predictions are bit-identical alone or in company. The others
    /// need the stored inputs.
    static func predictAll(_ models: [any FittedModel], _ inputs: any DesignMatrix) throws(ZooError) -> [[Double]] {
        var result = [[Double]](repeating: [], count: models.count)
        var linear = [(index: Int, weights: [Double])]()
        for (index, model) in models.enumerated() {
            if let model = model as? any LinearModel, model.weights.count == inputs.columns {
                linear.append((index, model.weights))
            } else if let stored = inputs.storedMatrix {
                result[index] = model.predict(stored)
            } else {
                throw .numerical("a model fitted on a streamed design must be linear with \(inputs.columns) weights")
            }
        }
        if !linear.isEmpty {
            let predictions = inputs.multiplyEach(linear.map(\.weights))
            for (column, entry) in linear.enumerated() { result[entry.index] = predictions[column] }
        }
        return result
    }

    func evaluate(_ fitted: Fitted, estimator: any Estimator, attack: any Attack) throws(ZooError) -> ResultRow {
        let experiment = plan.experiment
        let task = plan.data.task
        let target = try attackTarget(task: task)
        let attackSeed = StableHash.combine(seed, UInt64(n), estimator.stableHash, attack.stableHash)

        let start = DispatchTime.now()
        let delta: Perturbations
        do throws(ZooError) {
            delta = try sample.perturbations(
                attack, model: fitted.model, predictions: fitted.testPredictions,
                target: target, task: task, seed: attackSeed)
        } catch {
            throw error.withContext("cell seed=\(seed) n=\(n), \(attack.spec) on \(estimator.spec)")
        }
        let attackSeconds = Self.seconds(since: start)
        let norms = try TestPointEvaluation.checkBall(
            delta, attack: attack, count: sample.testCount, dimension: sample.dimension)
        let maxNorm = norms.max() ?? 0

        let linear = fitted.model as? any LinearModel
        let adversarial: [Double]
        if let linear {
            adversarial = delta.linearValues(weights: linear.weights, clean: fitted.testPredictions)
        } else {
            adversarial = fitted.model.predict(delta.applied(to: try sample.storedTestInputs(for: estimator)))
        }
        let cleanTargets = target.cleanValues
        let adversarialTargets = target.values(perturbedBy: delta)

        var row = ResultRow(
            data: plan.data.spec, estimator: estimator.spec, attack: attack.spec, target: plan.targetName,
            n: n, d: sample.dimension, seed: seed, task: task, diagnostics: sample.annotated(fitted.model.diagnostics))
        row[task == .classification ? .trainError : .trainMSE] = fitted.trainingError
        row[.weightNorm] =
            linear.map { PerturbationNorm.l2.dualNorm($0.weights) }
            ?? (fitted.model as? any OutputWeightsModel).map { PerturbationNorm.l2.dualNorm($0.outputWeights) }
        if let linear {
            row[.inputGradientNorm] = linear.weights.reduce(0) { $0 + $1 * $1 }
        } else if let differentiable = fitted.model as? any DifferentiableModel {
            let gradients = differentiable.inputGradient(try sample.storedTestInputs(for: estimator))
            row[.inputGradientNorm] = gradients.elements.reduce(0) { $0 + $1 * $1 } / Double(max(gradients.rows, 1))
        }
        row[.maxPerturbation] = maxNorm
        row[.fitSeconds] = experiment.recordTimings ? fitted.seconds : nil
        row[.attackSeconds] = experiment.recordTimings ? attackSeconds : nil
        // Exact values only for a linear model, and only for the ball the attack declares as its own.
        let exactThreat = linear == nil ? nil : attack.exactRiskThreatModel
        switch task {
        case .regression:
            row[.standardRisk] = Risks.meanSquaredError(fitted.testPredictions, cleanTargets)
            row[.adversarialRisk] = Risks.meanSquaredError(adversarial, adversarialTargets)
            if let linear, let exactThreat,
                let population = (plan.data as? any GaussianPopulationModel)?.population(forSeed: seed)
            {
                let exact = Risks.exactLinear(
                    weights: linear.weights, population: population,
                    threat: exactThreat, target: experiment.target)
                row[.standardRiskExact] = exact.standard
                row[.adversarialRiskExact] = exact.adversarial
            }
        case .classification:
            row[.cleanError] = Risks.signError(fitted.testPredictions, labels: cleanTargets)
            row[.robustError] = Risks.signError(adversarial, labels: adversarialTargets)
            if type(of: attack).robustErrorIsLowerBound { row.labels[ResultMetric.robustErrorBoundColumn] = "lower" }
            if let linear, let exactThreat {
                row[.robustErrorExact] = Risks.exactLinearRobustError(
                    weights: linear.weights, scores: fitted.testPredictions,
                    labels: cleanTargets, threat: exactThreat)
            }
        }
        try certify(
            &row, fitted: fitted, estimator: estimator, attack: attack, target: target,
            adversarial: adversarial, adversarialTargets: adversarialTargets)
        return row
    }

    /// The target convention as the attack sees it.
    private func attackTarget(task: Task) throws(ZooError) -> AttackTarget {
        if task == .classification { return .fixed(sample.testTargets) }
        switch plan.experiment.target {
        case .clean: return .fixed(sample.testSignal ?? sample.testTargets)
        case .label: return .fixed(sample.testTargets)
        case .consistent:
            // ExperimentPlan refuses `consistent` where the data model's f* is not linear; a data
            // model that claims it and returns no θ* is a bug, reported instead of a degenerate target.
            guard let truth = sample.linearTruth, let signal = sample.testSignal else {
                throw .invalidData(
                    "\(plan.data.spec) returned no linear ground truth θ*, which the consistent target needs")
            }
            return .linear(weights: truth, clean: signal)
        }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
