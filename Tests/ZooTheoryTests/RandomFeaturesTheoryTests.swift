import Foundation
import Testing
import ZooLinalg

@testable import ZooTheory

/// Hassani & Javanmard's Theorem 4.2 as a numerical routine: its pieces against independent
/// computations, the saddle point's defining properties, and the θ̂ = 0 regime.
@Suite struct RandomFeaturesTheoryTests {
    typealias Theory = RandomFeaturesAdversarialTheory

    /// S(z; ψ₁) < 0 solves ψ₁zS² + (1 − ψ₁ − z)S + 1 = 0 (the quadratic its formula is a root of).
    @Test func stieltjesSolvesItsQuadratic() {
        for psi1 in [0.2, 1, 3, 10] {
            for z in [-1, -0.6, -0.3634, -1e-3] {
                let s = Theory.stieltjes(z, psi1)
                #expect(s < 0)
                #expect(abs(psi1 * z * s * s + (1 - psi1 - z) * s + 1) < 1e-12)
            }
        }
    }

    /// σ² − τ² against 1 − (1/d)·tr WᵀW(WᵀW + (1 − 2/π)I)⁻¹ for W (N = ψ₁d rows uniform on the unit
    /// sphere) at d = 500, the trace from the eigenvalues of the smaller Gram matrix (ZooLinalg's
    /// eigendecomposition): within 2e-3, and the formula's values 0.6750, 0.4479, 0.2283.
    @Test(arguments: [(0.5, 0.6750), (1.0, 0.4479), (2.0, 0.2283)])
    func irreducibleErrorMatchesAFiniteFeatureMatrix(psi1: Double, expected: Double) throws {
        let d = 500
        let features = Int(psi1 * Double(d))
        var stream = RandomStream(seed: 17, stream: 3)
        var w = Matrix(rows: features, columns: d)
        for i in 0..<features {
            let row = stream.uniformOnSphere(dimension: d)
            for j in 0..<d { w[i, j] = row[j] }
        }
        let eigenvalues = try SymmetricEigen.values(of: gram(w, features <= d ? .rows : .columns))
        let c = 1 - 2 / Double.pi
        let finite = 1 - eigenvalues.reduce(0) { $0 + max($1, 0) / (max($1, 0) + c) } / Double(d)
        let theory = Theory(featuresRatio: psi1, samplesRatio: 2, trainingRadius: 0.3, testRadius: 0.3, noise: 0.5)
        #expect(abs(theory.irreducibleError - 0.25 - expected) < 5e-5)
        #expect(
            abs(theory.irreducibleError - 0.25 - finite) < 2e-3,
            "ψ₁=\(psi1): formula \(theory.irreducibleError - 0.25) vs d=500: \(finite)")
    }

    /// ν* solves its equation, and is 0 exactly when c ≤ √(2/π).
    @Test func nuSolvesItsEquation() {
        for (c, slope) in [(1.0, 0.5), (3.0, 2.0), (0.9, 10.0)] {
            let v = Theory.nu(c: c, slope: slope)
            #expect(v > 0)
            #expect(
                abs(
                    c - slope * v - v * Foundation.erf(v / 2.0.squareRoot()) - (2 / Double.pi).squareRoot()
                        * Foundation.exp(-v * v / 2)) < 1e-12)
        }
        #expect(Theory.nu(c: 0.79, slope: 1) == 0)
    }

    /// At the solution: a stationary point (‖v ⊙ ∇R‖∞ small), R convex in (α, τ_g) and concave in
    /// (β, γ, τ_q) along random directions through it and through perturbed points, and the limits
    /// ordered σ² ≤ SR ≤ AR.
    @Test(arguments: [(0.3, 2.0), (1.0, 4.0)])
    func saddlePointIsStationaryConvexConcave(epsilon: Double, psi1: Double) {
        let theory = Theory(
            featuresRatio: psi1, samplesRatio: 2, trainingRadius: epsilon, testRadius: epsilon, noise: 0.5)
        let solution = theory.solve()
        #expect(solution.regime == .interior)
        #expect(solution.stationarity < 1e-7, "‖v ⊙ ∇R‖ = \(solution.stationarity)")
        #expect(solution.irreducibleError <= solution.standardRisk && solution.standardRisk <= solution.robustRisk)
        let sigma2 = theory.irreducibleError
        var stream = RandomStream(seed: 5, stream: 9)
        for trial in 0..<12 {
            // A point near the saddle, then a second difference along a direction in one block.
            let base = solution.saddle.map { $0 * Foundation.exp(0.3 * (stream.nextUniform() - 0.5)) }
            let minimising = trial % 2 == 0
            var direction = [Double](repeating: 0, count: 5)
            for i in (minimising ? 0..<2 : 2..<5) { direction[i] = (stream.nextUniform() - 0.5) * base[i] }
            let h = 0.05
            let f = { (t: Double) in theory.objective(zip(base, direction).map { $0 + t * $1 }, sigma2: sigma2) }
            let second = f(h) - 2 * f(0) + f(-h)
            #expect(minimising ? second >= -1e-9 : second <= 1e-9, "trial \(trial): second difference \(second)")
        }
    }

    /// Large ε and small ψ₁: adversarial training returns θ̂ = 0; the saddle is on τ_g → 0 and
    /// SR = AR = 1 + τ² with α*² = 1 + τ² − σ².
    @Test func zeroEstimatorRegime() {
        let theory = Theory(featuresRatio: 0.5, samplesRatio: 2, trainingRadius: 1, testRadius: 1, noise: 0.5)
        let solution = theory.solve()
        #expect(solution.regime == .zeroEstimator)
        #expect(solution.standardRisk == 1.25 && solution.robustRisk == 1.25)
        #expect(abs(solution.saddle[0] * solution.saddle[0] - (1.25 - solution.irreducibleError)) < 1e-5)
        #expect(solution.stationarity < 1e-6)
    }

    /// The full search's point is a proper saddle (Hessian blocks definite) along a ψ₁ curve.
    @Test func fullSearchEndsAtAProperSaddle() {
        for psi1 in [2.0, 3.0] {
            let theory = Theory(featuresRatio: psi1, samplesRatio: 2, trainingRadius: 0.3, testRadius: 0.3, noise: 0.5)
            let full = theory.solve()
            let sigma2 = theory.irreducibleError
            let logObjective = { (u: [Double]) in theory.objective(u.map { Foundation.exp($0) }, sigma2: sigma2) }
            #expect(
                Theory.isProperSaddle(
                    ScalarOptimization.hessian(logObjective, at: full.saddle.map { Foundation.log($0) })))
        }
    }

    /// Very large ψ₂ at a tiny radius (issue: d = 500, N = 250, n = 10⁶ and 10⁷, ε = 10⁻⁴, τ = 0): the
    /// limit is the best fit on the features, SR → σ², and the robust risk exceeds it by the first-order
    /// gradient term, AR − SR ≈ 2√(2/π)·r·SR with r = ε‖Jθ̂‖/√SR of order ε. Before the fix ψ₂ = 2·10⁴
    /// gave the zero estimator (SR = AR = 1) and ψ₂ = 2000 gave AR = SR (γ collapsed to 0 in log
    /// coordinates). The values must also continue those at moderate ψ₂ smoothly.
    @Test func veryLargeSampleRatio() {
        var previous: (sr: Double, gap: Double)?
        for psi2 in [200.0, 2000, 20000] {
            let solution = Theory(
                featuresRatio: 0.5, samplesRatio: psi2, trainingRadius: 1e-4, testRadius: 1e-4, noise: 0
            ).solve()
            #expect(solution.regime == .interior, "ψ₂ = \(psi2)")
            let gap = solution.robustRisk - solution.standardRisk
            #expect(
                solution.standardRisk > solution.irreducibleError
                    && solution.standardRisk < solution.irreducibleError + 0.01 * 200 / psi2,
                "ψ₂ = \(psi2): SR \(solution.standardRisk), σ² \(solution.irreducibleError)")
            #expect(gap > 5e-5 && gap < 2e-4, "ψ₂ = \(psi2): AR − SR = \(gap)")
            let firstOrder = 2 * (2 / Double.pi).squareRoot() * solution.gradientRatio * solution.standardRisk
            #expect(abs(gap - firstOrder) < 1e-3 * firstOrder)
            if let previous {
                #expect(
                    solution.standardRisk < previous.sr && abs(gap - previous.gap) < 0.05 * previous.gap, "ψ₂ = \(psi2)"
                )
            }
            previous = (solution.standardRisk, gap)
        }
    }
}
