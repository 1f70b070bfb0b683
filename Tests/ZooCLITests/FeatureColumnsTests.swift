import Foundation
import Testing
import ZooCLI

/// Random-features rows carry the output weights' norm and the input-gradient norm E‖∇ₓf̂‖² (Hassani &
/// Javanmard's ‖Jθ̂‖²); for a linear model the latter is ‖θ̂‖², exactly.
@Suite struct FeatureColumnsTests {
    @Test func randomFeaturesRowsCarryWeightAndGradientNorms() throws {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(
            [
                "compare", "--data", "isotropic(d=20)", "--estimators",
                "random-features(features=40,lambda=0.01),min-norm",
                "--attacks", "pgd-l2(radius=0.1,steps=5)", "--n", "50", "--test", "200", "--format", "jsonl",
                "--no-timings", "--quiet",
            ], console: captured.console)
        try #require(status == 0, "\(captured.error)")
        let rows = try captured.out.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        .filter { $0["estimator"] != nil }
        let features = try #require(rows.first { ($0["estimator"] as! String).hasPrefix("random-features") })
        let weightNorm = try #require(features["weight_norm"] as? Double)
        let gradient = try #require(features["input_gradient_norm"] as? Double)
        #expect(weightNorm > 0 && gradient > 0)
        // ‖Jθ̂‖² ≤ ‖J‖²‖θ̂‖² and J² = (WWᵀ) ⊙ (π − arccos WWᵀ)/(2π) has diagonal 1/2, so the gradient norm
        // is of the order of ‖θ̂‖²/2 (not a bound, a sanity scale): within a factor 20 either way.
        #expect(
            gradient < 20 * weightNorm * weightNorm && gradient > weightNorm * weightNorm / 40,
            "\(gradient) vs ‖θ̂‖² = \(weightNorm * weightNorm)")
        let linear = try #require(rows.first { ($0["estimator"] as! String).hasPrefix("min-norm") })
        let norm = try #require(linear["weight_norm"] as? Double)
        #expect(abs(try #require(linear["input_gradient_norm"] as? Double) - norm * norm) <= 1e-12 * norm * norm)
    }

    /// The ‖θ̂‖² theory column of min-norm on isotropic data is the finite-n expectation
    /// E‖θ̂‖² = (n/d)‖θ*‖² + σ²n/(d − n − 1) up to the deterministic equivalent's O(1/d) (d = 400, n = 100:
    /// 0.33361 against the limit's (n/d) + σ²n/(d − n) = 0.33333).
    @Test func weightNormTheoryColumn() throws {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(
            [
                "theory", "--data", "isotropic(d=400)", "--estimators", "min-norm", "--attacks", "exact-l2",
                "--n", "100", "--format", "jsonl",
            ], console: captured.console)
        try #require(status == 0, "\(captured.error)")
        let row = try #require(
            try JSONSerialization.jsonObject(with: Data(captured.out.split(separator: "\n").last!.utf8))
                as? [String: Any])
        let predicted = try #require(row["weight_norm_squared_theory"] as? Double)
        let finite = 100.0 / 400 + 0.25 * 100 / (400 - 100 - 1)
        #expect(abs(predicted - finite) < 2e-3 * finite, "\(predicted) vs \(finite)")
    }
}
