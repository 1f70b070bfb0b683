import Foundation
import Testing
import ZooCLI

/// `zoo theory` for Hassani & Javanmard at very large ψ₂ (the command): no zero estimator, a
/// robust risk above the standard risk, and a value at one n that does not depend on which other n are
/// listed (each point is the history-independent search; no warm start from the previous point).
@Suite struct TheoryCurveTests {
    static let arguments = [
        "theory", "--data", "isotropic(d=500,noise=0)",
        "--estimators", "adversarial-rf(features=250,radius=0.0001,mode=surrogate)",
        "--attacks", "pgd-l2(radius=0.0001)", "--target", "label", "--format", "jsonl",
    ]

    static func risks(_ sizes: String) throws -> [Int: (sr: Double, ar: Double, theory: String)] {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(arguments + ["--n", sizes], console: captured.console)
        try #require(status == 0, "\(captured.error)")
        var result: [Int: (Double, Double, String)] = [:]
        for line in captured.out.split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let n = row["n"] as? Int else { continue }
            result[n] = (
                row["standard_risk_theory"] as! Double, row["adversarial_risk_theory"] as! Double,
                row["theory"] as! String
            )
        }
        return result
    }

    @Test func largeSampleRatioIsInteriorAndListingIndependent() throws {
        let alone = try Self.risks("1000000")
        let both = try Self.risks("10000000,1000000")
        for (n, value) in both {
            #expect(value.theory == "hassani-javanmard-4.2", "n = \(n): \(value.theory)")
            #expect(
                value.sr > 0.674 && value.sr < 0.676,
                "n = \(n): SR \(value.sr) (σ² = 0.67498 plus a vanishing variance)")
            #expect(
                value.ar - value.sr > 5e-5, "n = \(n): AR − SR = \(value.ar - value.sr), the gradient term of order ε")
        }
        let one = try #require(alone[1_000_000])
        let same = try #require(both[1_000_000])
        #expect(one.sr == same.sr && one.ar == same.ar, "n = 10⁶ alone and beside 10⁷")
    }
}

/// Hassani & Javanmard at radius 0: `random-features` (λ = 0) and `adversarial-rf(radius=0)` rows get
/// the theory's ε → 0 limit, which at ψ₁ = 4, ψ₂ = 2 (d = 100, n = 200) agrees with the limit at
/// ε = 1e-5 to 0.2% (the limit is reached), and with a simulation of random-features(lambda=0) under
/// pgd-l2(0.3), 5 seeds × 1000 test points: SR 0.952 ± 0.11, AR 1.72 ± 0.18 against 0.954 and 1.65.
@Suite struct RadiusZeroTheoryTests {
    static func theory(_ estimators: String) throws -> [[String: Any]] {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(
            [
                "theory", "--data", "isotropic(d=100)", "--estimators", estimators,
                "--attacks", "pgd-l2(radius=0.3)", "--n", "200", "--target", "label", "--format", "jsonl",
            ],
            console: captured.console)
        try #require(status == 0, "\(captured.error)")
        return try captured.out.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func randomFeaturesRowsGetTheLimit() throws {
        let rows = try Self.theory(
            "random-features(features=400,lambda=0),adversarial-rf(features=400,radius=0,mode=surrogate),adversarial-rf(features=400,radius=0.00001,mode=surrogate),random-features(features=400,lambda=0.1)"
        )
        let limit = rows[0]
        let zero = rows[1]
        let small = rows[2]
        let ridge = rows[3]
        #expect(
            limit["theory"] as? String == "hassani-javanmard-4.2(ε→0)"
                && zero["theory"] as? String == "hassani-javanmard-4.2(ε→0)")
        let sr = try #require(limit["standard_risk_theory"] as? Double)
        let ar = try #require(limit["adversarial_risk_theory"] as? Double)
        #expect(sr == zero["standard_risk_theory"] as? Double && ar == zero["adversarial_risk_theory"] as? Double)
        #expect(
            abs(sr - (small["standard_risk_theory"] as! Double)) < 2e-3 * sr
                && abs(ar - (small["adversarial_risk_theory"] as! Double)) < 3e-3 * ar)
        #expect(abs(sr - 0.952) < 0.11 && abs(ar - 1.72) < 0.18, "SR \(sr), AR \(ar) against the simulation")
        #expect(ridge["theory"] is NSNull, "the theorem has no ridge term")
    }
}
