import Foundation

// MARK: - Data models

/// A distribution of (x, y) pairs, or a real data set, registered under kind `data`.
///
/// The test sample depends on the seed only and the training sample on the seed and its size, so a
/// sweep over n draws each seed's test points once and shares them across n (fewer random draws,
/// smoother risk curves).
public protocol DataModel: Component {
    /// Regression or classification.
    var task: Task { get }
    /// The input dimension d, when known before drawing.
    var dimension: Int? { get }
    /// Whether the data model knows f* (false for real data): targets `clean` and `consistent` need it.
    var hasGroundTruth: Bool { get }
    /// Whether f* is linear, f*(x) = θ*ᵀx, with θ* returned as `TestSample.linearTruth`: the
    /// `consistent` target t = f*(x + δ) needs it, and the harness refuses `consistent` up front,
    /// naming the data model, where it is false (the default; the Gaussian models say true).
    var linearTruthAvailable: Bool { get }
    /// Draws `size` test points for `seed`; the same seed gives the same bits on every thread count.
    /// Real data sets fix their own test size.
    func drawTest(size: Int, seed: UInt64) throws(ZooError) -> TestSample
    /// Whether the test sample depends on the training size as well as the seed: real data standardised
    /// by the training sample's statistics (`csv`, `idx`). The harness then draws the test sample per
    /// (seed, n) with `drawTest(size:seed:trainingSize:)` instead of once per seed. Default: false.
    var testDependsOnTrainingSize: Bool { get }
    /// The test sample that goes with the training sample of size `trainingSize` for `seed` (the same
    /// test rows for every n, transformed by that training sample's statistics). Default:
    /// `drawTest(size:seed:)`.
    func drawTest(size: Int, seed: UInt64, trainingSize: Int) throws(ZooError) -> TestSample
    /// Draws `size` training points for `seed`; real data sets refuse a size larger than they hold.
    func drawTraining(size: Int, seed: UInt64) throws(ZooError) -> Dataset
    /// Bytes the draws need for these sizes (for refusing impossible requests before allocating).
    func estimatedBytes(trainingSize: Int, testSize: Int) -> Double
    /// Refuses, before any cell runs, a training size the data model can never provide (a real data
    /// set's pool is smaller than n), with `ZooError.invalidData` naming the source. Default: every
    /// size is possible.
    func checkTrainingSize(_ n: Int) throws(ZooError)
    /// The files the data model reads (a real data set's, as given in the spec), which no output of a run
    /// may overwrite and whose digests a run's fingerprint records. Commands ask this, never a type name.
    /// Default: none.
    var sourceFiles: [String] { get }
    /// Whether the test sample's size is the data model's own (a real data set's held-out fraction), so an
    /// experiment's test size is not used; descriptions of a run then leave it out. A declaration of the
    /// type, so it can be asked of a spec's registered component without constructing it. Default: false.
    static var fixesTestSize: Bool { get }
}

// MARK: - Capabilities

/// A data model whose draws come from a linear-Gaussian population it knows (capability): x ~ N(0, Σ),
/// Σ diagonal, y = xᵀθ* + ξ. The harness reports exact population risks of linear models on it, and
/// theory builds its curves from it; both ask for this protocol, never a name.
public protocol GaussianPopulationModel: DataModel {
    /// The population behind the draws for `seed` (θ* may depend on the seed).
    func population(forSeed seed: UInt64) -> GaussianPopulation
}

/// A data model whose labels come from equal-mass, label-pure balls with flipped training labels
/// (capability): theory columns use the structure for Sanyal et al.'s bound.
public protocol LabelNoiseBallModel: DataModel {
    /// |ζ|, η and ρ of the balls behind the draws.
    var labelNoiseBalls: LabelNoiseBalls { get }
}

/// Equal-mass, label-pure balls with training labels flipped at rate η (Sanyal et al. 2021,
/// Theorem 1): an interpolator of m training points has expected robust error at radius 2ρ of at
/// least 1 − (1 − η/|ζ|)^m.
public struct LabelNoiseBalls: Sendable, Equatable {
    /// |ζ|, the number of balls.
    public let count: Int
    /// η, the probability that a training label is flipped.
    public let flipRate: Double
    /// ρ, the radius of every ball.
    public let radius: Double

    public init(count: Int, flipRate: Double, radius: Double) {
        self.count = count
        self.flipRate = flipRate
        self.radius = radius
    }

    /// 1 − (1 − η/|ζ|)^m, the lower bound on an interpolator's expected robust error at radius 2ρ.
    public func interpolatorRobustErrorBound(trainingSize m: Int) -> Double {
        -expm1(Double(m) * log1p(-flipRate / Double(count)))
    }
}

/// A test sample and, where the data model knows it, the ground truth for its targets.
public struct TestSample: Sendable {
    public let data: Dataset
    /// f*(x) at the clean test points (nil for real data, which has no f*).
    public let signal: [Double]?
    /// θ* when f* is linear, so f*(x + δ) = θ*ᵀ(x + δ) (needed for the `consistent` target).
    public let linearTruth: [Double]?

    public init(data: Dataset, signal: [Double]?, linearTruth: [Double]?) {
        self.data = data
        self.signal = signal
        self.linearTruth = linearTruth
    }
}

// MARK: - Default implementations

extension DataModel {
    public var hasGroundTruth: Bool { true }
    public var linearTruthAvailable: Bool { false }
    public var testDependsOnTrainingSize: Bool { false }
    public func drawTest(size: Int, seed: UInt64, trainingSize _: Int) throws(ZooError) -> TestSample {
        try drawTest(size: size, seed: seed)
    }
    public var sourceFiles: [String] { [] }
    public static var fixesTestSize: Bool { false }
    public func checkTrainingSize(_ n: Int) throws(ZooError) {}
    public func estimatedBytes(trainingSize: Int, testSize: Int) -> Double {
        (Double(trainingSize) + Double(testSize)) * (Double(dimension ?? 0) + 1) * 8
    }

    /// A training and a test sample for one seed.
    public func draw(trainingSize: Int, testSize: Int, seed: UInt64) throws(ZooError) -> DataSplit {
        let test = try drawTest(size: testSize, seed: seed, trainingSize: trainingSize)
        return DataSplit(
            train: try drawTraining(size: trainingSize, seed: seed), test: test.data,
            testSignal: test.signal, linearTruth: test.linearTruth)
    }
}
