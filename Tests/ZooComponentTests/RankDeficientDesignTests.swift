import Foundation
import Testing
import ZooAdversarial
import ZooCore
import ZooLinalg
import ZooLinear
import ZooModels
import ZooTestSupport

/// Rank-deficient designs X = AB (A n×ρ, B ρ×d, ρ < min(n, d)): min-norm reports the numerical rank it
/// used (not min(n, d) because the Krylov system converged), and adversarial-linear's interpolation
/// threshold is the row-space dual, so it returns min-norm below r̄ and stops interpolating above it.
@Suite struct RankDeficientDesignTests {
    static func design(_ n: Int, _ d: Int, rank: Int, seed: UInt64) -> Matrix {
        Matrix.multiply(
            TestSupport.randomMatrix(n, rank, seed: seed), .none, TestSupport.randomMatrix(rank, d, seed: seed + 1),
            .none)
    }

    @Test(arguments: [(50, 20, 14), (40, 60, 28)])
    func minimumNormReportsTheNumericalRank(n: Int, d: Int, rank: Int) throws {
        let x = Self.design(n, d, rank: rank, seed: 3)
        let y = TestSupport.randomMatrix(n, 1, seed: 9).elements
        let fit =
            try MinimumNormInterpolator.make().fit(try Dataset(features: x, targets: y), context: FitContext(seed: 0))
            as! LinearFit
        #expect(fit.diagnostics["rank"] == String(rank), "\(n)×\(d) of rank \(rank): \(fit.diagnostics)")
    }

    /// y = Xβ lies in the column space, so min-norm interpolates although rank X = 28 < n = 40.
    @Test func adversarialLinearThresholdOnARankDeficientDesign() throws {
        let x = Self.design(40, 60, rank: 28, seed: 5)
        let y = x.multiply(TestSupport.randomMatrix(60, 1, seed: 11).elements)
        let training = try Dataset(features: x, targets: y)
        let minimumNorm = (try MinimumNormInterpolator.make().fit(training, context: FitContext(seed: 0)) as! LinearFit)
            .weights
        let probe = try AdversarialLinearTests.fit("adversarial-linear(radius=1e-6)", training)
        let threshold = try #require(Double(probe.diagnostics["threshold"] ?? ""), "\(probe.diagnostics)")
        #expect(threshold > 0, "\(probe.diagnostics)")

        // Below r̄: min-norm, certified (gap ≈ 0).
        let below = try AdversarialLinearTests.fit("adversarial-linear(radius=\(0.95 * threshold))", training)
        #expect(below.diagnostics["regime"]?.hasPrefix("r ≤ r̄") == true, "\(below.diagnostics)")
        #expect(Double(below.diagnostics["gap"] ?? "1")! < 1e-6, "\(below.diagnostics)")
        #expect(zip(below.weights, minimumNorm).allSatisfy { abs($0 - $1) <= 1e-8 * (1 + abs($1)) })

        // Above r̄ (by more than the n^(1/1024) certification slack): the optimum beats min-norm.
        let radius = 1.05 * threshold
        let above = try AdversarialLinearTests.fit("adversarial-linear(radius=\(radius))", training)
        let optimum = AdversarialLinearTests.objective(x, y, above.weights, radius: radius, linf: false)
        let atMinimumNorm = AdversarialLinearTests.objective(x, y, minimumNorm, radius: radius, linf: false)
        #expect(optimum < atMinimumNorm * (1 - 1e-6), "r = 1.05 r̄: \(optimum) vs min-norm's \(atMinimumNorm)")
    }
}
