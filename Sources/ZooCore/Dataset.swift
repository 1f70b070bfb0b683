import ZooLinalg

// MARK: - Datasets

/// A sample: features `x` (n×d, rows are samples) and targets `y` (n entries).
public struct Dataset: Sendable {
    public let features: Matrix
    public let targets: [Double]

    /// Validates shapes and finiteness; a NaN or infinity anywhere is an `invalidData` error that
    /// names the row and column.
    public init(features: Matrix, targets: [Double], name: String = "data") throws(ZooError) {
        guard features.rows == targets.count else {
            throw .invalidData("\(name): \(features.rows) feature rows but \(targets.count) targets")
        }
        if let index = features.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidData(
                "\(name): non-finite feature value \(features.elements[index]) at row \(index / max(1, features.columns) + 1), column \(index % max(1, features.columns) + 1)"
            )
        }
        if let index = targets.firstIndex(where: { !$0.isFinite }) {
            throw .invalidData("\(name): non-finite target \(targets[index]) at row \(index + 1)")
        }
        self.features = features
        self.targets = targets
    }

    /// A dataset whose values are finite by construction (drawn by a data model from finite
    /// parameters), so the scan for NaN is skipped; shapes are still checked.
    public init(generatedFeatures features: Matrix, targets: [Double]) {
        precondition(
            features.rows == targets.count, "Dataset: \(features.rows) feature rows but \(targets.count) targets")
        self.features = features
        self.targets = targets
    }

    /// Number of samples n.
    public var count: Int { features.rows }
    /// Input dimension d.
    public var dimension: Int { features.columns }
}

/// The linear-Gaussian population behind a data model: x ~ N(0, Σ) with Σ diagonal, y = xᵀθ* + ξ,
/// ξ ~ N(0, σ²). Knowing it lets the harness report exact population risks (docs/conventions.md §5).
public struct GaussianPopulation: Sendable {
    /// The diagonal of Σ.
    public let covarianceDiagonal: [Double]
    /// θ*.
    public let truth: [Double]
    /// σ, the noise standard deviation.
    public let noise: Double

    public init(covarianceDiagonal: [Double], truth: [Double], noise: Double) {
        self.covarianceDiagonal = covarianceDiagonal
        self.truth = truth
        self.noise = noise
    }

    /// ‖v‖_Σ² = vᵀΣv.
    public func squaredSigmaNorm(_ v: [Double]) -> Double {
        var sum = 0.0
        for i in v.indices { sum += covarianceDiagonal[i] * v[i] * v[i] }
        return sum
    }
}

/// What a data model draws for one (n, seed): a training sample, a test sample, and, where the data
/// model knows it, the ground truth for test targets.
public struct DataSplit: Sendable {
    public let train: Dataset
    public let test: Dataset
    /// f*(x) at the clean test points (nil for real data, which has no f*).
    public let testSignal: [Double]?
    /// θ* when f* is linear, so f*(x + δ) = θ*ᵀ(x + δ) (needed for the `consistent` target).
    public let linearTruth: [Double]?

    public init(train: Dataset, test: Dataset, testSignal: [Double]?, linearTruth: [Double]?) {
        self.train = train
        self.test = test
        self.testSignal = testSignal
        self.linearTruth = linearTruth
    }
}
