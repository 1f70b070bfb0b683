import ZooCore

// MARK: - Multiple-comparison adjustment

/// How the p-values and intervals of one family of comparisons are adjusted (`--adjust`).
///
/// - `holm` (default): Holm's step-down adjustment of the p-values, adjᵢ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎)
///   over the sorted p₍₁₎ ≤ … ≤ p₍ₘ₎; it controls the family-wise error rate like Bonferroni and rejects at
///   least as often. Holm has no matching simple interval, so the intervals are Bonferroni's (below).
/// - `bonferroni`: adjᵢ = min(1, m·pᵢ).
/// - `none`: the raw p-values and 95% intervals.
///
/// Intervals under `holm` and `bonferroni` are Bonferroni-adjusted: confidence level 1 − 0.05/m, so the
/// m intervals of a family cover their true differences simultaneously with probability ≥ 95%.
public enum MultipleComparisonAdjustment: String, Sendable, CaseIterable {
    case holm, bonferroni, none

    /// Parses an `--adjust` value, with a "did you mean" hint on a misspelling.
    public init(parsing text: String) throws(ZooError) {
        guard let value = Self(rawValue: text.lowercased()) else {
            throw .usage(
                "unknown --adjust '\(text)'" + Suggestions.hint(for: text, among: Self.allCases.map(\.rawValue))
                    + ": use holm, bonferroni or none")
        }
        self = value
    }

    /// The family-wise error rate the intervals and tests are set for.
    public static let familyErrorRate = 0.05

    /// The confidence level of each interval in a family of `familySize` intervals.
    public func confidence(familySize: Int) -> Double {
        switch self {
        case .none: return 1 - Self.familyErrorRate
        case .holm, .bonferroni: return 1 - Self.familyErrorRate / Double(max(familySize, 1))
        }
    }

    /// The adjusted p-values, in the order given; nil entries stay nil and do not count in m.
    public func adjust(_ pValues: [Double?]) -> [Double?] {
        let present = pValues.indices.filter { pValues[$0] != nil }
        let m = Double(present.count)
        switch self {
        case .none: return pValues
        case .bonferroni: return pValues.map { $0.map { min(1, m * $0) } }
        case .holm:
            // Stable sort by p, so equal p-values keep their order.
            let sorted = present.enumerated().sorted {
                (pValues[$0.element]!, $0.offset) < (pValues[$1.element]!, $1.offset)
            }.map(\.element)
            var result = pValues
            var running = 0.0
            for (rank, index) in sorted.enumerated() {
                running = max(running, min(1, (m - Double(rank)) * pValues[index]!))
                result[index] = running
            }
            return result
        }
    }
}
