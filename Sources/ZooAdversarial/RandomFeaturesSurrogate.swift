import Foundation
import ZooCore
import ZooLinalg

// MARK: - Hassani & Javanmard's convex surrogate of adversarial training on random features

/// The convex first-order surrogate of adversarial training on f(x) = θᵀσ(Wx) (Hassani & Javanmard
/// 2022, The Curse of Overparametrization in Adversarial Training):
///
///     F(θ) = (1/2n) Σᵢ (|yᵢ − θᵀσ(Wxᵢ)| + r‖Jθ‖)² + (λ/2)‖θ‖²,
///     J² = (WWᵀ) ⊙ (π − arccos(WWᵀ))/(2π)   (so ‖Jθ‖² = θᵀJ²θ = E_x‖∇ₓf(x)‖² for x ~ N(0, I)),
///
/// the inner maximum max_{‖δ‖ ≤ r}(y − f(x + δ))² replaced by (|y − f(x)| + r‖∇ₓf‖)² with the gradient
/// norm by its root mean square. W's rows are unit vectors, so WWᵀ has entries in [−1, 1] (clamped
/// before arccos) and J²'s diagonal is 1/2. (λ/2)‖θ‖² is an optional ridge term (λ = 0 by default;
/// with r = 0 its minimiser is `ridge(lambda=λ)` on the features, since the loss is (1/2n)-scaled).
///
/// Solver: F is convex but not smooth (|·| at zero residuals, ‖Jθ‖ at θ = 0). It is smoothed,
/// |e| → √(e² + ε²) and ‖Jθ‖ → √(θᵀJ²θ + ε²), which keeps it convex (the square of a non-negative convex
/// function), and the smooth F_ε is minimised by damped Newton (exact Hessian, Armijo backtracking, a
/// Levenberg damping of 1e-9·tr(H)/N so that a singular Hessian, e.g. r = 0 with N > n, gives the
/// minimum-norm step), with continuation ε = 1e-2·s, 1e-3·s, … down to 1e-10·s (s = rms(y)), warm
/// started. Stopping: at the final ε, the Newton decrement² /2 ≤ 1e-13·max(F_ε, 1e-12·F(0)). Since 0 ≤ F_ε − F ≤ c√(2F) + c²/2
/// with c = (1 + r)ε, F(θ̂) − min F ≤ decrement²/2 + c√(2F(θ̂)) + c²/2: this bound is reported as
/// `optimality_gap_bound`; if the decrement does not fall below the tolerance within 400 Newton steps
/// the fit fails with the reached decrement.
struct RandomFeaturesSurrogate {
    let features: Matrix  // Φ, n × N
    let targets: [Double]  // y
    let gradientGram: Matrix  // J², N × N
    let radius: Double
    let lambda: Double

    static let finalSmoothing = 1e-10
    static let tolerance = 1e-13
    static let maximumNewtonSteps = 400

    /// J² = (WWᵀ) ⊙ (π − arccos(WWᵀ))/(2π) for unit rows W.
    static func gradientGram(directions w: Matrix) -> Matrix {
        var g = gram(w, .rows)
        g.elements = g.elements.map { c in
            let t = min(1, max(-1, c))
            return t * (Double.pi - acos(t)) / (2 * Double.pi)
        }
        return g
    }

    struct Solution {
        let weights: [Double]
        let objective: Double
        let gapBound: Double
        let newtonSteps: Int
        let objectives: [Double]
    }

    /// F at θ (exact, not smoothed).
    func objective(_ theta: [Double]) -> Double { smoothed(theta, epsilon: 0).value }

    /// F_ε at θ, its residuals e = Φθ − y, a = √(e² + ε²), s_ε and J²θ.
    func smoothed(_ theta: [Double], epsilon: Double)
        -> (value: Double, e: [Double], a: [Double], s: Double, g: [Double])
    {
        let n = Double(targets.count)
        let e = Vectors.difference(features.multiply(theta), targets)
        let g = gradientGram.multiply(theta)
        let s = (max(0, Vectors.dot(theta, g)) + epsilon * epsilon).squareRoot()
        let a = e.map { ($0 * $0 + epsilon * epsilon).squareRoot() }
        var sum = 0.0
        for value in a { sum += (value + radius * s) * (value + radius * s) }
        return (sum / (2 * n) + lambda / 2 * Vectors.dot(theta, theta), e, a, s, g)
    }

    func solve() throws(ZooError) -> Solution {
        let n = Double(targets.count)
        let count = features.columns
        let scale = max((Vectors.dot(targets, targets) / max(1, n)).squareRoot(), 1e-300)
        var theta = [Double](repeating: 0, count: count)
        var epsilon = 1e-2 * scale
        var steps = 0
        var objectives = [Double]()
        // an absolute floor for the relative tolerance: 1e-12 of F(0) (interpolating fits have F ≈ 0)
        let floor = 1e-12 * Vectors.dot(targets, targets) / (2 * max(1, n))
        while true {
            let final = epsilon <= Self.finalSmoothing * scale * 1.0000001
            var decrement = Double.infinity
            while steps < Self.maximumNewtonSteps {
                let point = smoothed(theta, epsilon: epsilon)
                let (gradient, hessian) = derivatives(theta, point, epsilon: epsilon)
                let direction = try newtonDirection(hessian, gradient)
                let slope = Vectors.dot(gradient, direction)  // −decrement²
                decrement = max(0, -slope)
                steps += 1
                if decrement / 2 <= Self.tolerance * max(point.value, floor, 1e-300) { break }
                var t = 1.0
                var accepted = false
                for _ in 0..<60 {
                    var trial = theta
                    Vectors.axpy(t, direction, &trial)
                    let value = smoothed(trial, epsilon: epsilon).value
                    if value <= point.value + 0.25 * t * slope {
                        theta = trial
                        accepted = true
                        break
                    }
                    t /= 2
                }
                objectives.append(objective(theta))
                // no decrease representable: the floating-point floor of F_ε
                if !accepted {
                    decrement = 0
                    break
                }
            }
            if final {
                let value = objective(theta)
                guard decrement / 2 <= Self.tolerance * max(value, floor, 1e-300) || decrement == 0 else {
                    throw .numerical(
                        String(
                            format:
                                "adversarial-rf: the surrogate's Newton method stopped after %d steps with decrement² = %.3g (objective %.6g), above the tolerance; try mode=pgd or a larger lambda",
                            steps, decrement, value))
                }
                let c = (1 + radius) * epsilon
                return Solution(
                    weights: theta, objective: value,
                    gapBound: decrement / 2 + c * (2 * value).squareRoot() + c * c / 2,
                    newtonSteps: steps, objectives: objectives)
            }
            epsilon = max(epsilon / 10, Self.finalSmoothing * scale)
        }
    }

    /// ∇F_ε and ∇²F_ε. With u = a + r s_ε, c = e/a, b = Φᵀ(u ⊙ c), g = J²θ:
    ///   ∇F_ε = (1/n)[Φᵀ(u ⊙ c) + r(Σu) g/s_ε] + λθ,
    ///   ∇²F_ε = (1/n)[Φᵀdiag(c² + uε²/a³)Φ + (r/s_ε)(Φᵀc gᵀ + g cᵀΦ) + n r² ggᵀ/s_ε² + r(Σu)(J²/s_ε − ggᵀ/s_ε³)] + λI.
    func derivatives(
        _ theta: [Double], _ p: (value: Double, e: [Double], a: [Double], s: Double, g: [Double]),
        epsilon: Double
    ) -> (gradient: [Double], hessian: Matrix) {
        let n = targets.count
        let count = features.columns
        let r = radius
        let s = p.s
        let u = p.a.map { $0 + r * s }
        let c = zip(p.e, p.a).map { $0 / $1 }
        let sumU = u.reduce(0, +)
        var gradient = features.multiply(zip(u, c).map { $0 * $1 }, .transpose)
        Vectors.axpy(r * sumU / s, p.g, &gradient)
        gradient = Vectors.scaled(gradient, by: 1 / Double(n))
        Vectors.axpy(lambda, theta, &gradient)
        // Φᵀ diag(w) Φ as the Gram matrix of the rows scaled by √w
        var scaledRows = features
        for i in 0..<n {
            let w = (c[i] * c[i] + u[i] * epsilon * epsilon / (p.a[i] * p.a[i] * p.a[i])).squareRoot()
            for j in 0..<count { scaledRows.elements[i * count + j] *= w }
        }
        var h = gram(scaledRows, .columns)
        let b = features.multiply(c, .transpose)
        let g = p.g
        for i in 0..<count {
            for j in 0..<count {
                var extra = r / s * (b[i] * g[j] + g[i] * b[j]) + Double(n) * r * r * g[i] * g[j] / (s * s)
                extra += r * sumU * (gradientGram.elements[i * count + j] / s - g[i] * g[j] / (s * s * s))
                h.elements[i * count + j] = (h.elements[i * count + j] + extra) / Double(n) + (i == j ? lambda : 0)
            }
        }
        return (gradient, h)
    }

    /// −(H + μI)⁻¹∇, μ = 1e-9·tr(H)/N (small enough for fast refinement, large enough that rounding does
    /// not leak into the null space of a singular H), increased tenfold while the Cholesky factorisation fails.
    func newtonDirection(_ hessian: Matrix, _ gradient: [Double]) throws(ZooError) -> [Double] {
        let count = gradient.count
        var trace = 0.0
        for i in 0..<count { trace += hessian.elements[i * count + i] }
        var damping = max(1e-9 * trace / Double(max(1, count)), 1e-300)
        for _ in 0..<30 {
            var damped = hessian
            for i in 0..<count { damped.elements[i * count + i] += damping }
            if let factor = try? CholeskyFactorization(damped) {
                return factor.solve(gradient).map { -$0 }
            }
            damping *= 10
        }
        throw .numerical("adversarial-rf: the surrogate's Hessian could not be factorised (non-finite data?)")
    }
}
