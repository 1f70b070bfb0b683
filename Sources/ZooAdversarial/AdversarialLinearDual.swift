import Foundation
import ZooCore
import ZooLinalg

// MARK: - The dual of adversarial linear regression

/// The threat-model norm ‖δ‖_p of `adversarial-linear`; the penalty uses its dual norm ‖θ‖_q.
public enum AttackNorm: String, ParameterChoice {
    /// p = 2, q = 2.
    case l2
    /// p = ∞, q = 1.
    case linf

    /// ‖θ‖_q, the dual norm that prices a perturbation: max_{‖δ‖_p ≤ r} θᵀδ = r‖θ‖_q.
    public func dualNorm(_ theta: [Double]) -> Double {
        self == .l2 ? Vectors.norm2(theta) : Vectors.norm1(theta)
    }
}

/// The objective and its dual, written once so the solver, the threshold and the diagnostics agree.
///
/// Primal: F(θ) = (1/n) Σᵢ (|yᵢ − xᵢᵀθ| + r‖θ‖_q)². Writing a² = max_u (2ua − u²), |ρ| = max_{|s|≤1} sρ
/// and r‖θ‖_q Σuᵢ = max_{‖w‖_p ≤ rΣuᵢ} wᵀθ, then minimising over θ (which forces w = Xᵀv), gives the
/// dual in n variables
///
///     D = max_{u, v} (1/n)(2yᵀv − ‖u‖²)   subject to   |vᵢ| ≤ uᵢ,   ‖Xᵀv‖_p ≤ r·Σᵢuᵢ.
///
/// Weak duality holds term by term: for every θ and feasible (u, v),
/// n·F(θ) ≥ Σ 2uᵢ(|ρᵢ| + r‖θ‖_q) − uᵢ² ≥ 2vᵀ(y − Xθ) + 2‖Xᵀv‖_p‖θ‖_q − ‖u‖² ≥ 2vᵀy − ‖u‖².
/// So F(θ̂) − D(u, v) bounds the suboptimality of θ̂; that is the certificate every fit reports.
public enum AdversarialLinearDual {
    /// F(θ) from predictions Xθ and the dual norm ‖θ‖_q.
    public static func objective(targets y: [Double], predictions: [Double], penaltyNorm: Double, radius r: Double)
        -> Double
    {
        var total = 0.0
        for i in y.indices {
            let term = abs(y[i] - predictions[i]) + r * penaltyNorm
            total += term * term
        }
        return total / Double(y.count)
    }

    /// The best dual value reachable from direction v: the smallest admissible ‖u‖² for v (u ≥ |v|,
    /// Σu ≥ ‖Xᵀv‖_p / r, by water-filling: u = max(|v|, τ)), then the best scale t ≥ 0 of (tu, tv):
    /// max_t (2t·yᵀv − t²‖u‖²)/n = (yᵀv)₊² / (n‖u‖²). A valid lower bound on min F for every v.
    public static func lowerBound(targets y: [Double], v: [Double], constraintNorm: Double, radius r: Double) -> Double
    {
        let correlation = Vectors.dot(y, v)
        guard correlation > 0 else { return 0 }
        let magnitudes = v.map(abs)
        let required = constraintNorm / r
        var smallestSquaredNorm = Vectors.squaredNorm(magnitudes)
        let total = magnitudes.reduce(0, +)
        if total < required {
            // raise the k smallest magnitudes to a common level τ with Σ max(|vᵢ|, τ) = required
            let sorted = magnitudes.sorted()
            var suffix = total
            smallestSquaredNorm = 0
            for k in 1...sorted.count {
                suffix -= sorted[k - 1]
                let level = (required - suffix) / Double(k)
                if k == sorted.count || level <= sorted[k] {
                    smallestSquaredNorm = Double(k) * level * level
                    for j in k..<sorted.count { smallestSquaredNorm += sorted[j] * sorted[j] }
                    break
                }
            }
        }
        guard smallestSquaredNorm > 0 else { return 0 }
        return correlation * correlation / (Double(y.count) * smallestSquaredNorm)
    }
}
