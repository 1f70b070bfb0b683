import Foundation
import Testing
import ZooAdversarial
import ZooCore
import ZooLinalg
import ZooLinear
import ZooModels
import ZooTestSupport

/// adversarial-linear against an independent solver (the ellipsoid method on the primal, a different
/// algorithm with its own convergence guarantee), against ridge and min-norm, the interpolation threshold
/// and the optimality conditions.
@Suite struct AdversarialLinearTests {
    // MARK: The objective, written out again

    /// F(θ) = (1/n) Σᵢ (|yᵢ − xᵢᵀθ| + r‖θ‖_q)².
    static func objective(_ x: Matrix, _ y: [Double], _ theta: [Double], radius r: Double, linf: Bool) -> Double {
        let penalty = linf ? theta.reduce(0) { $0 + abs($1) } : theta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var total = 0.0
        for i in 0..<x.rows {
            var prediction = 0.0
            for j in 0..<x.columns { prediction += x[i, j] * theta[j] }
            let term = abs(y[i] - prediction) + r * penalty
            total += term * term
        }
        return total / Double(x.rows)
    }

    /// One subgradient of F: (2/n) Σᵢ φᵢ(−sign(ρᵢ)xᵢ + r·∂‖θ‖_q), φᵢ = |ρᵢ| + r‖θ‖_q.
    static func subgradient(_ x: Matrix, _ y: [Double], _ theta: [Double], radius r: Double, linf: Bool) -> [Double] {
        let d = x.columns
        let norm2 = theta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let penalty = linf ? theta.reduce(0) { $0 + abs($1) } : norm2
        let normGradient: [Double] =
            linf ? theta.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) } : theta.map { norm2 > 0 ? $0 / norm2 : 0 }
        var g = [Double](repeating: 0, count: d)
        for i in 0..<x.rows {
            var prediction = 0.0
            for j in 0..<d { prediction += x[i, j] * theta[j] }
            let residual = y[i] - prediction
            let phi = abs(residual) + r * penalty
            let sign: Double = residual > 0 ? 1 : (residual < 0 ? -1 : 0)
            for j in 0..<d { g[j] += 2 / Double(x.rows) * phi * (-sign * x[i, j] + r * normGradient[j]) }
        }
        return g
    }

    /// min F by the central-cut ellipsoid method from the ball ‖θ‖₂ ≤ ‖y‖/(r√n) (which holds every
    /// minimiser: r²‖θ*‖_q² ≤ F(θ*) ≤ F(0) and ‖θ‖₂ ≤ ‖θ‖_q), with the ellipsoid kept in factored form
    /// E = {c + Ju : ‖u‖ ≤ 1} (a rank-one update of J per cut, which stays well conditioned). The best
    /// value is within e^(−k/(2d²))·(F(0) − F*) of the minimum after k cuts.
    static func ellipsoidMinimum(_ x: Matrix, _ y: [Double], radius r: Double, linf: Bool, iterations: Int = 8000)
        -> Double
    {
        let d = x.columns
        let dd = Double(d)
        let bound = 1.01 * y.reduce(0) { $0 + $1 * $1 }.squareRoot() / (r * Double(x.rows).squareRoot())
        var centre = [Double](repeating: 0, count: d)
        var factor = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d { factor[i][i] = bound }
        let expansion = dd / (dd * dd - 1).squareRoot()
        let shrink = 1 - ((dd - 1) / (dd + 1)).squareRoot()
        var best = objective(x, y, centre, radius: r, linf: linf)
        for _ in 0..<iterations {
            let g = subgradient(x, y, centre, radius: r, linf: linf)
            // p = Jᵀg/‖Jᵀg‖; c ← c − Jp/(d+1); J ← expansion·J(I − shrink·ppᵀ)
            var p = (0..<d).map { k in (0..<d).reduce(0) { $0 + factor[$1][k] * g[$1] } }
            let length = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 0, length.isFinite else { break }
            p = p.map { $0 / length }
            let jp = (0..<d).map { i in (0..<d).reduce(0) { $0 + factor[i][$1] * p[$1] } }
            for i in 0..<d {
                centre[i] -= jp[i] / (dd + 1)
                for k in 0..<d { factor[i][k] = expansion * (factor[i][k] - shrink * jp[i] * p[k]) }
            }
            best = min(best, objective(x, y, centre, radius: r, linf: linf))
        }
        return best
    }

    // MARK: Helpers

    static func fit(_ spec: String, _ training: Dataset) throws -> LinearFit {
        let estimator = try AdversarialLinearRegression.make(try ComponentSpec(parsing: spec).arguments)
        return try estimator.fit(training, context: FitContext(seed: 0)) as! LinearFit
    }

    static func sample(_ n: Int, _ d: Int, seed: UInt64) throws -> Dataset {
        let x = TestSupport.randomMatrix(n, d, seed: seed)
        let noise = TestSupport.randomMatrix(n, 1, seed: seed + 100).elements
        // y = x₁ + 0.5·noise: a signal plus label noise
        return try Dataset(features: x, targets: (0..<n).map { x[$0, 0] + 0.5 * noise[$0] })
    }

    /// r̄ for ℓ₂: ‖θ₀‖/(n‖(XXᵀ)⁻¹y‖∞), from a Cholesky solve written here.
    static func l2Threshold(_ training: Dataset) throws -> Double {
        let alpha = try CholeskyFactorization(gram(training.features, .rows)).solve(training.targets)
        let weightNorm = zip(alpha, training.targets).reduce(0) { $0 + $1.0 * $1.1 }.squareRoot()
        return weightNorm / (Double(training.count) * alpha.reduce(0) { max($0, abs($1)) })
    }

    /// r̄ for ℓ∞ on a tiny problem: the minimum-ℓ₁ interpolator by enumerating supports of size n
    /// (basis pursuit has a basic optimal solution), its dual λ = X_S^(−T) sign(θ_S), r̄ = 1/(n‖λ‖∞).
    static func linfThreshold(_ training: Dataset) throws -> Double {
        let x = training.features
        let n = x.rows
        let d = x.columns
        var bestNorm = Double.infinity
        var bestThreshold = 0.0
        func supports(_ start: Int, _ chosen: [Int]) -> [[Int]] {
            if chosen.count == n { return [chosen] }
            return (start..<d).flatMap { supports($0 + 1, chosen + [$0]) }
        }
        for support in supports(0, []) {
            let xs = Matrix(rows: n, columns: n) { i, j in x[i, support[j]] }
            guard let solution = try? minimumNormLeastSquares(xs, training.targets), solution.rank == n else {
                continue
            }
            let l1 = solution.solution.reduce(0) { $0 + abs($1) }
            guard l1 < bestNorm else { continue }
            let signs = solution.solution.map { $0 >= 0 ? 1.0 : -1.0 }
            guard let lambda = try? minimumNormLeastSquares(xs.transposed, signs) else { continue }
            bestNorm = l1
            bestThreshold = 1 / (Double(n) * lambda.solution.reduce(0) { max($0, abs($1)) })
        }
        return bestThreshold
    }

    // MARK: Agreement with the independent solver

    @Test(arguments: [0.5, 0.97, 1.03, 3.0])
    func agreesWithTheEllipsoidMethodAroundTheThreshold(multiple: Double) throws {
        let training = try Self.sample(3, 5, seed: 11)
        for linf in [false, true] {
            let threshold = linf ? try Self.linfThreshold(training) : try Self.l2Threshold(training)
            let radius = multiple * threshold
            let fitted = try Self.fit("adversarial-linear(radius=\(radius),norm=\(linf ? "linf" : "l2"))", training)
            let ours = Self.objective(training.features, training.targets, fitted.weights, radius: radius, linf: linf)
            let reference = Self.ellipsoidMinimum(training.features, training.targets, radius: radius, linf: linf)
            #expect(
                abs(ours - reference) <= 1e-6 * reference,
                "linf=\(linf) r=\(radius) (r̄=\(threshold)): \(ours) vs \(reference)")
            if multiple < 1 {
                #expect(fitted.diagnostics["regime"]?.hasPrefix("r ≤ r̄") == true)
                #expect(
                    abs((Double(fitted.diagnostics["threshold"] ?? "") ?? 0) - threshold) <= 1e-6 * threshold,
                    "r̄ \(fitted.diagnostics["threshold"] ?? "")")
            } else {
                #expect(fitted.diagnostics["regime"]?.hasPrefix("r > r̄") == true)
            }
        }
    }

    @Test func agreesWithTheEllipsoidMethodWhenUnderParameterised() throws {
        let training = try Self.sample(12, 4, seed: 12)
        for linf in [false, true] {
            for radius in [0.05, 0.3, 1.0] {
                let fitted = try Self.fit("adversarial-linear(radius=\(radius),norm=\(linf ? "linf" : "l2"))", training)
                let ours = Self.objective(
                    training.features, training.targets, fitted.weights, radius: radius, linf: linf)
                let reference = Self.ellipsoidMinimum(training.features, training.targets, radius: radius, linf: linf)
                #expect(abs(ours - reference) <= 1e-6 * reference, "linf=\(linf) r=\(radius): \(ours) vs \(reference)")
            }
        }
    }

    // MARK: Against ridge and min-norm

    @Test func adversarialLossNeverAboveRidgeOrMinimumNorm() throws {
        let training = try Self.sample(20, 50, seed: 13)
        let context = FitContext(seed: 0)
        var others = [(try MinimumNormInterpolator.make().fit(training, context: context) as! LinearFit).weights]
        for lambda in [1e-3, 1e-2, 0.1, 1.0] {
            others.append(
                (try RidgeRegression.make([(key: "lambda", value: .number(lambda))]).fit(training, context: context)
                    as! LinearFit).weights)
        }
        for linf in [false, true] {
            for radius in [0.01, 0.1, 0.5] {
                let fitted = try Self.fit("adversarial-linear(radius=\(radius),norm=\(linf ? "linf" : "l2"))", training)
                let ours = Self.objective(
                    training.features, training.targets, fitted.weights, radius: radius, linf: linf)
                for weights in others {
                    #expect(
                        ours <= Self.objective(training.features, training.targets, weights, radius: radius, linf: linf)
                            * (1 + 1e-9))
                }
            }
        }
    }

    @Test func equalsMinimumNormBelowTheThreshold() throws {
        let training = try Self.sample(20, 50, seed: 14)
        let threshold = try Self.l2Threshold(training)
        let minimumNorm = (try MinimumNormInterpolator.make().fit(training, context: FitContext(seed: 0)) as! LinearFit)
            .weights
        for multiple in [0.1, 0.9, 0.999] {
            let fitted = try Self.fit("adversarial-linear(radius=\(multiple * threshold))", training)
            #expect(fitted.weights == minimumNorm)
            #expect(fitted.diagnostics["regime"]?.hasPrefix("r ≤ r̄") == true)
            #expect(abs((Double(fitted.diagnostics["threshold"] ?? "") ?? 0) - threshold) <= 1e-9 * threshold)
        }
        // just above r̄ the solver runs and stops interpolating, with a lower objective than min-norm
        let above = try Self.fit("adversarial-linear(radius=\(1.05 * threshold))", training)
        #expect(above.diagnostics["regime"]?.hasPrefix("r > r̄") == true)
        #expect(
            Self.objective(training.features, training.targets, above.weights, radius: 1.05 * threshold, linf: false)
                < Self.objective(
                    training.features, training.targets, minimumNorm, radius: 1.05 * threshold, linf: false))
    }

    // MARK: Optimality conditions

    /// 0 ∈ ∂F(θ̂): with Z the interpolated points (|ρᵢ| ≈ 0) and S the support of θ̂ (ℓ∞), there are gᵢ ∈
    /// [−1, 1] (i ∈ Z) and ζ ∈ ∂‖θ̂‖_q with Σ_{i∉Z} φᵢσᵢxᵢ + Σ_{i∈Z} φᵢgᵢxᵢ = r(Σφᵢ)ζ. g is found by
    /// least squares on the rows where ζ is fixed; the other rows must give |ζⱼ| ≤ 1.
    @Test(arguments: [false, true])
    func optimalityConditionsHold(linf: Bool) throws {
        let training = try Self.sample(10, 30, seed: 15)
        let x = training.features
        let y = training.targets
        let n = x.rows
        let d = x.columns
        let radius = linf ? 0.05 : 2 * (try Self.l2Threshold(training))
        let theta = try Self.fit(
            "adversarial-linear(radius=\(radius),norm=\(linf ? "linf" : "l2"),tolerance=1e-8)", training
        ).weights
        let residuals = (0..<n).map { i in y[i] - (0..<d).reduce(0) { $0 + x[i, $1] * theta[$1] } }
        let penalty = linf ? theta.reduce(0) { $0 + abs($1) } : theta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let phi = residuals.map { abs($0) + radius * penalty }
        let scale = radius * phi.reduce(0, +)
        let largestTarget = y.reduce(0) { max($0, abs($1)) }
        let zero = (0..<n).filter { abs(residuals[$0]) <= 1e-6 * largestTarget }
        let largestWeight = theta.reduce(0) { max($0, abs($1)) }
        let fixed = linf ? (0..<d).filter { abs(theta[$0]) > 1e-5 * largestWeight } : Array(0..<d)
        let zeta: [Double] = linf ? theta.map { $0 > 0 ? 1 : -1 } : theta.map { $0 / penalty }
        // known part: Σ_{i∉Z} φᵢσᵢxᵢ
        var known = [Double](repeating: 0, count: d)
        for i in 0..<n where !zero.contains(i) {
            for j in 0..<d { known[j] += phi[i] * (residuals[i] > 0 ? 1 : -1) * x[i, j] }
        }
        var g = [Double]()
        if !zero.isEmpty {
            let a = Matrix(rows: fixed.count, columns: zero.count) { row, column in
                phi[zero[column]] * x[zero[column], fixed[row]]
            }
            let b = fixed.map { scale * zeta[$0] - known[$0] }
            g = try minimumNormLeastSquares(a, b).solution
            #expect(g.allSatisfy { abs($0) <= 1 + 1e-4 }, "interpolated points' subgradients \(g)")
        }
        var stationarity = known
        for (k, i) in zero.enumerated() { for j in 0..<d { stationarity[j] += phi[i] * g[k] * x[i, j] } }
        for j in fixed {
            #expect(abs(stationarity[j] - scale * zeta[j]) <= 1e-4 * scale, "stationarity in coordinate \(j)")
        }
        for j in 0..<d where !fixed.contains(j) {
            #expect(abs(stationarity[j]) <= scale * (1 + 1e-4), "off-support coordinate \(j) needs |ζⱼ| ≤ 1")
        }
    }

    // MARK: Bad input and failure

    @Test func refusesBadParameters() {
        for spec in [
            "adversarial-linear(radius=-0.1)", "adversarial-linear(norm=l3)", "adversarial-linear(tolerance=0)",
        ] {
            #expect(throws: ZooError.self, "\(spec)") {
                _ = try AdversarialLinearRegression.make(try ComponentSpec(parsing: spec).arguments)
            }
            do { _ = try AdversarialLinearRegression.make(try ComponentSpec(parsing: spec).arguments) } catch {
                #expect(error.isUsageError)
            }
        }
    }

    @Test func reportsTheGapWhenItCannotConverge() throws {
        // ℓ₂'s primal recovery stops near 1e-9: a 1e-12 gap cannot be certified in 100 steps
        let training = try Self.sample(20, 50, seed: 16)
        do {
            _ = try Self.fit("adversarial-linear(radius=0.5,tolerance=1e-12,max-iterations=100)", training)
            Issue.record("a 1e-12 certificate in 100 steps should not be reachable")
        } catch let error as ZooError {
            guard case .numerical(let message) = error else {
                Issue.record("expected a numerical error, got \(error)")
                return
            }
            #expect(message.contains("relative optimality gap") && message.contains("max-iterations"), "\(message)")
        }
        #expect(throws: ZooError.self) {
            _ = try AdversarialLinearRegression.make([(key: "max-iterations", value: .number(3))])
        }
    }
}
