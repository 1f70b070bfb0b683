import Foundation
import ZooLinalg

// MARK: - Primal candidates from a dual point

extension AdversarialLinearBarrier {
    // MARK: ℓ₂: the best multiple of Xᵀv

    /// t·w with t ≥ 0 minimising F(t·w), a convex piecewise quadratic in t (golden-section search to
    /// the resolution of t, on [0, 2h] where h doubles from 1/(r‖w‖_q) until F(2h) ≥ F(h)).
    func bestMultiple(of w: [Double]) -> [Double] {
        let z = x.multiply(w)
        let penalty = radius * norm.dualNorm(w)
        func value(_ t: Double) -> Double {
            var total = 0.0
            for i in 0..<n {
                let term = abs(y[i] - t * z[i]) + t * penalty
                total += term * term
            }
            return total
        }
        // F(t) ≥ (t·penalty)²·n grows without bound, so a bracket [0, high] exists
        var high = 1.0 / max(penalty, .leastNormalMagnitude)
        while value(2 * high) < value(high) {
            high *= 2
            if !high.isFinite { return w }
        }
        high *= 2
        var low = 0.0
        let ratio = (5.0.squareRoot() - 1) / 2
        var left = high - ratio * (high - low)
        var right = low + ratio * (high - low)
        var leftValue = value(left)
        var rightValue = value(right)
        for _ in 0..<200 where high - low > 1e-16 * high {
            if leftValue <= rightValue {
                high = right
                right = left
                rightValue = leftValue
                left = high - ratio * (high - low)
                leftValue = value(left)
            } else {
                low = left
                left = right
                leftValue = rightValue
                right = low + ratio * (high - low)
                rightValue = value(right)
            }
        }
        return Vectors.scaled(w, by: (low + high) / 2)
    }

    // MARK: ℓ∞: crossover to the exact primal on the face the dual identifies

    /// Relative slacks below which a constraint counts as active when identifying the optimal face;
    /// each gives one candidate.
    static let activeFractions = [1e-2, 1e-4]

    /// ℓ∞ candidates from the dual point. Near the optimum the barrier slacks say which residuals are
    /// nonzero (N, with signs σᵢ = sign vᵢ, where |vᵢ| ≈ uᵢ; the rest Z interpolate) and which weights
    /// are nonzero (S, with signs sⱼ = sign xⱼᵀv, where |xⱼᵀv| ≈ rΣu). On that face F is a quadratic,
    ///
    ///     n·F(θ_S) = Σ_{i∈N} (σᵢyᵢ + (r·s − σᵢx_{i,S})ᵀθ_S)² + |Z|·r²(sᵀθ_S)²   s.t.   X_{Z,S}θ_S = y_Z,
    ///
    /// minimised exactly by one KKT solve (minimum-norm least squares, so a rank-deficient face is
    /// fine). The barrier's primal error is O(ν/τ); this one is at rounding level once the face is right.
    /// A wrong face only gives a worse candidate: every candidate's F is evaluated exactly.
    func crossoverCandidates(_ point: Point) -> [[Double]] {
        Self.activeFractions.compactMap { crossover(point, activeFraction: $0) }
    }

    private func crossover(_ point: Point, activeFraction: Double) -> [Double]? {
        let d = x.columns
        var nonzero: [Int] = []
        var residualSigns: [Double] = []
        var zero: [Int] = []
        for i in 0..<n {
            if min(point.p[i], point.q[i]) <= activeFraction * point.u[i] {
                nonzero.append(i)
                residualSigns.append(point.v[i] > 0 ? 1 : -1)
            } else {
                zero.append(i)
            }
        }
        var support: [Int] = []
        var weightSigns: [Double] = []
        for j in 0..<d where min(point.lower[j], point.upper[j]) <= activeFraction * point.a {
            support.append(j)
            weightSigns.append(point.c[j] > 0 ? 1 : -1)
        }
        let m = support.count
        let z = zero.count
        guard m > 0, m + z <= 4 * n else { return nil }
        // rows of B: r·s − σᵢ·x_{i,S} (i ∈ N); offsets bᵢ = σᵢyᵢ
        var b = Matrix(rows: max(nonzero.count, 1), columns: m)
        var offsets = [Double](repeating: 0, count: b.rows)
        for (row, i) in nonzero.enumerated() {
            offsets[row] = residualSigns[row] * y[i]
            for (k, j) in support.enumerated() { b[row, k] = radius * weightSigns[k] - residualSigns[row] * x[i, j] }
        }
        let quadratic = Matrix.multiply(b, .transpose, b, .none)
        let linear = b.multiply(offsets, .transpose)
        let interpolationWeight = Double(z) * radius * radius
        // KKT: [Q A_Zᵀ; A_Z 0][θ_S; μ] = [−Bᵀb; y_Z], Q = BᵀB + |Z|r²ssᵀ
        var kkt = Matrix(rows: m + z, columns: m + z)
        var rhs = [Double](repeating: 0, count: m + z)
        for k in 0..<m {
            rhs[k] = -linear[k]
            for l in 0..<m { kkt[k, l] = quadratic[k, l] + interpolationWeight * weightSigns[k] * weightSigns[l] }
        }
        for (row, i) in zero.enumerated() {
            rhs[m + row] = y[i]
            for (k, j) in support.enumerated() {
                kkt[m + row, k] = x[i, j]
                kkt[k, m + row] = x[i, j]
            }
        }
        guard let solution = try? minimumNormLeastSquares(kkt, rhs) else { return nil }
        var theta = [Double](repeating: 0, count: d)
        for (k, j) in support.enumerated() { theta[j] = solution.solution[k] }
        return theta.allSatisfy(\.isFinite) ? theta : nil
    }
}
