import Foundation
import ZooCore
import ZooLinalg

// MARK: - The interpolation threshold r̄ (ℓ₂)

/// The largest radius at which ℓ₂ adversarial training returns the min-norm interpolator.
///
/// Derivation. Let rank X = n ≤ d, α = (XXᵀ)⁻¹y (the dual variable of min ‖θ‖ s.t. Xθ = y) and
/// θ₀ = Xᵀα, ‖θ₀‖² = yᵀα. At an interpolator every residual is 0 and F(θ) = r²‖θ‖², so among
/// interpolators θ₀ is best. F = (1/n)Σφᵢ² with φᵢ = |yᵢ − xᵢᵀθ| + r‖θ‖ convex and φᵢ(θ₀) = r‖θ₀‖ > 0, so
/// ∂F(θ₀) = (2/n)·r‖θ₀‖·{−Xᵀg + n·r·θ₀/‖θ₀‖ : g ∈ [−1, 1]ⁿ} (the subgradient of Σ|ρᵢ| at ρ = 0 is the
/// box). 0 ∈ ∂F(θ₀) iff Xᵀg = n·r·Xᵀα/‖θ₀‖ for some g in the box; X has full row rank, so g = n·r·α/‖θ₀‖
/// is forced, and it lies in the box iff
///
///     r ≤ r̄ = ‖θ₀‖ / (n·‖α‖_∞).
///
/// By convexity θ₀ is then a minimiser; above r̄ no g exists, so θ₀ is not optimal and the solution
/// stops interpolating. The certificate at r ≤ r̄ is the dual point v = n·r²·α (u = r‖θ₀‖·1), whose dual
/// value equals F(θ₀) = r²‖θ₀‖² exactly.
///
/// For the ℓ∞ threat model the same argument applies to the minimum-ℓ₁-norm interpolator (basis
/// pursuit), not to `min-norm`: at an interpolator F = r²‖θ‖₁², which θ₀ does not minimise.
public struct InterpolationThreshold: Sendable {
    /// r̄; 0 when X does not have full row rank (min-norm does not interpolate, or not stably).
    public let radius: Double
    /// ‖θ₀‖ and α = (XXᵀ)⁻¹y when X has full row rank.
    public let minimumNormWeightNorm: Double
    public let dualVariable: [Double]?
    public let note: String

    /// The threshold from the Gram matrix K = XXᵀ and y.
    public static func l2(gram k: Matrix, targets y: [Double]) -> InterpolationThreshold {
        let n = y.count
        guard let factor = try? CholeskyFactorization(k) else {
            return InterpolationThreshold(radius: 0, minimumNormWeightNorm: 0, dualVariable: nil,
                                          note: "XXᵀ is not positive definite (rank X < n): min-norm does not interpolate")
        }
        let alpha = factor.solve(y)
        let residual = Vectors.norm2(Vectors.difference(k.multiply(alpha), y)) / max(Vectors.norm2(y), .leastNormalMagnitude)
        guard residual < 1e-8, alpha.allSatisfy(\.isFinite) else {
            return InterpolationThreshold(radius: 0, minimumNormWeightNorm: 0, dualVariable: nil,
                                          note: "XXᵀ is too ill-conditioned to decide interpolation (relative residual \(residual))")
        }
        let weightNorm = max(Vectors.dot(y, alpha), 0).squareRoot()
        let largest = Vectors.normInf(alpha)
        let radius = largest > 0 ? weightNorm / (Double(n) * largest) : .infinity
        return InterpolationThreshold(radius: radius, minimumNormWeightNorm: weightNorm, dualVariable: alpha,
                                      note: "r̄ = ‖θ₀‖/(n‖(XXᵀ)⁻¹y‖∞)")
    }
}
