import ZooCore
import ZooLinalg

// MARK: - Solving (K + sI)α = y

/// The coefficients α of a kernel fit and how they were obtained.
struct KernelSystemSolution: Sendable {
    let alpha: [Double]
    /// Solver facts for the model's diagnostics: route, rank where decided, residual, fallback reason.
    let diagnostics: [String: String]
}

/// Solves (K + sI)α = y for a symmetric positive semi-definite kernel matrix K and shift s = nλ ≥ 0.
///
/// 1. Cholesky of K + sI (n³/3 flops), accepted when every pivot is positive and the pivot ratio
///    (max L_ii / min L_ii)², a lower bound on the condition number, is below `choleskyConditionLimit`.
/// 2. Otherwise (duplicated points, λ = 0 on a rank-deficient kernel, or nearly so) the symmetric
///    eigendecomposition K + sI = VΛVᵀ and the pseudo-inverse α = V·Λ⁺·Vᵀy, discarding eigenvalues at
///    or below `relativeEigenvalueThreshold`·n·μ_max (numpy's `pinv` rule). For λ = 0 this is the
///    minimum-norm α, whose predictions are those of the kernel interpolant on the distinct points
///    (duplicated points with different labels get their average). The rank kept is reported.
///
/// Never returns NaN: a non-finite α is a `.numerical` error.
enum KernelSystemSolver {
    /// Largest pivot-ratio condition estimate for which the Cholesky answer is kept.
    static let choleskyConditionLimit = 1e12
    /// Relative eigenvalue threshold per unit of order (times n·μ_max), as in numpy's `pinv`.
    static let relativeEigenvalueThreshold = Double.ulpOfOne

    /// Solves with `system` = K + sI already formed (taken by value and not copied: the caller hands
    /// over its only reference, so the peak is this matrix and its Cholesky factor).
    static func solve(system: Matrix, targets y: [Double]) throws(ZooError) -> KernelSystemSolution {
        let n = system.rows
        var reason = ""
        do {
            let factor = try CholeskyFactorization(system)
            let pivots = (0..<n).map { factor.lower[$0, $0] }
            let ratio = (pivots.max() ?? 1) / (pivots.min() ?? 1)
            let estimate = ratio * ratio
            if estimate <= choleskyConditionLimit {
                let alpha = factor.solve(y)
                if alpha.allSatisfy(\.isFinite) {
                    return KernelSystemSolution(
                        alpha: alpha,
                        diagnostics: [
                            "solver": "cholesky", "condition-estimate": format(estimate),
                            "residual": format(relativeResidual(system, alpha, y)),
                        ])
                }
                reason = "cholesky gave a non-finite solution"
            } else {
                reason = "cholesky pivot ratio² \(format(estimate)) > \(format(choleskyConditionLimit))"
            }
        } catch {
            reason = "cholesky failed (\(error))"
        }
        return try eigenSolution(system, y, reason: reason)
    }

    /// α = V·Λ⁺·Vᵀy with the relative eigenvalue threshold.
    private static func eigenSolution(_ system: Matrix, _ y: [Double], reason: String) throws(ZooError)
        -> KernelSystemSolution
    {
        let n = system.rows
        let eigen = try ZooError.fromLinalg { () throws(LinalgError) in try SymmetricEigen(system) }
        let largest = eigen.values.map(abs).max() ?? 0
        let threshold = relativeEigenvalueThreshold * Double(n) * largest
        let projected = eigen.vectors.multiply(y, .transpose)
        var scaled = [Double](repeating: 0, count: n)
        var rank = 0
        for k in 0..<n where eigen.values[k] > threshold {
            scaled[k] = projected[k] / eigen.values[k]
            rank += 1
        }
        let alpha = eigen.vectors.multiply(scaled)
        guard alpha.allSatisfy(\.isFinite) else {
            throw .numerical("ntk: the kernel system has no finite solution (eigenvalues up to \(largest))")
        }
        return KernelSystemSolution(
            alpha: alpha,
            diagnostics: [
                "solver": "eigen-pseudoinverse", "fallback": reason, "rank": "\(rank) of \(n)",
                "eigenvalue-threshold": format(threshold), "residual": format(relativeResidual(system, alpha, y)),
            ])
    }

    /// ‖y − (K + sI)α‖/‖y‖.
    private static func relativeResidual(_ system: Matrix, _ alpha: [Double], _ y: [Double]) -> Double {
        let image = system.multiply(alpha)
        let norm = Vectors.norm2(y)
        return norm > 0 ? Vectors.norm2(Vectors.difference(y, image)) / norm : 0
    }

    private static func format(_ value: Double) -> String { "\(Float(value))" }
}
