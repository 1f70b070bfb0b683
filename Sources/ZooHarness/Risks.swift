import Foundation
import ZooCore
import ZooLinalg

// MARK: - Risks

/// Test-sample and exact population risks (docs/conventions.md §5).
public enum Risks {
    /// (1/m) Σ (aᵢ − bᵢ)².
    public static func meanSquaredError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count && !a.isEmpty)
        var sum = 0.0
        for i in a.indices { sum += (a[i] - b[i]) * (a[i] - b[i]) }
        return sum / Double(a.count)
    }

    /// The fraction of points whose sign(score) differs from the label's sign (sign(0) counts as +1).
    public static func signError(_ scores: [Double], labels: [Double]) -> Double {
        precondition(scores.count == labels.count && !scores.isEmpty)
        let wrong = zip(scores, labels).filter { ($0 >= 0) != ($1 >= 0) }.count
        return Double(wrong) / Double(scores.count)
    }

    /// Each point's loss: the squared error (regression) or whether the sign is wrong, 0 or 1
    /// (classification, as in `signError`).
    public static func pointLosses(_ predictions: [Double], _ targets: [Double], task: Task) -> [Double] {
        precondition(predictions.count == targets.count)
        switch task {
        case .regression: return zip(predictions, targets).map { ($0 - $1) * ($0 - $1) }
        case .classification: return zip(predictions, targets).map { ($0 >= 0) != ($1 >= 0) ? 1 : 0 }
        }
    }

    /// The mean loss: `meanSquaredError` (regression) or `signError` (classification).
    public static func meanLoss(_ predictions: [Double], _ targets: [Double], task: Task) -> Double {
        task == .regression ? meanSquaredError(predictions, targets) : signError(predictions, labels: targets)
    }

    /// The exact test-sample robust error of a linear classifier f̂(x) = θ̂ᵀx (labels ±1) under the
    /// ball `threat`: the worst δ lowers the margin tᵢ·θ̂ᵀxᵢ by exactly r‖θ̂‖_* (‖·‖_* the dual norm:
    /// ℓ₂ for ℓ₂, ℓ₁ for ℓ∞), so point i is robustly misclassified iff tᵢ·θ̂ᵀxᵢ ≤ r‖θ̂‖_*, with the
    /// tie at equality broken as sign(0) = +1 (a label +1 point whose worst-case score is exactly 0 stays
    /// correct). `scores` holds θ̂ᵀxᵢ.
    public static func exactLinearRobustError(
        weights: [Double], scores: [Double], labels: [Double],
        threat: ThreatModel
    ) -> Double {
        precondition(scores.count == labels.count && !scores.isEmpty)
        let shift = threat.radius * threat.norm.dualNorm(weights)
        var wrong = 0
        for i in scores.indices {
            let worstScore = labels[i] >= 0 ? scores[i] - shift : scores[i] + shift
            if (worstScore >= 0) != (labels[i] >= 0) { wrong += 1 }
        }
        return Double(wrong) / Double(scores.count)
    }

    /// Exact standard and adversarial population risks of f̂(x) = θ̂ᵀx for x ~ N(0, Σ), under a
    /// ball of radius α whose dual norm is ‖·‖_* (ℓ₂ for ℓ₂ attacks, ℓ₁ for ℓ∞), with s² = ‖θ̂ − θ*‖_Σ²:
    /// - clean: R = s², R_α = s² + 2√(2/π)·α‖θ̂‖_*·s + α²‖θ̂‖_*²;
    /// - label: S = s² + σ², R = S, R_α = S + 2√(2/π)·α‖θ̂‖_*·√S + α²‖θ̂‖_*²;
    /// - consistent: R = s², R_α = s² + 2√(2/π)·α‖θ̂ − θ*‖_*·s + α²‖θ̂ − θ*‖_*².
    /// Derivation: the residual θ̂ᵀx − t is N(0, s²) (N(0, S) with the label), the worst δ adds
    /// α‖·‖_* to its absolute value, and E|Z| = √(2/π).
    public static func exactLinear(
        weights: [Double], population: GaussianPopulation, threat: ThreatModel,
        target: TargetConvention
    ) -> (standard: Double, adversarial: Double) {
        let error = Vectors.difference(weights, population.truth)
        let s2 = population.squaredSigmaNorm(error)
        let alpha = threat.radius
        let meanAbsolute = (2 / Double.pi).squareRoot()
        switch target {
        case .clean:
            let norm = threat.norm.dualNorm(weights)
            return (s2, s2 + 2 * meanAbsolute * alpha * norm * s2.squareRoot() + alpha * alpha * norm * norm)
        case .label:
            let total = s2 + population.noise * population.noise
            let norm = threat.norm.dualNorm(weights)
            return (total, total + 2 * meanAbsolute * alpha * norm * total.squareRoot() + alpha * alpha * norm * norm)
        case .consistent:
            let norm = threat.norm.dualNorm(error)
            return (s2, s2 + 2 * meanAbsolute * alpha * norm * s2.squareRoot() + alpha * alpha * norm * norm)
        }
    }
}
