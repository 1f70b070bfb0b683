import ZooCore
import ZooLinalg

// MARK: - One cell's training and test samples

/// The samples a cell evaluates on, each X a `DesignMatrix`: stored, or streamed (regenerated block by
/// block, `ExperimentPlan.streamedSizes`). Everything the evaluator does with X goes through the design's
/// products, so a row is computed the same way for both, up to rounding in the streamed products; what
/// needs the stored X (a non-linear model's predictions, an attack that reads the inputs) asks for it
/// and is refused on a streamed sample (the plan refuses such components up front).
struct CellSample {
    let training: DesignSample
    let test: DesignTestSample

    /// Draws the cell (seed, n): X stored, or streamed when the plan streams n. `tests` holds the seed's
    /// test samples by storage (streamed or not), each drawn once and shared by every n unless the data
    /// model's test sample depends on the training size.
    static func draw(
        plan: ExperimentPlan, n: Int, seed: UInt64, tests: inout [Bool: DesignTestSample]
    ) throws(ZooError) -> CellSample {
        let data = plan.data
        let streamed = plan.streams(n)
        if data.testDependsOnTrainingSize || tests[streamed] == nil {
            tests[streamed] = try data.drawTest(
                size: plan.experiment.testSize, seed: seed, trainingSize: n, streamed: streamed)
        }
        return CellSample(
            training: try data.drawTraining(size: n, seed: seed, streamed: streamed), test: tests[streamed]!)
    }

    var trainingTargets: [Double] { training.targets }
    var testTargets: [Double] { test.data.targets }
    /// f*(x) at the clean test points, where known.
    var testSignal: [Double]? { test.signal }
    /// θ* when f* is linear.
    var linearTruth: [Double]? { test.linearTruth }
    var testCount: Int { test.data.count }
    /// The input dimension d.
    var dimension: Int { test.data.dimension }

    /// A row's diagnostics with, for a streamed cell, `design` = `streamed(block=B)` (B columns per
    /// block), so every row says how X was held.
    func annotated(_ diagnostics: [String: String]) -> [String: String] {
        guard let storage = training.design.storageDiagnostic else { return diagnostics }
        var result = diagnostics
        result["design"] = storage
        return result
    }

    // MARK: Fitting and predicting

    /// Fits `estimator` (`Estimator.fit(_:context:)` on a `DesignSample`).
    func fit(_ estimator: any Estimator, context: FitContext) throws(ZooError) -> any FittedModel {
        try estimator.fit(training, context: context)
    }

    /// f̂ on the training and the test inputs for every model. Linear models go through one batched
    /// product per sample (`DesignMatrix.multiplyEach`: one pass when streamed), so each model's
    /// predictions are the same alone or in company.
    func predictions(_ models: [any FittedModel]) throws(ZooError) -> (training: [[Double]], test: [[Double]]) {
        (
            try CellEvaluator.predictAll(models, training.design),
            try CellEvaluator.predictAll(models, test.data.design)
        )
    }

    /// The attack's perturbations of the test inputs (`Attack.perturbations(model:inputs:trainedOn:…)`).
    func perturbations(
        _ attack: any Attack, model: any FittedModel, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        try attack.perturbations(
            model: model, inputs: test.data.design, trainedOn: training, predictions: predictions,
            target: target, task: task, seed: seed)
    }

    /// The stored test inputs, for evaluating a non-linear model at x + δ (never needed when streamed:
    /// streamed models are linear).
    func storedTestInputs(for estimator: any Estimator) throws(ZooError) -> Matrix {
        guard let inputs = test.data.design.storedMatrix else {
            throw .numerical("\(estimator.spec): a non-linear model on a streamed test sample")
        }
        return inputs
    }
}
