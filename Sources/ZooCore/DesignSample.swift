import ZooLinalg

// MARK: - Samples whose X is a design matrix

/// A sample whose n×d features are a `DesignMatrix`, stored (`Matrix`) or streamed
/// (`StreamedGaussianDesign`, regenerated block by block on every pass instead of held: 32 GB at
/// n = 4000, d = 10⁶), with its n targets. The harness holds every cell's samples this way, so stored
/// and streamed cells share one code path; a streamed sample is drawn by Gaussian data models for the
/// cells whose stored X would not fit in memory, or on request (`--design streamed`), and its X equals
/// the stored draw's bit for bit.
public struct DesignSample: Sendable {
    public let design: any DesignMatrix
    public let targets: [Double]

    public init(design: any DesignMatrix, targets: [Double]) {
        precondition(design.rows == targets.count, "DesignSample: \(design.rows) rows but \(targets.count) targets")
        self.design = design
        self.targets = targets
    }

    /// A stored sample's X and targets (validated when the dataset was built).
    public init(_ dataset: Dataset) {
        design = dataset.features
        targets = dataset.targets
    }

    /// Number of samples n.
    public var count: Int { design.rows }
    /// Input dimension d.
    public var dimension: Int { design.columns }
    /// The sample as a `Dataset` when X is stored; nil when it is streamed.
    public var stored: Dataset? {
        design.storedMatrix.map { Dataset(generatedFeatures: $0, targets: targets) }
    }
}

/// A test sample whose X is a `DesignMatrix`, with the ground truth where the data model knows it.
public struct DesignTestSample: Sendable {
    public let data: DesignSample
    /// f*(x) at the clean test points (nil for real data, which has no f*).
    public let signal: [Double]?
    /// θ* when f* is linear, so f*(x + δ) = θ*ᵀ(x + δ) (needed for the `consistent` target).
    public let linearTruth: [Double]?

    public init(data: DesignSample, signal: [Double]?, linearTruth: [Double]?) {
        self.data = data
        self.signal = signal
        self.linearTruth = linearTruth
    }

    /// A stored test sample.
    public init(_ test: TestSample) {
        self.init(data: DesignSample(test.data), signal: test.signal, linearTruth: test.linearTruth)
    }
}

// MARK: - Drawing

/// A data model whose draws can also come with X streamed (the linear-Gaussian models): the same points
/// as `drawTraining`/`drawTest`, X never stored. The harness draws through `drawTraining(size:seed:streamed:)`
/// and `drawTest(size:seed:trainingSize:streamed:)`, which call these for a streamed cell.
public protocol StreamingDataModel: DataModel {
    /// The training sample `drawTraining(size:seed:)` draws, with X a `StreamedGaussianDesign`.
    func drawStreamedTraining(size: Int, seed: UInt64) throws(ZooError) -> DesignSample
    /// The test sample `drawTest(size:seed:)` draws, with X a `StreamedGaussianDesign`.
    func drawStreamedTest(size: Int, seed: UInt64) throws(ZooError) -> DesignTestSample
}

extension DataModel {
    /// The training sample for (size, seed), X stored or, when `streamed`, regenerated block by block
    /// (a `StreamingDataModel` only: others are refused with a usage error naming the data model).
    public func drawTraining(size: Int, seed: UInt64, streamed: Bool) throws(ZooError) -> DesignSample {
        guard streamed else { return DesignSample(try drawTraining(size: size, seed: seed)) }
        return try streaming(self).drawStreamedTraining(size: size, seed: seed)
    }

    /// The test sample that goes with the training sample of size `trainingSize` for `seed`, X stored
    /// (`drawTest(size:seed:trainingSize:)`) or streamed (`StreamingDataModel.drawStreamedTest`).
    public func drawTest(size: Int, seed: UInt64, trainingSize: Int, streamed: Bool) throws(ZooError)
        -> DesignTestSample
    {
        guard streamed else {
            return DesignTestSample(try drawTest(size: size, seed: seed, trainingSize: trainingSize))
        }
        return try streaming(self).drawStreamedTest(size: size, seed: seed)
    }

    private func streaming(_ data: any DataModel) throws(ZooError) -> any StreamingDataModel {
        guard let streaming = data as? any StreamingDataModel else {
            throw .usage(
                "\(data.spec) cannot regenerate X block by block (it is not a StreamingDataModel): draw X stored")
        }
        return streaming
    }
}

// MARK: - Fitting

/// An estimator whose fit needs only a design matrix's products (`DesignMatrix`: the Gram matrix and a
/// few products with X and Xᵀ), returning a linear model, so it fits stored and streamed samples with
/// one `fit(design:context:)`; its `fit(_:context:)` on a `Dataset` is that fit. The harness refuses a
/// streamed run whose estimators are not all streaming, naming those that are.
public protocol StreamingEstimator: Estimator {
    /// The model on `training`, whatever holds its X (streamed fits agree with stored ones to rounding).
    func fit(design training: DesignSample, context: FitContext) throws(ZooError) -> any LinearModel
}

extension StreamingEstimator {
    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        try fit(design: DesignSample(training), context: context)
    }
}

extension Estimator {
    /// The harness's one fit: a `StreamingEstimator` fits any design; the others fit the stored
    /// `Dataset`, and a streamed sample is refused with a usage error naming the estimator.
    public func fit(_ training: DesignSample, context: FitContext) throws(ZooError) -> any FittedModel {
        if let streaming = self as? any StreamingEstimator {
            return try streaming.fit(design: training, context: context)
        }
        guard let stored = training.stored else {
            throw .usage("\(spec) cannot fit a streamed design (it needs the stored X)")
        }
        return try fit(stored, context: context)
    }
}

// MARK: - Attacking

/// An attack whose perturbations follow from the model and its predictions alone (the exact attacks on
/// linear models: δᵢ = sᵢ·u), so it applies to a streamed test sample, whose inputs are never stored.
/// It implements only this `perturbations`; the `Attack` requirement with inputs forwards to it.
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

extension Attack {
    /// The harness's one attack: perturbations of the test inputs `inputs` (stored or streamed) of a
    /// model fitted on `training`. A `PredictionOnlyAttack` needs neither X; the others get the stored
    /// inputs and the model as they see it (`view(of:trainedOn:)`), and a streamed sample is refused
    /// with a usage error naming the attack.
    public func perturbations(
        model: any FittedModel, inputs: any DesignMatrix, trainedOn training: DesignSample,
        predictions: [Double], target: AttackTarget, task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        if let predictionOnly = self as? any PredictionOnlyAttack {
            return try predictionOnly.perturbations(
                model: model, predictions: predictions, target: target, task: task, seed: seed)
        }
        guard let storedInputs = inputs.storedMatrix, let storedTraining = training.stored else {
            throw .usage("\(spec) cannot attack a streamed test sample (it needs the stored inputs)")
        }
        return try perturbations(
            model: view(of: model, trainedOn: storedTraining), inputs: storedInputs, predictions: predictions,
            target: target, task: task, seed: seed)
    }
}
