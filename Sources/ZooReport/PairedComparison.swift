import ZooCore
import ZooHarness

// MARK: - One paired comparison

/// Estimator A against estimator B on one risk, within one (data, target, attack, n): the per-seed
/// differences dₛ = A(s) − B(s) over the seeds both have (the harness gives every estimator of a cell the
/// same training and test sample, so the seeds pair them).
///
/// Every risk and error here is better lower, so A *wins* a seed where dₛ < 0, B where dₛ > 0, and a
/// seed with dₛ = 0 exactly is a tie. See docs/head-to-head.md for the statistics.
public struct PairedComparison: Sendable, Equatable {
    public var data: String
    public var target: String
    public var attack: String
    public var n: Int
    public var metric: ResultMetric
    public var estimatorA: String
    public var estimatorB: String

    /// Seeds with a value for both.
    public var pairedSeeds: Int
    /// Seeds with a value for A only (B's row or value missing), and for B only: left out and reported.
    public var onlyA: Int
    public var onlyB: Int

    /// Mean of dₛ; nil without a paired seed.
    public var meanDifference: Double?
    /// Half-width of the interval t_{1−α/2}(k − 1)·s_d/√k at `confidence`; nil below two paired seeds.
    public var halfWidth: Double?
    /// The interval's confidence level (0.95, or Bonferroni-adjusted: `MultipleComparisonAdjustment`).
    public var confidence: Double

    public var winsA: Int
    public var winsB: Int
    public var ties: Int

    /// Exact two-sided sign test (`SignTest`); nil when every paired seed is a tie (or none is paired).
    public var pSign: Double?
    /// Two-sided Wilcoxon signed-rank test (`WilcoxonSignedRank`); nil as for the sign test.
    public var pWilcoxon: Double?
    public var wilcoxonMethod: WilcoxonSignedRank.Method?
    /// The p-values after the family's adjustment (equal to the raw ones under `none`).
    public var pSignAdjusted: Double?
    public var pWilcoxonAdjusted: Double?
    public var adjustment: MultipleComparisonAdjustment
    /// The number of comparisons in the family (same data, target, attack, n and risk) with an interval.
    public var familySize: Int
    /// Whether a side's robust errors are certified lower bounds (nearest-flip): the difference is then
    /// one of lower bounds, not a bound on the true difference.
    public var comparesLowerBounds = false

    public var lower: Double? { halfWidth.flatMap { h in meanDifference.map { $0 - h } } }
    public var upper: Double? { halfWidth.flatMap { h in meanDifference.map { $0 + h } } }

    /// Whether the interval lies strictly on one side of 0.
    public var intervalExcludesZero: Bool {
        guard let lower, let upper else { return false }
        return lower > 0 || upper < 0
    }

    /// The statistics of the differences at a confidence level, before any adjustment of p-values.
    public init(
        data: String, target: String, attack: String, n: Int, metric: ResultMetric,
        estimatorA: String, estimatorB: String, differences: [Double], onlyA: Int, onlyB: Int,
        confidence: Double = 0.95, adjustment: MultipleComparisonAdjustment = .none, familySize: Int = 1
    ) {
        self.data = data
        self.target = target
        self.attack = attack
        self.n = n
        self.metric = metric
        self.estimatorA = estimatorA
        self.estimatorB = estimatorB
        self.pairedSeeds = differences.count
        self.onlyA = onlyA
        self.onlyB = onlyB
        self.confidence = confidence
        self.adjustment = adjustment
        self.familySize = familySize
        winsA = differences.filter { $0 < 0 }.count
        winsB = differences.filter { $0 > 0 }.count
        ties = differences.filter { $0 == 0 }.count
        let k = differences.count
        meanDifference = k > 0 ? differences.reduce(0, +) / Double(k) : nil
        if let mean = meanDifference, k >= 2 {
            let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k - 1)
            halfWidth =
                StudentT.criticalValue(confidence: confidence, degreesOfFreedom: Double(k - 1))
                * (variance / Double(k)).squareRoot()
        } else {
            halfWidth = nil
        }
        pSign = SignTest.twoSidedPValue(wins: winsA, losses: winsB)
        let wilcoxon = WilcoxonSignedRank.test(differences)
        pWilcoxon = wilcoxon?.pValue
        wilcoxonMethod = wilcoxon?.method
        pSignAdjusted = pSign
        pWilcoxonAdjusted = pWilcoxon
    }

    /// The same comparison seen from B: differences negated, interval mirrored, wins and the partners'
    /// missing counts swapped; p-values are symmetric.
    public var swapped: PairedComparison {
        var result = self
        result.estimatorA = estimatorB
        result.estimatorB = estimatorA
        result.meanDifference = meanDifference.map { -$0 }
        result.winsA = winsB
        result.winsB = winsA
        result.onlyA = onlyB
        result.onlyB = onlyA
        return result
    }
}
