import ZooCore
import ZooLinalg

// MARK: - One cell's training and test samples

/// The samples a cell evaluates on: stored (X in memory) or streamed (X regenerated block by block,
/// `ExperimentPlan.streamedSizes`). Everything the evaluator does with X goes through here, so a row is
/// computed the same way for both, up to rounding in the streamed products.
enum CellSample {
    case stored(training: Dataset, test: TestSample)
    case streamed(training: StreamedDataset, test: StreamedTestSample)

    var trainingTargets: [Double] {
        switch self {
        case .stored(let training, _): return training.targets
        case .streamed(let training, _): return training.targets
        }
    }

    var testTargets: [Double] {
        switch self {
        case .stored(_, let test): return test.data.targets
        case .streamed(_, let test): return test.data.targets
        }
    }

    /// f*(x) at the clean test points, where known.
    var testSignal: [Double]? {
        switch self {
        case .stored(_, let test): return test.signal
        case .streamed(_, let test): return test.signal
        }
    }

    /// θ* when f* is linear.
    var linearTruth: [Double]? {
        switch self {
        case .stored(_, let test): return test.linearTruth
        case .streamed(_, let test): return test.linearTruth
        }
    }

    var testCount: Int { testTargets.count }

    /// The input dimension d.
    var dimension: Int {
        switch self {
        case .stored(_, let test): return test.data.dimension
        case .streamed(_, let test): return test.data.dimension
        }
    }

    /// A row's diagnostics with, for a streamed cell, `design` = `streamed(block=B)` (B columns per
    /// block), so every row says how X was held.
    func annotated(_ diagnostics: [String: String]) -> [String: String] {
        guard case .streamed(let training, _) = self else { return diagnostics }
        var result = diagnostics
        result["design"] = "streamed(block=\(training.design.blockWidth))"
        return result
    }

    // MARK: Fitting and predicting

    /// Fits `estimator`; a streamed sample needs a `StreamingEstimator` (checked by the plan, so a
    /// failure here is an internal error, reported rather than trapped).
    func fit(_ estimator: any Estimator, context: FitContext) throws(ZooError) -> any FittedModel {
        switch self {
        case .stored(let training, _):
            return try estimator.fit(training, context: context)
        case .streamed(let training, _):
            guard let streaming = estimator as? any StreamingEstimator else {
                throw .usage("\(estimator.spec) cannot fit a streamed design (it needs the stored X)")
            }
            return try streaming.fit(streamed: training, context: context)
        }
    }

    /// f̂ on the training and the test inputs for every model. Linear models go through one batched
    /// product per sample (`Matrix.multiplyEach`, or one streaming pass), so each model's predictions
    /// are the same alone or in company.
    func predictions(_ models: [any FittedModel]) throws(ZooError) -> (training: [[Double]], test: [[Double]]) {
        switch self {
        case .stored(let training, let test):
            return (
                CellEvaluator.predictAll(models, training.features),
                CellEvaluator.predictAll(models, test.data.features)
            )
        case .streamed(let training, let test):
            var weights = [[Double]]()
            for model in models {
                guard let linear = model as? any LinearModel, linear.weights.count == training.dimension else {
                    throw .numerical(
                        "a model fitted on a streamed design must be linear with \(training.dimension) weights")
                }
                weights.append(linear.weights)
            }
            return (training.design.multiplyEach(weights), test.data.design.multiplyEach(weights))
        }
    }

    /// The attack's perturbations of the test inputs: with the inputs when stored, from the model and its
    /// predictions alone when streamed (`PredictionOnlyAttack`, checked by the plan).
    func perturbations(
        _ attack: any Attack, model: any FittedModel, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        switch self {
        case .stored(let training, let test):
            return try TestPointEvaluation.perturbations(
                attack, model: model, trainedOn: training, inputs: test.data.features, predictions: predictions,
                target: target, task: task, seed: seed)
        case .streamed:
            guard let predictionOnly = attack as? any PredictionOnlyAttack else {
                throw .usage("\(attack.spec) cannot attack a streamed test sample (it needs the stored inputs)")
            }
            return try predictionOnly.perturbations(
                model: model, predictions: predictions, target: target, task: task, seed: seed)
        }
    }

    /// The stored test inputs, for evaluating a non-linear model at x + δ (never needed when streamed:
    /// streamed models are linear).
    func storedTestInputs(for estimator: any Estimator) throws(ZooError) -> Matrix {
        guard case .stored(_, let test) = self else {
            throw .numerical("\(estimator.spec): a non-linear model on a streamed test sample")
        }
        return test.data.features
    }
}
