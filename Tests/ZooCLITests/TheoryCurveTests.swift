import Foundation
import Testing
import ZooCLI

/// `zoo theory` for Hassani & Javanmard at very large ψ₂ (the command): no zero estimator, a
/// robust risk above the standard risk, and a value at one n that does not depend on which other n are
/// listed (each point is the history-independent search; no warm start from the previous point).
@Suite struct TheoryCurveTests {
    static let arguments = ["theory", "--data", "isotropic(d=500,noise=0)",
                            "--estimators", "adversarial-rf(features=250,radius=0.0001,mode=surrogate)",
                            "--attacks", "pgd-l2(radius=0.0001)", "--target", "label", "--format", "jsonl"]

    static func risks(_ sizes: String) throws -> [Int: (sr: Double, ar: Double, theory: String)] {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(arguments + ["--n", sizes], console: captured.console)
        try #require(status == 0, "\(captured.error)")
        var result: [Int: (Double, Double, String)] = [:]
        for line in captured.out.split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let n = row["n"] as? Int else { continue }
            result[n] = (row["standard_risk_theory"] as! Double, row["adversarial_risk_theory"] as! Double, row["theory"] as! String)
        }
        return result
    }

    @Test func largeSampleRatioIsInteriorAndListingIndependent() throws {
        let alone = try Self.risks("1000000")
        let both = try Self.risks("10000000,1000000")
        for (n, value) in both {
            #expect(value.theory == "hassani-javanmard-4.2", "n = \(n): \(value.theory)")
            #expect(value.sr > 0.674 && value.sr < 0.676, "n = \(n): SR \(value.sr) (σ² = 0.67498 plus a vanishing variance)")
            #expect(value.ar - value.sr > 5e-5, "n = \(n): AR − SR = \(value.ar - value.sr), the gradient term of order ε")
        }
        let one = try #require(alone[1_000_000]), same = try #require(both[1_000_000])
        #expect(one.sr == same.sr && one.ar == same.ar, "n = 10⁶ alone and beside 10⁷")
    }
}
