import Foundation
import Testing
import ZooTheory

/// Hassani & Javanmard's limits against a direct simulation of the surrogate adversarial training
/// (`SurrogateRandomFeatures`): τ = 0.5, ψ₂ = 2, ε = ε_test, 4 seeds, 4000 test points each.
@Suite struct RandomFeaturesSimulationTests {
    static func simulate(d: Int, psi1: Double, epsilon: Double, seeds: Int = 4) throws -> (
        sr: Double, ar: Double, zero: Double
    ) {
        let model = SurrogateRandomFeatures(
            d: d, features: Int(psi1 * Double(d)), samples: 2 * d, radius: epsilon, noise: 0.5)
        var totals = (sr: 0.0, ar: 0.0, zero: 0.0)
        for seed in 0..<seeds {
            let outcome = try model.run(seed: UInt64(seed), testSize: 4000, testRadius: epsilon)
            totals = (
                totals.sr + outcome.standardRisk, totals.ar + outcome.robustRisk, totals.zero + outcome.zeroResiduals
            )
        }
        let count = Double(seeds)
        return (totals.sr / count, totals.ar / count, totals.zero / count)
    }

    /// At d = 100 the standard risk is within 5%, the robust risk within 7% and the fraction of exactly
    /// fitted training points (erf(ν*/√2)) within 0.03 of the limits; the standard-risk gap is smaller
    /// at d = 100 than at d = 50. Includes the θ̂ = 0 regime (ε = 1, ψ₁ = 0.5: SR = AR = 1 + τ²).
    @Test(arguments: [(0.3, 0.5), (0.3, 2.0), (1.0, 0.5)])
    func limitsAgreeWithSurrogateTraining(epsilon: Double, psi1: Double) throws {
        let theory = RandomFeaturesAdversarialTheory(
            featuresRatio: psi1, samplesRatio: 2, trainingRadius: epsilon,
            testRadius: epsilon, noise: 0.5
        ).solve()
        let small = try Self.simulate(d: 50, psi1: psi1, epsilon: epsilon)
        let large = try Self.simulate(d: 100, psi1: psi1, epsilon: epsilon)
        #expect(
            abs(large.sr - theory.standardRisk) <= 0.05 * theory.standardRisk,
            "SR \(large.sr) vs \(theory.standardRisk)")
        #expect(abs(large.ar - theory.robustRisk) <= 0.07 * theory.robustRisk, "AR \(large.ar) vs \(theory.robustRisk)")
        #expect(
            abs(large.zero - theory.zeroResidualFraction) <= 0.03,
            "zero residuals \(large.zero) vs \(theory.zeroResidualFraction)")
        #expect(
            abs(large.sr - theory.standardRisk) < abs(small.sr - theory.standardRisk),
            "SR gap d=50: \(small.sr - theory.standardRisk), d=100: \(large.sr - theory.standardRisk)")
    }

    /// The measurement behind the README's table (slow: run with ZOO_THEORY_MEASURE=1).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ZOO_THEORY_MEASURE"] != nil))
    func measureCurve() throws {
        for epsilon in [0.3, 1.0] {
            for psi1 in [0.5, 1, 2, 4, 6] {
                let theory = RandomFeaturesAdversarialTheory(
                    featuresRatio: psi1, samplesRatio: 2, trainingRadius: epsilon,
                    testRadius: epsilon, noise: 0.5
                ).solve()
                for d in [50, 100, 150] {
                    let s = try Self.simulate(d: d, psi1: psi1, epsilon: epsilon, seeds: 5)
                    print(
                        String(
                            format:
                                "MEASURE eps=%.1f psi1=%.1f d=%d SR %.4f theory %.4f | AR %.4f theory %.4f | zero %.3f theory %.3f",
                            epsilon, psi1, d, s.sr, theory.standardRisk, s.ar, theory.robustRisk, s.zero,
                            theory.zeroResidualFraction))
                }
            }
        }
    }
}
