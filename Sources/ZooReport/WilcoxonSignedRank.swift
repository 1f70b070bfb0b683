import Foundation

// MARK: - Wilcoxon signed-rank test

/// The two-sided Wilcoxon signed-rank test of paired differences symmetric about zero.
///
/// Zero differences are dropped (Wilcoxon's convention, scipy's `zero_method="wilcox"`); the m remaining
/// |dᵢ| are ranked 1…m, tied magnitudes (exactly equal) sharing their mean rank; W⁺ is the sum of the
/// ranks of the positive differences.
///
/// - **Exact** for m ≤ `exactLimit` (50): the null distribution of W⁺ is that of Σ sᵢ·rᵢ over the 2^m
///   equally likely sign vectors s ∈ {0,1}^m, with the observed (mid)ranks — with ties this is the exact
///   conditional (permutation) distribution. It is counted by dynamic programming over doubled ranks
///   (integers). p = min(1, 2·min(P(W⁺ ≤ w), P(W⁺ ≥ w))). Without ties this equals
///   scipy.stats.wilcoxon(d, method="exact").
/// - **Normal approximation** for m > 50: z = (W⁺ − m(m+1)/4)/σ with
///   σ² = m(m+1)(2m+1)/24 − Σ(t³ − t)/48 over tie groups of size t, no continuity correction,
///   p = erfc(|z|/√2) (scipy.stats.wilcoxon(d, method="approx")).
///
/// With no non-zero difference there is no test (nil).
public enum WilcoxonSignedRank {
    public enum Method: String, Sendable { case exact, normal }

    public struct Result: Sendable, Equatable {
        /// W⁺, the sum of the ranks of the positive differences.
        public var positiveRankSum: Double
        public var pValue: Double
        public var method: Method
    }

    /// The largest number of non-zero differences tested exactly.
    public static let exactLimit = 50

    public static func test(_ differences: [Double]) -> Result? {
        let nonZero = differences.filter { $0 != 0 }
        let m = nonZero.count
        guard m > 0 else { return nil }
        // Mid-ranks of |d|, doubled so that they are integers.
        let order = nonZero.indices.sorted { abs(nonZero[$0]) < abs(nonZero[$1]) }
        var doubledRank = [Int](repeating: 0, count: m)
        var tieCorrection = 0.0
        var start = 0
        while start < m {
            var end = start
            while end + 1 < m && abs(nonZero[order[end + 1]]) == abs(nonZero[order[start]]) { end += 1 }
            let doubled = (start + 1) + (end + 1)  // 2 × mean rank of positions start…end
            for position in start...end { doubledRank[order[position]] = doubled }
            let t = Double(end - start + 1)
            tieCorrection += t * t * t - t
            start = end + 1
        }
        let doubledW = nonZero.indices.filter { nonZero[$0] > 0 }.reduce(0) { $0 + doubledRank[$1] }
        let w = Double(doubledW) / 2
        if m <= exactLimit {
            // counts[s]: sign vectors whose positive doubled ranks sum to s.
            let total = doubledRank.reduce(0, +)
            var counts = [Double](repeating: 0, count: total + 1)
            counts[0] = 1
            var reach = 0
            for rank in doubledRank {
                for s in stride(from: reach, through: 0, by: -1) where counts[s] != 0 { counts[s + rank] += counts[s] }
                reach += rank
            }
            let all = counts.reduce(0, +)
            let lower = counts[0...doubledW].reduce(0, +) / all
            let upper = counts[doubledW...].reduce(0, +) / all
            return Result(positiveRankSum: w, pValue: min(1, 2 * min(lower, upper)), method: .exact)
        }
        let mm = Double(m)
        let mean = mm * (mm + 1) / 4
        let variance = mm * (mm + 1) * (2 * mm + 1) / 24 - tieCorrection / 48
        guard variance > 0 else { return Result(positiveRankSum: w, pValue: 1, method: .normal) }
        let z = (w - mean) / variance.squareRoot()
        return Result(positiveRankSum: w, pValue: min(1, erfc(abs(z) / 2.0.squareRoot())), method: .normal)
    }
}
