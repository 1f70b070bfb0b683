import Foundation

// MARK: - The secular equation of a rank-one update

/// Roots of the secular equation of D + ρ z zᵀ (D = diag(d), d strictly ascending, ρ > 0, z_j ≠ 0):
///
///     f(λ) = 1/ρ + Σ_j z_j² / (d_j − λ) = 0.
///
/// f increases between its poles, so there is exactly one root λ_i in each interval (d_i, d_{i+1}) and
/// the last one in (d_{k−1}, d_{k−1} + ρ‖z‖²]. The method is LAPACK `laed4`'s (Li's "middle way"):
/// - λ is represented as d_o + τ, where the origin d_o is the pole nearer the root (chosen by the sign
///   of f at the midpoint of the interval), and every difference is formed as δ_j = (d_j − d_o) − τ;
///   so the differences to the nearby poles, which the eigenvectors need, keep full relative accuracy
///   however close the root is to a pole;
/// - the initial guess solves the two-pole model at the midpoint;
/// - each step fits c + s_p/(δ_p − η) + s_{p+1}/(δ_{p+1} − η) to f, f′ at the current point, splitting
///   the sum into the poles at and below p and those above (p = i inside, p = k−2 for the last root),
///   and takes the root η of that quadratic nearer zero;
/// - a bracket [lower, upper] of τ shrinks with the sign of f; a step that leaves it, or goes the
///   wrong way, is replaced by Newton's, then by bisection, so the iteration always converges;
/// - it stops when |f| ≤ ε · (the rounding-error bound of f's evaluation), as `laed4`.
enum SecularEquation {
    /// Iteration cap; bisection alone would need at most about 60 steps to exhaust the bracket.
    static let maximumIterations = 100

    /// (Σ z_j²/(Δ_j − τ), Σ z_j²/(Δ_j − τ)²) over j in `range`, four lanes at a time then the tail,
    /// in a fixed order (the same for every thread count).
    @inline(__always)
    static func sums(
        _ z: UnsafePointer<Double>, _ shifted: UnsafePointer<Double>, tau: Double,
        _ range: Range<Int>
    ) -> (Double, Double) {
        typealias Lanes = SIMD4<Double>
        var value = Lanes()
        var derivative = Lanes()
        let tauLanes = Lanes(repeating: tau)
        var j = range.lowerBound
        while j + 4 <= range.upperBound {
            let weights = UnsafeRawPointer(z + j).loadUnaligned(as: Lanes.self)
            let poles = UnsafeRawPointer(shifted + j).loadUnaligned(as: Lanes.self)
            let t = weights / (poles - tauLanes)
            value = value.addingProduct(weights, t)
            derivative = derivative.addingProduct(t, t)
            j += 4
        }
        var total = value.sum()
        var totalDerivative = derivative.sum()
        while j < range.upperBound {
            let t = z[j] / (shifted[j] - tau)
            total += z[j] * t
            totalDerivative += t * t
            j += 1
        }
        return (total, totalDerivative)
    }

    /// Root `i` (0-based) for `k` poles. Writes δ_j = d_j − λ_i for all j into `delta` and returns λ_i.
    ///
    /// `zSquaredSum` is Σ z_j² (it bounds the last root); `shifted` is k entries of scratch.
    static func root(
        _ i: Int, poles d: UnsafePointer<Double>, weights z: UnsafePointer<Double>, count k: Int,
        rho: Double, zSquaredSum: Double, delta: UnsafeMutablePointer<Double>,
        shifted: UnsafeMutablePointer<Double>
    ) -> Double {
        precondition(k >= 1 && i < k)
        let rhoInverse = 1 / rho
        if k == 1 {
            delta[0] = -rho * z[0] * z[0]
            return d[0] + rho * z[0] * z[0]
        }
        let isLast = i == k - 1
        var origin: Int
        var lower: Double
        var upper: Double
        var tau: Double

        // MARK: Origin, bracket and initial guess
        if isLast {
            origin = k - 1
            for j in 0..<k { shifted[j] = d[j] - d[origin] }
            lower = 0
            upper = rho * zSquaredSum
            let middle = upper / 2
            let rest = rhoInverse + sums(z, shifted, tau: middle, 0..<(k - 1)).0
            // rest − z²/τ = 0 for the last pole alone.
            tau = rest > 0 ? z[k - 1] * z[k - 1] / rest : upper
        } else {
            let gap = d[i + 1] - d[i]
            let middle = gap / 2
            for j in 0..<k { shifted[j] = d[j] - d[i] }
            let atMiddle = rhoInverse + sums(z, shifted, tau: middle, 0..<k).0
            let zi2 = z[i] * z[i]
            let zj2 = z[i + 1] * z[i + 1]
            // The rest of f at the midpoint, without the two poles of this interval.
            let c = atMiddle + (zi2 - zj2) / middle
            if atMiddle >= 0 {
                origin = i
                lower = 0
                upper = middle
                // c τ² − a τ + b = 0 (the model c − z_i²/τ + z_{i+1}²/(gap − τ) = 0).
                let a = c * gap + zi2 + zj2
                let b = zi2 * gap
                let root = abs(a * a - 4 * b * c).squareRoot()
                tau = a > 0 ? 2 * b / (a + root) : (a - root) / (2 * c)
            } else {
                origin = i + 1
                for j in 0..<k { shifted[j] = d[j] - d[i + 1] }
                lower = -middle
                upper = 0
                // c τ² − a τ − b = 0 (the model c − z_i²/(gap + τ) − z_{i+1}²/τ = 0).
                let a = -c * gap + zi2 + zj2
                let b = zj2 * gap
                let root = abs(a * a + 4 * b * c).squareRoot()
                tau = a < 0 ? 2 * b / (a - root) : -(a + root) / (2 * c)
            }
        }
        if !(tau > lower && tau < upper) { tau = lower + (upper - lower) / 2 }

        // MARK: Iteration
        let split = isLast ? k - 2 : i  // ψ: poles 0…split, φ: poles split+1…k−1
        for _ in 0..<maximumIterations {
            let (psi, psiDerivative) = sums(z, shifted, tau: tau, 0..<(split + 1))
            let (phi, phiDerivative) = sums(z, shifted, tau: tau, (split + 1)..<k)
            let w = rhoInverse + psi + phi
            let derivative = psiDerivative + phiDerivative
            let errorBound = 8 * (abs(psi) + abs(phi)) + 2 * rhoInverse + 3 * abs(w) + abs(tau) * derivative
            if abs(w) <= Double.ulpOfOne * errorBound { break }
            if w > 0 { upper = min(upper, tau) } else { lower = max(lower, tau) }

            // The two-pole model through f and f′ at τ.
            let a0 = shifted[split] - tau
            let b0 = shifted[split + 1] - tau
            let c = w - a0 * psiDerivative - b0 * phiDerivative
            let a = (a0 + b0) * w - a0 * b0 * derivative
            let b = a0 * b0 * w
            var eta: Double
            if c == 0 {
                eta = b / a
            } else {
                let root = abs(a * a - 4 * b * c).squareRoot()
                eta = a <= 0 ? (a - root) / (2 * c) : 2 * b / (a + root)
            }
            if !(w * eta < 0) { eta = -w / derivative }  // Newton when the model points the wrong way
            var next = tau + eta
            if !(next > lower && next < upper) { next = lower + (upper - lower) / 2 }
            if next == tau { break }
            tau = next
        }
        for j in 0..<k { delta[j] = shifted[j] - tau }
        return d[origin] + tau
    }
}
