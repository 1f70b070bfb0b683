import Foundation
import Testing
import ZooCLI

/// The theory columns end to end: `zoo compare` fills them beside the exact values, `zoo theory`
/// prints the same predictions without sampling.
@Suite struct TheoryColumnsTests {
    static func rows(_ jsonl: String) throws -> [[String: Any]] {
        try jsonl.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// On spiked and power-law data (d = 1000, n = 100, 20 seeds) the deterministic equivalent is within
    /// 3% plus three standard errors of the mean exact population risk for min-norm and ridge, for both
    /// risks; the gradient-descent rows, which have no theory, carry nulls.
    @Test(arguments: ["spiked(d=1000,tail=9.9)", "power-law(d=1000)"])
    func compareRowsCarryTheoryBesideExactValues(data: String) throws {
        let outcome = zoo([
            "compare", "--data", data, "--estimators", "min-norm,ridge(lambda=0.01),gradient-descent(steps=5)",
            "--attacks", "exact-l2(radius=0.3)", "--n", "100", "--seeds", "20", "--test", "20",
            "--format", "jsonl", "--no-timings",
        ])
        #expect(outcome.status == 0, "\(outcome.error)")
        let rows = try Self.rows(outcome.out)
        for estimator in ["min-norm", "ridge"] {
            let mine = rows.filter { ($0["estimator"] as! String).hasPrefix(estimator + "(") }
            #expect(mine.count == 20)
            #expect(mine.allSatisfy { $0["theory"] as? String == "deterministic-equivalent" })
            for (theory, exact) in [
                ("standard_risk_theory", "standard_risk_exact"), ("adversarial_risk_theory", "adversarial_risk_exact"),
            ] {
                let predicted = mine.map { $0[theory] as! Double }.reduce(0, +) / 20
                let values = mine.map { $0[exact] as! Double }
                let measured = values.reduce(0, +) / 20
                let se = (values.reduce(0) { $0 + ($1 - measured) * ($1 - measured) } / 19 / 20).squareRoot()
                #expect(
                    abs(predicted - measured) <= 0.03 * measured + 3 * se,
                    "\(data) \(estimator) \(theory): \(predicted) vs \(measured) ± \(se)")
            }
        }
        let descent = rows.filter { ($0["estimator"] as! String).hasPrefix("gradient-descent") }
        #expect(
            !descent.isEmpty && descent.allSatisfy { $0["standard_risk_theory"] is NSNull && $0["theory"] is NSNull })
    }

    /// `zoo theory` prints the predictions `zoo compare` puts in its rows, at d = 10⁶ without drawing.
    @Test func theoryCommandPrintsTheCurveAlone() throws {
        let arguments = [
            "--estimators", "ridge(lambda=0.01),min-norm", "--attacks", "exact-l2(radius=0.3)", "--n", "100,200",
            "--format", "jsonl",
        ]
        let curve = zoo(["theory", "--data", "spiked(d=1000000)"] + arguments)
        #expect(curve.status == 0, "\(curve.error)")
        let rows = try Self.rows(curve.out)
        #expect(
            rows.count == 4
                && rows.allSatisfy {
                    $0["standard_risk"] is NSNull && $0["theory"] as? String == "deterministic-equivalent"
                })
        let small = zoo(["theory", "--data", "spiked(d=2000)", "--seed", "3"] + arguments)
        let compared = zoo(
            ["compare", "--data", "spiked(d=2000)", "--seed", "3", "--test", "20", "--no-timings"] + arguments)
        let theoryRows = try Self.rows(small.out)
        let compareRows = try Self.rows(compared.out)
        #expect(theoryRows.count == 4 && compareRows.count == 4)
        for a in theoryRows {
            let b = try #require(
                compareRows.first {
                    $0["estimator"] as! String == a["estimator"] as! String && $0["n"] as! Int == a["n"] as! Int
                })
            #expect(a["adversarial_risk_theory"] as! Double == b["adversarial_risk_theory"] as! Double)
        }
        let table = zoo([
            "theory", "--data", "spiked(d=2000)", "--estimators", "min-norm", "--attacks", "exact-l2", "--n", "100",
        ])
        #expect(
            table.status == 0 && table.out.contains("theory: deterministic-equivalent")
                && table.out.contains("adversarial (theory)"))
        #expect(
            zoo(["theory", "--data", "spiked(d=2000)", "--estimators", "min-norm", "--attacks", "exact-l2", "--n", "0"])
                .status == 2)
    }
}
