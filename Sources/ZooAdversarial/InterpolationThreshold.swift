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
/// Rank-deficient X (rank ρ < n) with y in its column space: min-norm still interpolates, θ₀ = Xᵀα for
/// every α in α₀ + null(XXᵀ) (α₀ = (XXᵀ)⁺y), and ‖θ₀‖² = yᵀα₀. The subgradient condition then asks for
/// some such α with n·r·‖α‖∞/‖θ₀‖ ≤ 1 (g is no longer forced), so
///
///     r̄ = ‖θ₀‖ / (n · min{‖α‖∞ : α ∈ α₀ + null(XXᵀ)}),
///
/// the dual of the min-norm problem in the row space. The minimum is taken by minimising ‖α₀ + Nw‖_p
/// over w (N an orthonormal basis of the null space) with Newton's method for p = 2, 4, …, 1024; every
/// α found certifies its radius (the certificate v = n·r²·α needs only Xᵀα = θ₀), so the reported r̄
/// is a certified lower bound within a factor n^(1/1024) of the exact one.
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
        guard let factor = try? CholeskyFactorization(k) else { return rankDeficient(gram: k, targets: y) }
        let alpha = factor.solve(y)
        let residual =
            Vectors.norm2(Vectors.difference(k.multiply(alpha), y)) / max(Vectors.norm2(y), .leastNormalMagnitude)
        guard residual < 1e-8, alpha.allSatisfy(\.isFinite) else {
            // Numerically singular (rank X < n up to rounding): decide in the row space.
            return rankDeficient(gram: k, targets: y)
        }
        let weightNorm = max(Vectors.dot(y, alpha), 0).squareRoot()
        let largest = Vectors.normInf(alpha)
        let radius = largest > 0 ? weightNorm / (Double(n) * largest) : .infinity
        return InterpolationThreshold(
            radius: radius, minimumNormWeightNorm: weightNorm, dualVariable: alpha,
            note: "r̄ = ‖θ₀‖/(n‖(XXᵀ)⁻¹y‖∞)")
    }

    // MARK: Rank-deficient X

    /// Gram eigenvalues at or below this fraction of the largest count as zero (rank X < n).
    static let nullEigenvalueFraction = 1e-10

    /// K = XXᵀ singular: the threshold in the row space (see the type's doc), or 0 when y is not in
    /// the column space of X (min-norm does not interpolate).
    static func rankDeficient(gram k: Matrix, targets y: [Double]) -> InterpolationThreshold {
        let n = y.count
        guard let eigen = try? SymmetricEigen(k), let largest = eigen.values.last, largest > 0 else {
            return InterpolationThreshold(
                radius: 0, minimumNormWeightNorm: 0, dualVariable: nil,
                note: "XXᵀ could not be decomposed: min-norm's interpolation not decided")
        }
        let floor = nullEigenvalueFraction * largest
        let kept = eigen.values.indices.filter { eigen.values[$0] > floor }
        let null = eigen.values.indices.filter { eigen.values[$0] <= floor }
        let column = { (j: Int) in (0..<n).map { eigen.vectors[$0, j] } }
        var alpha0 = [Double](repeating: 0, count: n)
        for j in kept {
            let v = column(j)
            Vectors.axpy(Vectors.dot(v, y) / eigen.values[j], v, &alpha0)
        }
        let residual =
            Vectors.norm2(Vectors.difference(k.multiply(alpha0), y)) / max(Vectors.norm2(y), .leastNormalMagnitude)
        guard residual < 1e-8, alpha0.allSatisfy(\.isFinite) else {
            return InterpolationThreshold(
                radius: 0, minimumNormWeightNorm: 0, dualVariable: nil,
                note:
                    "rank X = \(kept.count) < n = \(n) and y is not in the column space of X (relative residual \(residual)): min-norm does not interpolate"
            )
        }
        let alpha = minimumInfinityNorm(base: alpha0, nullBasis: null.map(column))
        let weightNorm = max(Vectors.dot(y, alpha0), 0).squareRoot()
        let largestDual = Vectors.normInf(alpha)
        let radius = largestDual > 0 ? weightNorm / (Double(n) * largestDual) : .infinity
        return InterpolationThreshold(
            radius: radius, minimumNormWeightNorm: weightNorm, dualVariable: alpha,
            note:
                "rank X = \(kept.count) < n = \(n), y in the column space: r̄ = ‖θ₀‖/(n·min‖α‖∞ over Xᵀα = θ₀), certified lower bound within n^(1/1024) (p-norm continuation)"
        )
    }

    /// argmin over α ∈ base + span(nullBasis) of ‖α‖∞, approximately: ‖α‖_p minimised by damped Newton
    /// steps for p = 2, 4, …, 1024 (each from the previous minimiser, the p-th powers scaled by the
    /// current ‖α‖∞ so they stay finite). The basis vectors are orthonormal.
    static func minimumInfinityNorm(base: [Double], nullBasis: [[Double]]) -> [Double] {
        let dimension = nullBasis.count
        guard dimension > 0 else { return base }
        var alpha = base
        var p = 2.0
        while p <= 1024 {
            let scale = max(Vectors.normInf(alpha), .leastNormalMagnitude)
            let objective = { (a: [Double]) in a.reduce(0) { $0 + Foundation.pow(abs($1) / scale, p) } }
            for _ in 0..<30 {
                let u = alpha.map { $0 / scale }
                let first = u.map { p * Foundation.pow(abs($0), p - 1) * ($0 < 0 ? -1 : 1) }
                let second = u.map { p * (p - 1) * Foundation.pow(abs($0), p - 2) }
                let gradient = nullBasis.map { Vectors.dot($0, first) }
                guard Vectors.normInf(gradient) > 1e-13 * max(objective(alpha), 1) else { break }
                var hessian = Matrix(rows: dimension, columns: dimension) { a, b in
                    zip(zip(nullBasis[a], nullBasis[b]), second).reduce(0) { $0 + $1.0.0 * $1.0.1 * $1.1 }
                }
                let trace = (0..<dimension).reduce(0) { $0 + hessian[$1, $1] }
                for j in 0..<dimension { hessian[j, j] += 1e-12 * max(trace, .leastNormalMagnitude) }
                guard let factor = try? CholeskyFactorization(hessian) else { break }
                let step = factor.solve(gradient.map { -$0 })  // in units of the scaled α
                let current = objective(alpha)
                var accepted = false
                var length = 1.0
                for _ in 0..<30 {
                    var trial = alpha
                    for j in 0..<dimension { Vectors.axpy(length * step[j] * scale, nullBasis[j], &trial) }
                    if objective(trial) < current {
                        alpha = trial
                        accepted = true
                        break
                    }
                    length /= 2
                }
                if !accepted { break }
            }
            p *= 2
        }
        return alpha
    }
}
