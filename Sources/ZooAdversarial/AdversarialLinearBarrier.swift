import Foundation
import ZooCore
import ZooLinalg

// MARK: - Log-barrier Newton method on the n-dimensional dual

/// Solves adversarial linear regression through its dual (see `AdversarialLinearDual`) by a
/// log-barrier method: for growing τ, Newton's method minimises
///
///     Φ_τ(u, v) = τ(‖u‖² − 2yᵀv)/n − Σᵢ log(uᵢ − vᵢ) − Σᵢ log(uᵢ + vᵢ) − Ψ(u, v),
///     ℓ₂:  Ψ = log((rΣu)² − vᵀKv),  K = XXᵀ                       (barrier parameter ν = 2n + 2)
///     ℓ∞:  Ψ = Σⱼ log(rΣu − xⱼᵀv) + log(rΣu + xⱼᵀv), xⱼ column j of X  (ν = 2n + 2d)
///
/// from the strictly feasible start u = √(‖y‖²/n)·1, v = 0, τ₀ = ν·n/‖y‖², τ ← 4τ once λ²/2 ≤ 1e-6.
/// Primal candidates at each centre, the best kept: the barrier multipliers of the norm constraint
/// (stationarity of Φ_τ in v reads y − Xθ̂ = (n/2τ)(1/(u−v) − 1/(u+v))), i.e.
/// ℓ₂: θ̂ = n·Xᵀv / (τ·((rΣu)² − vᵀKv)); ℓ∞: θ̂ⱼ = (n/2τ)(1/(rΣu − xⱼᵀv) − 1/(rΣu + xⱼᵀv)); their
/// Richardson extrapolation (4θ̂(4τ) − θ̂(τ))/3 (the central path is θ* + O(1/τ)); for ℓ₂ the best
/// multiple of Xᵀv (θ* ∝ Xᵀv* at the optimum; exact 1-D minimisation). The lower bound is the dual
/// value D*(v) of `AdversarialLinearDual.lowerBound`, valid for any v, so F(θ̂) − D*(v) is a rigorous
/// optimality gap; the solver stops when it is below `tolerance`·F(θ̂) and fails otherwise, naming the
/// gap reached. The slacks are carried as variables (updated by the step) rather than recomputed as
/// differences, which keeps their tiny values accurate near the optimum.
///
/// Newton systems are 2n×2n with diagonal-plus-low-rank blocks except the vv block; u is eliminated
/// in O(n²) and one n×n Cholesky factorisation solves the Schur complement. Cost per step: O(n²) + n³/3
/// for ℓ₂ (K is formed once by SYRK), plus one weighted Gram X·diag(w)·Xᵀ (n²d) for ℓ∞.
struct AdversarialLinearBarrier {
    let x: Matrix
    let y: [Double]
    let radius: Double
    let norm: AttackNorm
    /// K = XXᵀ (ℓ₂ only).
    let gramMatrix: Matrix?
    let tolerance: Double
    let maxSteps: Int

    /// τ grows by this factor once the Newton decrement is small (10 is faster on easy problems but can
    /// leave Newton crawling for hundreds of steps after a jump, e.g. ℓ₂ at n = 800, d = 2000).
    static let barrierGrowth = 4.0
    /// λ²/2 below which a barrier subproblem counts as centred.
    static let centering = 1e-6
    /// Armijo fraction and the fraction of the distance to the boundary a step may take.
    static let armijo = 0.01
    static let boundaryFraction = 0.9
    /// A step shorter than this at a decrement below `stallDecrement` ends the centring (Φ's rounding level).
    static let stallStep = 1e-3
    static let stallDecrement = 1e-4
    /// Iterative-refinement passes on each Newton system, and the relative residual that ends them.
    static let refinementSteps = 8
    static let refinementTolerance = 1e-12
    /// Relative gap below which the ℓ∞ crossover is attempted.
    static let crossoverGap = 1e-2

    struct Outcome {
        var theta: [Double]
        var objective: Double
        var lowerBound: Double
        var newtonSteps: Int
        var barrierRounds: Int
        var relativeGap: Double { objective > 0 ? max(0, objective - lowerBound) / objective : 0 }
    }

    /// One iterate. The slacks (u − v, u + v and the norm constraint's) are stored beside u and v and
    /// updated from the step, never recomputed as differences of O(1) numbers: near the optimum they
    /// are tiny, and the primal point is built from their reciprocals.
    struct Point {
        var u: [Double], v: [Double]
        var p: [Double], q: [Double]  // u − v, u + v
        var a: Double  // r·Σu
        var kv: [Double] = []  // ℓ₂: K v
        var g: Double = 0  // ℓ₂: a² − vᵀKv
        var c: [Double] = []  // ℓ∞: Xᵀv
        var lower: [Double] = []  // ℓ∞: a − c
        var upper: [Double] = []  // ℓ∞: a + c
    }

    var n: Int { y.count }
    var nu: Double { Double(2 * n) + (norm == .l2 ? 2 : Double(2 * x.columns)) }

    // MARK: Driver

    func solve() throws(ZooError) -> Outcome {
        let scale = (Vectors.squaredNorm(y) / Double(n)).squareRoot()
        var point = startingPoint(level: max(scale, .leastNormalMagnitude))
        var tau = nu / (scale * scale)
        var best = Outcome(theta: [], objective: .infinity, lowerBound: 0, newtonSteps: 0, barrierRounds: 1)
        var steps = 0
        var previous: [Double]? = nil
        var stop = "it reached max-iterations=\(maxSteps) Newton steps: raise max-iterations or loosen tolerance"
        while steps < maxSteps {
            steps += 1
            guard let (du, dv, decrement) = newtonStep(point, tau: tau) else {
                _ = updateCertificate(&best, point, tau: tau, previous: &previous)
                stop =
                    "the Newton system became numerically singular (the barrier is as close to the boundary as double precision allows), so more iterations cannot help: loosen tolerance, or rescale the data"
                break
            }
            var centred = decrement / 2 <= Self.centering
            if !centred {
                if let (moved, step) = lineSearch(point, du: du, dv: dv, tau: tau, decrement: decrement) {
                    point = moved
                    // a tiny accepted step at a small decrement is rounding noise in Φ: the centre is reached
                    if step < Self.stallStep, decrement < Self.stallDecrement { centred = true }
                } else {
                    centred = true  // no further decrease at this τ: the subproblem's precision limit
                }
            }
            if centred {
                guard updateCertificate(&best, point, tau: tau, previous: &previous) else {
                    if best.relativeGap > tolerance {
                        stop =
                            "the primal point stopped being finite (double precision exhausted), so more iterations cannot help: loosen tolerance, or rescale the data"
                    }
                    break
                }
                tau *= Self.barrierGrowth
                best.barrierRounds += 1
            }
        }
        best.newtonSteps = steps
        if !best.objective.isFinite { _ = updateCertificate(&best, point, tau: tau, previous: &previous) }
        guard best.objective.isFinite else {
            throw .numerical(
                "adversarial-linear: the barrier method broke down before reaching a primal point; try a larger radius or check the data scale"
            )
        }
        guard best.relativeGap <= tolerance else {
            throw .numerical(
                "adversarial-linear(norm=\(norm.rawValue), n=\(n)): stopped after \(steps) Newton steps at relative optimality gap \(best.relativeGap), above the tolerance \(tolerance), because \(stop)"
            )
        }
        return best
    }

    /// Evaluates the certificate at `point`, keeps the best primal; returns whether to go on.
    private func updateCertificate(_ best: inout Outcome, _ point: Point, tau: Double, previous: inout [Double]?)
        -> Bool
    {
        let constraintNorm =
            norm == .l2 ? max(Vectors.dot(point.v, point.kv), 0).squareRoot() : Vectors.normInf(point.c)
        let lower = AdversarialLinearDual.lowerBound(
            targets: y, v: point.v, constraintNorm: constraintNorm, radius: radius)
        best.lowerBound = max(best.lowerBound, lower)
        let theta = primal(point, tau: tau)
        guard theta.allSatisfy(\.isFinite) else { return false }
        consider(theta, &best)
        // Richardson extrapolation along the central path, θ̂(τ) ≈ θ* + c/τ: removes the 1/τ term
        if let previous {
            let g = Self.barrierGrowth
            consider((0..<theta.count).map { (g * theta[$0] - previous[$0]) / (g - 1) }, &best)
        }
        previous = theta
        switch norm {
        case .l2:
            // at the optimum θ* ∝ Xᵀv*: the best multiple of Xᵀv along that accurate direction
            consider(bestMultiple(of: x.multiply(point.v, .transpose)), &best)
        case .linf:
            // once the gap is small the slacks identify the optimal face: solve on it exactly
            if best.relativeGap < Self.crossoverGap {
                for candidate in crossoverCandidates(point) { consider(candidate, &best) }
            }
        }
        return best.relativeGap > tolerance
    }

    /// Keeps `theta` if its objective beats the best so far.
    private func consider(_ theta: [Double], _ best: inout Outcome) {
        let objective = AdversarialLinearDual.objective(
            targets: y, predictions: x.multiply(theta), penaltyNorm: norm.dualNorm(theta), radius: radius)
        if objective < best.objective {
            best.objective = objective
            best.theta = theta
        }
    }

    /// θ̂ from the barrier multipliers of the norm constraint.
    func primal(_ point: Point, tau: Double) -> [Double] {
        switch norm {
        case .l2:
            return Vectors.scaled(x.multiply(point.v, .transpose), by: Double(n) / (tau * point.g))
        case .linf:
            let half = Double(n) / (2 * tau)
            return (0..<x.columns).map { half * (1 / point.lower[$0] - 1 / point.upper[$0]) }
        }
    }

    // MARK: Barrier pieces

    func startingPoint(level: Double) -> Point {
        let u = [Double](repeating: level, count: n)
        let v = [Double](repeating: 0, count: n)
        var point = Point(u: u, v: v, p: u, q: u, a: radius * level * Double(n))
        switch norm {
        case .l2:
            point.kv = v
            point.g = point.a * point.a
        case .linf:
            point.c = [Double](repeating: 0, count: x.columns)
            point.lower = [Double](repeating: point.a, count: x.columns)
            point.upper = point.lower
        }
        return point
    }

    /// Φ_τ, or +∞ outside the domain.
    func barrierValue(_ point: Point, tau: Double) -> Double {
        var value = tau * (Vectors.squaredNorm(point.u) - 2 * Vectors.dot(y, point.v)) / Double(n)
        for i in 0..<n {
            guard point.p[i] > 0, point.q[i] > 0 else { return .infinity }
            value -= log(point.p[i] * point.q[i])
        }
        switch norm {
        case .l2:
            guard point.a > 0, point.g > 0 else { return .infinity }
            value -= log(point.g)
        case .linf:
            for j in 0..<x.columns {
                guard point.lower[j] > 0, point.upper[j] > 0 else { return .infinity }
                value -= log(point.lower[j] * point.upper[j])
            }
        }
        return value
    }

    /// The Newton direction and decrement λ² = −∇Φᵀ(Δu, Δv), or nil if the system cannot be solved.
    func newtonStep(_ point: Point, tau: Double) -> (du: [Double], dv: [Double], decrement: Double)? {
        let diagonal = BarrierDiagonal(point, y: y, tau: tau)
        if norm == .l2 { return coneNewtonStep(point, tau: tau, diagonal: diagonal) }
        var gu = diagonal.gu
        var gv = diagonal.gv
        let duu = diagonal.duu
        let duv = diagonal.duv
        let dvv = diagonal.dvv
        // the 2d constraints |xⱼᵀv| ≤ rΣu: gradient (r·Σⱼ(1/lⱼ + 1/hⱼ)·1, X(1/l − 1/h)), Hessian
        // [[α11ᵀ, 1bᵀ], [b1ᵀ, M]] with α = r²Σw, b = rX(1/h² − 1/l²), M = X·diag(w)·Xᵀ, w = 1/l² + 1/h²
        let d = x.columns
        var weights = [Double](repeating: 0, count: d)
        var difference = weights
        var signedInverse = weights
        var inverseSum = 0.0
        var weightSum = 0.0
        for j in 0..<d {
            let il = 1 / point.lower[j]
            let iu = 1 / point.upper[j]
            inverseSum += il + iu
            signedInverse[j] = il - iu
            weights[j] = il * il + iu * iu
            difference[j] = iu * iu - il * il
            weightSum += weights[j]
        }
        let coneV = x.multiply(signedInverse)
        for i in 0..<n {
            gu[i] -= radius * inverseSum
            gv[i] += coneV[i]
        }
        let alpha = radius * radius * weightSum
        let b = Vectors.scaled(x.multiply(difference), by: radius)
        let weighted = gram(scaledColumns(x, by: weights), .rows)
        // eliminate u: Huu = diag(duu) + α11ᵀ, Huv = diag(duv) + 1bᵀ; Schur complement on v
        // S = M + diag(dvv − duv²/duu) + γmmᵀ − κ(mbᵀ + bmᵀ) − κs·bbᵀ, e = 1/duu, s = Σe, m = duv·e
        let e = duu.map { 1 / $0 }
        let s = e.reduce(0, +)
        let kappa = 1 / (1 + alpha * s)
        let gamma = alpha * kappa
        let mm = (0..<n).map { duv[$0] * e[$0] }
        var schur = weighted
        schur.withUnsafeMutableBufferPointer { entries in
            for i in 0..<n {
                entries[i * n + i] += diagonal.reducedVV[i]
                for j in 0..<n {
                    entries[i * n + j] +=
                        gamma * mm[i] * mm[j] - kappa * (mm[i] * b[j] + b[i] * mm[j]) - kappa * s * b[i] * b[j]
                }
            }
        }
        guard let factor = choleskyFactor(schur) else { return nil }
        func huuInverse(_ z: [Double]) -> [Double] {
            let projection = gamma * Vectors.dot(e, z)
            return (0..<n).map { e[$0] * z[$0] - projection * e[$0] }
        }
        // H⁻¹(ru, rv) by block elimination: S·Δv = rv − Hvu·Huu⁻¹ru, Δu = Huu⁻¹(ru − Huv·Δv)
        func solve(_ ru: [Double], _ rv: [Double]) -> ([Double], [Double]) {
            let hr = huuInverse(ru)
            let hrSum = hr.reduce(0, +)
            let dv = factor.solve((0..<n).map { rv[$0] - (duv[$0] * hr[$0] + b[$0] * hrSum) })
            let bdv = Vectors.dot(b, dv)
            return (huuInverse((0..<n).map { ru[$0] - duv[$0] * dv[$0] - bdv }), dv)
        }
        func hessianTimes(_ du: [Double], _ dv: [Double]) -> ([Double], [Double]) {
            let sdu = du.reduce(0, +)
            let bdv = Vectors.dot(b, dv)
            let mdv = weighted.multiply(dv)
            let hu = (0..<n).map { duu[$0] * du[$0] + alpha * sdu + duv[$0] * dv[$0] + bdv }
            let hv = (0..<n).map { duv[$0] * du[$0] + b[$0] * sdu + dvv[$0] * dv[$0] + mdv[$0] }
            return (hu, hv)
        }
        let (du, dv) = refined(solve: solve, times: hessianTimes, ru: gu.map { -$0 }, rv: gv.map { -$0 })
        let decrement = -(Vectors.dot(gu, du) + Vectors.dot(gv, dv))
        guard decrement.isFinite, decrement >= 0 else { return nil }
        return (du, dv, decrement)
    }

    /// Backtracking line search inside the domain with the Armijo condition; nil if no step decreases Φ.
    func lineSearch(_ point: Point, du: [Double], dv: [Double], tau: Double, decrement: Double) -> (Point, Double)? {
        var t = 1.0
        var dp = [Double](repeating: 0, count: n)
        var dq = dp
        for i in 0..<n {
            dp[i] = du[i] - dv[i]
            dq[i] = du[i] + dv[i]
            if dp[i] < 0 { t = min(t, Self.boundaryFraction * point.p[i] / -dp[i]) }
            if dq[i] < 0 { t = min(t, Self.boundaryFraction * point.q[i] / -dq[i]) }
        }
        let da = radius * du.reduce(0, +)
        var dkv: [Double] = []
        var dc: [Double] = []
        var dLower: [Double] = []
        var dUpper: [Double] = []
        var gLinear = 0.0
        var gQuadratic = 0.0
        switch norm {
        case .l2:
            dkv = gramMatrix!.multiply(dv)
            gLinear = 2 * point.a * da - 2 * Vectors.dot(point.kv, dv)
            gQuadratic = da * da - Vectors.dot(dv, dkv)
        case .linf:
            dc = x.multiply(dv, .transpose)
            dLower = dc.map { da - $0 }
            dUpper = dc.map { da + $0 }
            for j in 0..<x.columns {
                if dLower[j] < 0 { t = min(t, Self.boundaryFraction * point.lower[j] / -dLower[j]) }
                if dUpper[j] < 0 { t = min(t, Self.boundaryFraction * point.upper[j] / -dUpper[j]) }
            }
        }
        let start = barrierValue(point, tau: tau)
        for _ in 0..<60 {
            var moved = point
            Vectors.axpy(t, du, &moved.u)
            Vectors.axpy(t, dv, &moved.v)
            Vectors.axpy(t, dp, &moved.p)
            Vectors.axpy(t, dq, &moved.q)
            moved.a += t * da
            switch norm {
            case .l2:
                Vectors.axpy(t, dkv, &moved.kv)
                moved.g += t * gLinear + t * t * gQuadratic
            case .linf:
                Vectors.axpy(t, dc, &moved.c)
                Vectors.axpy(t, dLower, &moved.lower)
                Vectors.axpy(t, dUpper, &moved.upper)
            }
            let value = barrierValue(moved, tau: tau)
            if value <= start - Self.armijo * t * decrement { return (moved, t) }
            t /= 2
        }
        return nil
    }

    // MARK: Linear algebra helpers

    /// X·diag(√w) (each column j scaled by √wⱼ), so that its row Gram matrix is X·diag(w)·Xᵀ.
    func scaledColumns(_ x: Matrix, by weights: [Double]) -> Matrix {
        var scaled = x
        let roots = weights.map { $0.squareRoot() }
        let columns = x.columns
        scaled.withUnsafeMutableBufferPointer { entries in
            for i in 0..<x.rows {
                for j in 0..<columns { entries[i * columns + j] *= roots[j] }
            }
        }
        return scaled
    }

    /// The Cholesky factor of S, retrying with a small diagonal shift when S is numerically indefinite
    /// (iterative refinement against the unshifted H then removes the shift's effect).
    func choleskyFactor(_ s: Matrix) -> CholeskyFactorization? {
        var shift = 0.0
        let largest = (0..<s.rows).reduce(0) { max($0, s[$1, $1]) }
        for _ in 0..<4 {
            var shifted = s
            if shift > 0 { for i in 0..<s.rows { shifted[i, i] += shift } }
            if let factor = try? CholeskyFactorization(shifted) { return factor }
            shift = shift == 0 ? largest * 1e-14 : shift * 1e3
        }
        return nil
    }
}
