import ZooCore
import ZooLinalg

// MARK: - nearest-neighbor

/// `nearest-neighbor`: the k-nearest-neighbour rule on the training points, in Euclidean distance.
///
/// Classification (labels ±1): f̂(x) = sign(Σ_{j ∈ N_k(x)} yⱼ) ∈ {−1, +1}, the majority label of the k
/// training points nearest to x; a tied vote (even k) goes to the label of the nearest neighbour.
/// Regression: f̂(x) = (1/k) Σ_{j ∈ N_k(x)} yⱼ, the mean target of the k nearest points (the same rule
/// with the vote replaced by its average). Equal distances are ordered by the smaller training index,
/// so N_k(x) and every prediction are deterministic.
///
/// Distances come from GEMM (‖x‖² + ‖x′‖² − 2xᵀx′ for a block of queries against every training
/// point), recomputed directly for the candidates near the k-th where cancellation could reorder them
/// (`NearestRows`). Parameter `k` (default 1; k < 1 refused at construction, k > n at fit).
///
/// `k=1` interpolates the training labels (each training point is its own nearest neighbour, distinct
/// points assumed); larger k does not. The fitted model remembers its training set (capability
/// `training-points`), which `nearest-flip` uses. Reference: Sanyal et al. 2021, How Benign is Benign
/// Overfitting? (1-NN memorises label noise and is adversarially vulnerable; larger k is not).
public struct NearestNeighborVote: Estimator {
    public static let name = "nearest-neighbor"
    public static let k = ParameterKey<Int>(
        "k", .integer(minimum: 1), default: 1, "number of neighbours voting (k ≤ n); k=1 interpolates")
    public static let parameters = [k.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "Classification: f̂(x) = sign Σ_{j ∈ N_k(x)} yⱼ, the majority of the k nearest training labels (ℓ₂ distance); a tied vote takes the nearest neighbour's label. Regression: the mean of the k nearest targets. Equal distances: smaller training index first.",
        reference: "Sanyal, Dokania, Kanade & Torr 2021, How Benign is Benign Overfitting?; Cover & Hart 1967.",
        notes: "k=1 interpolates the training labels; k > 1 does not. Predictions are ±1 scores on classification data."
    )
    public static let capabilities: Set<Capability> = [.trainingPoints]
    public static let interpolates = Interpolation.dependsOnParameters
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? = [k.argument(1)]

    public let parameters: Parameters
    public let k: Int

    public init(parameters: Parameters) {
        self.parameters = parameters
        k = parameters[Self.k]
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        guard k <= training.count else {
            throw .usage("nearest-neighbor: k=\(k) exceeds the n=\(training.count) training points; use k ≤ n")
        }
        if context.task == .classification, let row = training.targets.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw .invalidData(
                "nearest-neighbor: classification labels must be ±1, training row \(row + 1) has \(training.targets[row])"
            )
        }
        return NearestNeighborFit(trainingSet: training, k: k, task: context.task)
    }

    /// The model keeps a reference to the training set; prediction needs one block of distances
    /// (at most `NearestRows.blockEntries` entries) and the n squared norms.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        8 * (Double(n) + Double(min(NearestRows.blockEntries, 1000 * n)))
    }
}

// MARK: - The fitted rule

/// The k-nearest-neighbour rule on a stored training set (capability `training-points`).
public struct NearestNeighborFit: TrainingPointsModel {
    public let trainingSet: Dataset
    public let k: Int
    /// Classification: ±1 votes; regression: mean targets.
    public let task: Task

    public var diagnostics: [String: String] {
        [
            "k": String(k),
            "rule": task == .classification
                ? "majority vote, ties to the nearest neighbour" : "mean of the k nearest targets",
        ]
    }

    public func predict(_ inputs: Matrix) -> [Double] {
        let neighbors = NearestRows(queries: inputs, references: trainingSet.features, k: k)
        let labels = trainingSet.targets
        return (0..<inputs.rows).map { i in
            let nearest = neighbors.neighbors(of: i)
            var sum = 0.0
            for j in nearest { sum += labels[j] }
            switch task {
            case .regression: return sum / Double(k)
            case .classification: return sum > 0 ? 1 : (sum < 0 ? -1 : labels[nearest.first!])
            }
        }
    }
}
