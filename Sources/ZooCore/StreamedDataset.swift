import ZooLinalg

// MARK: - Samples too large to hold

/// A sample whose n×d features are a `StreamedGaussianDesign`, regenerated block by block on every
/// pass instead of stored (32 GB at n = 4000, d = 10⁶; the design itself holds a few numbers), with its
/// n targets. Drawn by Gaussian data models for the cells where the stored X would not fit in memory, or
/// on request (`--design streamed`); its X equals the stored draw's bit for bit.
public struct StreamedDataset: Sendable {
    public let design: StreamedGaussianDesign
    public let targets: [Double]

    public init(design: StreamedGaussianDesign, targets: [Double]) {
        precondition(design.rows == targets.count, "StreamedDataset: \(design.rows) rows but \(targets.count) targets")
        self.design = design
        self.targets = targets
    }

    /// Number of samples n.
    public var count: Int { design.rows }
    /// Input dimension d.
    public var dimension: Int { design.columns }
}

/// A streamed test sample with its ground truth: f*(x) at the clean points and θ* (the streaming data
/// models are linear-Gaussian, so both are known).
public struct StreamedTestSample: Sendable {
    public let data: StreamedDataset
    public let signal: [Double]
    public let linearTruth: [Double]

    public init(data: StreamedDataset, signal: [Double], linearTruth: [Double]) {
        self.data = data
        self.signal = signal
        self.linearTruth = linearTruth
    }
}

// MARK: - Data models that stream

/// A data model whose draws can also come as streamed samples (the linear-Gaussian models): the same
/// points as `drawTraining`/`drawTest`, X never stored.
public protocol StreamingDataModel: DataModel {
    /// The training sample `drawTraining(size:seed:)` draws, streamed.
    func drawStreamedTraining(size: Int, seed: UInt64) throws(ZooError) -> StreamedDataset
    /// The test sample `drawTest(size:seed:)` draws, streamed.
    func drawStreamedTest(size: Int, seed: UInt64) throws(ZooError) -> StreamedTestSample
}

// MARK: - Estimators that fit streamed samples

/// An estimator that can also fit a streamed sample, returning a linear model (every pass over X is a
/// regeneration, so the estimator must need only a few: the Gram matrix and one Xᵀz per solution).
/// The harness refuses a streamed run whose estimators are not all streaming, naming those that are.
public protocol StreamingEstimator: Estimator {
    /// The same model as `fit(_:context:)` on the stored sample, to rounding.
    func fit(streamed training: StreamedDataset, context: FitContext) throws(ZooError) -> any LinearModel
}

// MARK: - Attacks that need no inputs

/// An attack whose perturbations follow from the model and its predictions alone (the exact attacks on
/// linear models: δᵢ = sᵢ·u), so it applies to a streamed test sample, whose inputs are never stored.
public protocol PredictionOnlyAttack: Attack {
    func perturbations(
        model: any FittedModel, predictions: [Double], target: AttackTarget, task: Task,
        seed: UInt64
    ) throws(ZooError) -> Perturbations
}

extension PredictionOnlyAttack {
    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        try perturbations(model: model, predictions: predictions, target: target, task: task, seed: seed)
    }
}
