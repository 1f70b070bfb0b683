import Foundation

// MARK: - The fixed point λ* of the ridge deterministic equivalent

/// Solves λ* − λ = (λ*/n)·tr Σ(Σ + λ*I)⁻¹ for λ* > 0 (λ = 0: n = tr Σ(Σ + λ*I)⁻¹), the effective
/// regularisation of ridge in the convention (1/n)‖y − Xθ‖² + λ‖θ‖² (Hastie, Montanari, Rosset &
/// Tibshirani 2022; Bach 2023).
///
/// Written as g(κ) = κ − λ − (κ/n)·df₁(κ) with df₁(κ) = tr Σ(Σ + κI)⁻¹: g' = 1 − df₂(κ)/n with
/// df₂ = tr Σ²(Σ + κI)⁻² decreasing, so g is convex; g(λ) ≤ 0 and g(λ + tr Σ/n) ≥ 0 (since
/// κ·df₁(κ)/n ≤ tr Σ/n), and at a root df₂ < df₁ ≤ n, so g' > 0 there and to its right: the root is
/// unique, and Newton's method started at the right end of the bracket descends to it monotonically,
/// never overshooting (a convex increasing function). Steps that would leave the bracket (rounding)
/// bisect instead. Typically 3–8 steps, each one pass over Σ's distinct eigenvalues.
public enum RidgeFixedPoint {
    /// Relative step size at which the iteration stops.
    public static let tolerance = 1e-14
    /// Steps at most.
    static let maxSteps = 200

    /// λ* for `n` samples and ridge parameter λ ≥ 0, or nil when λ = 0 and rank Σ ≤ n (no positive root:
    /// the min-norm solution is then ordinary least squares, λ* = 0).
    public static func solve(spectrum: DiagonalSpectrum, samples n: Int, lambda: Double) -> Double? {
        precondition(n > 0 && lambda >= 0 && lambda.isFinite, "RidgeFixedPoint: need n > 0 and finite λ ≥ 0")
        let count = Double(n)
        guard spectrum.trace > 0 else { return lambda > 0 ? lambda : nil }
        if lambda == 0 && spectrum.rank <= n { return nil }
        var lo = lambda
        var hi = lambda + spectrum.trace / count
        var kappa = hi
        for _ in 0..<maxSteps {
            let sums = spectrum.firstOrderSums(kappa: kappa)
            let g = kappa - lambda - kappa * sums.df1 / count
            let slope = 1 - sums.df2 / count
            if g <= 0 {
                lo = kappa
                if g == 0 { return kappa }
            } else {
                hi = kappa
            }
            var next = slope > 0 ? kappa - g / slope : .nan
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - kappa) <= tolerance * kappa || hi - lo <= tolerance * hi { return next }
            kappa = next
        }
        return kappa
    }
}
