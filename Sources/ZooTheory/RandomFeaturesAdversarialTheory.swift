import Foundation

// MARK: - Hassani & Javanmard 2022, Theorem 4.2

/// The asymptotic standard and robust risks of adversarially trained random-features regression
/// (Hassani & Javanmard 2022, *The curse of overparametrization in adversarial training*,
/// arXiv 2201.05149, Theorem 4.2, eq. 4.4–4.6).
///
/// Setting: x ~ N(0, I_d), y = xᵀβ₀ + N(0, τ²), ‖β₀‖ = 1; f(x) = θᵀσ(Wx) with N = ψ₁d rows of W
/// uniform on the unit sphere and σ(t) = max(t, 0) − 1/√(2π); n = ψ₂d training points; θ̂ minimises
/// the surrogate (1/2n) Σᵢ (|yᵢ − f(xᵢ)| + ε‖Jθ‖)² (the `adversarial-rf` estimator's `surrogate` mode);
/// d, N, n → ∞ in proportion. With, for z < 0, the (negated) Stieltjes transform
///   S(z; ψ₁) = (1 − ψ₁ − z − √((1 − ψ₁ − z)² − 4ψ₁z))/(−2ψ₁z) < 0,
/// - σ² = τ² + 1 − ψ₁[1 + (1 − 2/π)·S(2/π − 1; ψ₁)], the irreducible error (best linear fit of the
///   target on the features);
/// - c = γ(τ_g + β)/(εβ√(α² + σ²)), and ν* ≥ 0 the root of c − (β/τ_g)ν − ν·erf(ν/√2) − √(2/π)e^(−ν²/2)
///   (positive iff c > √(2/π); the left side decreases in ν, so bisection on [0, c]);
/// - (α*, τ_g*, β*, γ*, τ_q*) the saddle point of max_{β,γ,τ_q ≥ 0} min_{α,τ_g ≥ 0} R with
///   R = (τ_q/(2α))(τ² + 1 − σ²) − ατ_q/2 + (βτ_g/2)ψ₂ + β(σ² + α²)/(2(τ_g + β))
///       + 𝟙{c > √(2/π)}·[β²(α² + σ²)/(2τ_g(τ_g + β))]·(erf(ν*/√2) − cν*)
///       − (α/τ_q)·sup_{0 ≤ λ < 1} [(λψ₁/2){τ_q²/α² + β² + (τ_q²/α²·(1 − 2λ/π) + (2/π)(1 − λ)β²)·S(2λ/π − 1; ψ₁)}
///                                   − λγ²/(2(1 − λ))];
/// - with r = ε_test·β*ν*/(ε·τ_g*): standard risk → α*² + σ², robust risk → (α*² + σ²)(1 + r² + 2√(2/π)·r)
///   (target t = y, the label; the robust risk is the surrogate's first-order one, (|y − f| + ε_test‖Jθ‖)²).
///
/// Numerics (see `solve`): the inner sup by a grid in λ = 1 − e^(−t) refined by golden section; the
/// saddle by nested Nelder–Mead in log-coordinates (outer max over (β, γ, τ_q) of the inner min over
/// (α, τ_g)) from several starts, each polished by Newton's method on ∇R = 0 with finite differences,
/// keeping the best stationary point (largest outer value among those with a small scaled gradient).
/// Where adversarial training returns θ̂ = 0 (large ε, small ψ₁) the saddle sits on the boundary
/// τ_g → 0 and is not unique; the risks are still determined, SR = AR = 1 + τ² (α*² = 1 + τ² − σ²),
/// and the result says so (`regime == .zeroEstimator`).
public struct RandomFeaturesAdversarialTheory: Sendable {
    /// The formula name rows carry.
    public static let formula = "hassani-javanmard-4.2"

    /// ψ₁ = N/d, ψ₂ = n/d, the training radius ε > 0, the test radius, the noise level τ.
    public let featuresRatio: Double
    public let samplesRatio: Double
    public let trainingRadius: Double
    public let testRadius: Double
    public let noise: Double

    public enum Regime: String, Sendable {
        /// An interior saddle point (θ̂ ≠ 0).
        case interior
        /// The boundary τ_g → 0: adversarial training returns θ̂ = 0.
        case zeroEstimator = "zero-estimator"
    }

    public struct Solution: Sendable {
        /// α*, τ_g*, β*, γ*, τ_q*.
        public let saddle: [Double]
        /// R at the saddle point.
        public let value: Double
        /// ν* at the saddle point (0 when c ≤ √(2/π)).
        public let nu: Double
        /// ‖x ⊙ ∇R(x)‖∞ at the returned point (scaled stationarity).
        public let stationarity: Double
        public let regime: Regime
        /// Lim standard risk α*² + σ² (target y).
        public let standardRisk: Double
        /// Lim robust risk (α*² + σ²)(1 + r² + 2√(2/π)r) (target y).
        public let robustRisk: Double
        /// σ².
        public let irreducibleError: Double
        /// erf(ν*/√2): the predicted fraction of training residuals that are exactly zero.
        public let zeroResidualFraction: Double
        /// r = ε_test·β*ν*/(ε·τ_g*): the test gradient norm ε_test‖Jθ̂‖ in units of √(α*² + σ²).
        public let gradientRatio: Double
    }

    public init(featuresRatio: Double, samplesRatio: Double, trainingRadius: Double, testRadius: Double, noise: Double)
    {
        precondition(
            featuresRatio > 0 && samplesRatio > 0 && trainingRadius > 0 && testRadius >= 0 && noise >= 0,
            "RandomFeaturesAdversarialTheory: need ψ₁, ψ₂, ε > 0 and ε_test, τ ≥ 0")
        self.featuresRatio = featuresRatio
        self.samplesRatio = samplesRatio
        self.trainingRadius = trainingRadius
        self.testRadius = testRadius
        self.noise = noise
    }

    // MARK: The pieces of the formula

    /// S(z; ψ₁) for z < 0, in the form without cancellation: −2/(a + √(a² − 4ψ₁z)) when
    /// a = 1 − ψ₁ − z > 0 (rationalised), the formula as written otherwise.
    public static func stieltjes(_ z: Double, _ psi1: Double) -> Double {
        precondition(z < 0 && psi1 > 0, "stieltjes: need z < 0, ψ₁ > 0")
        let a = 1 - psi1 - z
        let root = (a * a - 4 * psi1 * z).squareRoot()
        return a > 0 ? -2 / (a + root) : (a - root) / (-2 * psi1 * z)
    }

    /// σ² = τ² + 1 − ψ₁[1 + (1 − 2/π)·S(2/π − 1; ψ₁)].
    public var irreducibleError: Double {
        let c = 1 - 2 / Double.pi
        return noise * noise + 1 - featuresRatio * (1 + c * Self.stieltjes(-c, featuresRatio))
    }

    /// ν* ≥ 0 with c − (β/τ_g)ν − ν·erf(ν/√2) − √(2/π)e^(−ν²/2) = 0, or 0 when c ≤ √(2/π).
    /// The left side g is decreasing and concave (g' = −β/τ_g − erf(ν/√2), g'' = −√(2/π)e^(−ν²/2)), so
    /// Newton's method from the right end of the bracket [0, c] (g(c) < 0) descends to the root without
    /// overshooting; a step leaving the bracket bisects instead.
    static func nu(c: Double, slope: Double) -> Double {
        let rootTwoOverPi = (2 / Double.pi).squareRoot()
        guard c > rootTwoOverPi else { return 0 }
        var low = 0.0
        var high = c
        var v = c
        for _ in 0..<100 {
            let e = Foundation.erf(v / 2.0.squareRoot())
            let g = c - slope * v - v * e - rootTwoOverPi * Foundation.exp(-0.5 * v * v)
            if g > 0 { low = v } else { high = v }
            var next = v + g / (slope + e)
            if !(next > low && next <= high) { next = 0.5 * (low + high) }
            if abs(next - v) <= 1e-15 * max(v, 1e-300) || high - low <= 1e-15 * high { return next }
            v = next
        }
        return v
    }

    /// The grid in λ = 1 − e^(−t), t ∈ [0, 35], for the inner sup (dense near λ = 0 and near 1).
    static let lambdaGrid: [Double] = (0...40).map { 1 - Foundation.exp(-35 * Foundation.pow(Double($0) / 40, 2)) }

    /// sup over 0 ≤ λ < 1 of the bracket in R (≥ 0, the value at λ = 0).
    func innerSupremum(alpha: Double, beta: Double, gamma: Double, tauQ: Double) -> Double {
        let psi1 = featuresRatio
        let q = tauQ * tauQ / (alpha * alpha)
        let b2 = beta * beta
        let f = { (lambda: Double) -> Double in
            guard lambda > 0 else { return 0 }
            guard lambda < 1 else {
                return gamma == 0
                    ? (psi1 / 2) * (q + b2 + q * (1 - 2 / Double.pi) * Self.stieltjes(2 / Double.pi - 1, psi1))
                    : -.infinity
            }
            let s = Self.stieltjes(2 * lambda / Double.pi - 1, psi1)
            return (lambda * psi1 / 2)
                * (q + b2 + (q * (1 - 2 * lambda / Double.pi) + (2 / Double.pi) * (1 - lambda) * b2) * s)
                - lambda * gamma * gamma / (2 * (1 - lambda))
        }
        return max(0, ScalarOptimization.gridThenGoldenMaximum(f, grid: Self.lambdaGrid).value)
    }

    /// R(α, τ_g, β, γ, τ_q) with σ² given; +∞/−∞ outside the domain so optimisers stay inside.
    func objective(_ v: [Double], sigma2: Double) -> Double {
        let alpha = v[0]
        let tauG = v[1]
        let beta = v[2]
        let gamma = v[3]
        let tauQ = v[4]
        guard alpha > 0, tauG > 0, beta > 0, gamma >= 0, tauQ > 0 else { return .nan }
        let tau2 = noise * noise
        let spread = alpha * alpha + sigma2
        var r =
            (tauQ / (2 * alpha)) * (tau2 + 1 - sigma2) - alpha * tauQ / 2 + (beta * tauG / 2) * samplesRatio
            + beta * spread / (2 * (tauG + beta))
        let c = gamma * (tauG + beta) / (trainingRadius * beta * spread.squareRoot())
        if c > (2 / Double.pi).squareRoot() {
            let v = Self.nu(c: c, slope: beta / tauG)
            r += beta * beta * spread / (2 * tauG * (tauG + beta)) * (Foundation.erf(v / 2.0.squareRoot()) - c * v)
        }
        r -= (alpha / tauQ) * innerSupremum(alpha: alpha, beta: beta, gamma: gamma, tauQ: tauQ)
        return r
    }
}

// MARK: - The saddle-point solve

extension RandomFeaturesAdversarialTheory {
    /// Bounds on log v for every variable v (the domain v > 0, kept away from 0 and ∞).
    static let logBounds = -30.0...15.0
    /// τ_g*·ψ₂ below this (relative to β*) is the boundary τ_g → 0: θ̂ = 0 (τ_g* scales as 1/ψ₂ relative
    /// to β* at an interior saddle, so the test is on τ_g*·ψ₂).
    static let boundaryThreshold = 1e-7

    /// Solves for the saddle point and returns the limits. Deterministic; about 10⁵ evaluations of R.
    public func solve() -> Solution {
        let sigma2 = irreducibleError
        let clamp = { (u: Double) in min(max(u, Self.logBounds.lowerBound), Self.logBounds.upperBound) }
        let r = { (u: [Double]) -> Double in
            let value = self.objective(u.map { Foundation.exp(clamp($0)) }, sigma2: sigma2)
            return value.isNaN ? .infinity : value
        }
        // Inner: min over (log α, log τ_g) for fixed (log β, log γ, log τ_q), warm-started from the last one.
        // Every start is shifted by the saddle's scaling at large ψ₂ (`startShift`).
        let shift = Self.startShift(samplesRatio: samplesRatio)
        let origin = [shift[0], shift[1]]
        var warm = origin
        let inBounds = { (u: [Double]) in u.allSatisfy { Self.logBounds.contains($0) } }
        let inner = { (outer: [Double]) -> (u: [Double], value: Double) in
            guard inBounds(outer) else { return (warm, -.infinity) }
            var best = (u: warm, value: Double.infinity)
            for start in warm == origin ? [warm] : [warm, origin] {
                let result = ScalarOptimization.nelderMead(
                    { inBounds($0) ? r($0 + outer) : .infinity }, start: start, scale: 0.5,
                    tolerance: 1e-12, maxEvaluations: 400)
                if result.value < best.value { best = (result.x, result.value) }
            }
            if best.value.isFinite { warm = best.u }
            return best
        }
        var best: (u: [Double], value: Double, stationarity: Double)?
        for unshifted in Self.outerStarts {
            let start = zip(unshifted, shift[2...]).map { $0 + $1 }
            warm = origin
            let outer = ScalarOptimization.nelderMead(
                { -inner($0).value }, start: start, scale: 0.7, tolerance: 1e-10, maxEvaluations: 300)
            let candidate = polish(inner(outer.x).u + outer.x, r)
            // Keep the best stationary point: the largest outer value among points with a small gradient.
            if let current = best {
                let bothStationary = candidate.stationarity <= 1e-6 && current.stationarity <= 1e-6
                if bothStationary ? candidate.value > current.value : candidate.stationarity < current.stationarity {
                    best = candidate
                }
            } else {
                best = candidate
            }
            if best!.stationarity <= 1e-7 { break }
        }
        let chosen = best!
        let v = refiningGamma(chosen.u.map { Foundation.exp(clamp($0)) }, sigma2: sigma2)
        return risks(at: v, value: objective(v, sigma2: sigma2), stationarity: chosen.stationarity, sigma2: sigma2)
    }

    /// The saddle with γ re-maximised alone, in linear coordinates, when c is at or below the kink
    /// √(2/π) (within 1%). There R depends on γ through the κ² = (c − √(2/π))² term of the interpolated
    /// fraction (≈ −β(α² + σ²)κ²/(2(τ_g + β)) for small κ) and through the inner supremum: at small ε
    /// (or large ψ₂) the optimum has κ ≈ ε·‖Jθ̂‖/√(α² + σ²) of order ε, a change in R of order ε², which
    /// the searches in log coordinates do not resolve (they may stop at γ → 0, where R is flat in log γ
    /// and the gradient term, r = κ·ε_test/ε, vanishes). R is concave in γ, so golden section on
    /// [0, 4·max(γ at the kink, γ)] finds the maximum; it is kept only if it raises R.
    func refiningGamma(_ v: [Double], sigma2: Double) -> [Double] {
        let alpha = v[0]
        let tauG = v[1]
        let beta = v[2]
        let spread = alpha * alpha + sigma2
        let rootTwoOverPi = (2 / Double.pi).squareRoot()
        let kink = rootTwoOverPi * trainingRadius * beta * spread.squareRoot() / (tauG + beta)
        guard v[3] <= 1.01 * kink, kink.isFinite, kink > 0 else { return v }
        let value = { (gamma: Double) -> Double in
            var w = v
            w[3] = gamma
            let r = self.objective(w, sigma2: sigma2)
            return r.isNaN ? -.infinity : r
        }
        let high = 4 * max(kink, v[3])  // the search runs on γ/high ∈ [0, 1], to 1e-12 of the bracket
        let best = ScalarOptimization.goldenMaximum({ value($0 * high) }, low: 0, high: 1, iterations: 200)
        guard best.value > value(v[3]) else { return v }
        var refined = v
        refined[3] = best.x * high
        return refined
    }

    /// Whether a Hessian (variables α, τ_g, β, γ, τ_q) is positive definite on the first two and
    /// negative definite on the last three (Sylvester's criterion on each block).
    static func isProperSaddle(_ h: [[Double]]) -> Bool {
        let inner = h[0][0] > 0 && h[0][0] * h[1][1] - h[0][1] * h[1][0] > 0
        let b = (2..<5).map { i in (2..<5).map { j in -h[i][j] } }
        let minor2 = b[0][0] * b[1][1] - b[0][1] * b[1][0]
        let minor3 =
            b[0][0] * (b[1][1] * b[2][2] - b[1][2] * b[2][1]) - b[0][1] * (b[1][0] * b[2][2] - b[1][2] * b[2][0])
            + b[0][2] * (b[1][0] * b[2][1] - b[1][1] * b[2][0])
        return inner && b[0][0] > 0 && minor2 > 0 && minor3 > 0
    }

    /// Starting points (log β, log γ, log τ_q) for the outer search; later ones only if earlier ones
    /// do not end at a stationary point.
    static let outerStarts: [[Double]] = [[0, 0, 0], [1, -1, 1], [-1, 1, -1], [-2, -2, -2]]

    /// The shift of every start (log α, log τ_g, log β, log γ, log τ_q) at large ψ₂: the saddle scales
    /// as α, β, γ, τ_q ∝ ψ₂^(−1/2) and τ_g ∝ ψ₂^(−3/2) (the term β·τ_g·ψ₂/2 balances the others), so
    /// starts at O(1) leave the searches far from it (and R's scale) once ψ₂ is large; beyond
    /// `unshiftedSamplesRatio` the starts follow that scaling (below it, none: those values stay as they were).
    static func startShift(samplesRatio: Double) -> [Double] {
        let s = Foundation.log(max(samplesRatio / unshiftedSamplesRatio, 1))
        return [-0.5 * s, -1.5 * s, -0.5 * s, -0.5 * s, -0.5 * s]
    }

    /// ψ₂ up to which the starts are not shifted.
    static let unshiftedSamplesRatio = 100.0

    /// Newton's method on ∇R = 0 in log coordinates (finite-difference gradient and Hessian), accepting
    /// a step only if it lowers ‖∇R‖∞; returns the point, R there and ‖∇R‖∞ (= ‖v ⊙ ∂R/∂v‖∞).
    func polish(_ start: [Double], _ r: ([Double]) -> Double) -> (u: [Double], value: Double, stationarity: Double) {
        var u = start
        var grad = ScalarOptimization.gradient(r, at: u)
        var norm = grad.map(abs).max()!
        for _ in 0..<10 where norm > 1e-11 {
            let h = ScalarOptimization.hessian(r, at: u)
            guard let step = ScalarOptimization.solve(h, grad.map { -$0 }) else { break }
            var accepted = false
            for damping in [1.0, 0.5, 0.25] {
                let next = zip(u, step).map {
                    min(max($0 + damping * $1, Self.logBounds.lowerBound), Self.logBounds.upperBound)
                }
                let nextGrad = ScalarOptimization.gradient(r, at: next)
                let nextNorm = nextGrad.map(abs).max()!
                if nextNorm < norm, r(next).isFinite {
                    (u, grad, norm, accepted) = (next, nextGrad, nextNorm, true)
                    break
                }
            }
            if !accepted { break }
        }
        return (u, r(u), norm)
    }

    /// The limits at a saddle point v = (α, τ_g, β, γ, τ_q).
    func risks(at v: [Double], value: Double, stationarity: Double, sigma2: Double) -> Solution {
        let alpha = v[0]
        let tauG = v[1]
        let beta = v[2]
        let gamma = v[3]
        let spread = alpha * alpha + sigma2
        let c = gamma * (tauG + beta) / (trainingRadius * beta * spread.squareRoot())
        let nu = Self.nu(c: c, slope: beta / tauG)
        if tauG * max(samplesRatio, 1) < Self.boundaryThreshold * beta {
            let total = 1 + noise * noise
            return Solution(
                saddle: v, value: value, nu: nu, stationarity: stationarity, regime: .zeroEstimator,
                standardRisk: total, robustRisk: total, irreducibleError: sigma2,
                zeroResidualFraction: 0, gradientRatio: 0)
        }
        let ratio = testRadius * beta * nu / (trainingRadius * tauG)
        return Solution(
            saddle: v, value: value, nu: nu, stationarity: stationarity, regime: .interior,
            standardRisk: spread,
            robustRisk: spread * (1 + ratio * ratio + 2 * (2 / Double.pi).squareRoot() * ratio),
            irreducibleError: sigma2, zeroResidualFraction: Foundation.erf(nu / 2.0.squareRoot()),
            gradientRatio: ratio)
    }
}
