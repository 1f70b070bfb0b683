import Testing
import ZooCore
import ZooHarness

@testable import ZooStudies

@Suite("Claim checks")
struct ClaimCheckTests {
    /// A regression row of `estimator` at n with standard risk `risk` and adversarial risk 2·risk + 0.1.
    static func row(estimator: String, n: Int, seed: UInt64, risk: Double) -> ResultRow {
        var row = ResultRow(
            data: "spiked(d=200,k=10,spike=1,tail=10,signal=1,noise=0.5)", estimator: estimator,
            attack: "pgd-l2(radius=0.1,steps=100)", target: "clean", n: n, d: 200, seed: seed, task: .regression)
        row.standardRisk = risk
        row.adversarialRisk = risk * 2 + 0.1
        return row
    }

    @Test("ratios, bounds and every-n conditions, with the figures in the text")
    func conditions() {
        let rows = [100, 400].flatMap { n in
            (0..<2).map { seed in
                Self.row(estimator: "min-norm(rcond=0)", n: n, seed: UInt64(seed), risk: Double(n) / 1000)
            }
        }
        // adversarial = 2·risk + 0.1: 0.3 at n = 100, 0.9 at n = 400.
        let grows = Claim(
            "grows",
            conditions: [
                .ratioAtLeast(
                    .init(.adversarialRisk, of: "min-norm", at: .largest),
                    .init(.adversarialRisk, of: "min-norm", at: .smallest), 2.5)
            ]
        ).check(rows)
        #expect(grows.held)
        #expect(
            grows.checks[0].text.contains("n = 400") && grows.checks[0].text.contains("0.900")
                && grows.checks[0].text.contains("ratio 3.00"))
        #expect(grows.text.hasSuffix("claim held"))
        let tooMuch = Claim(
            "grows a lot",
            conditions: [
                .ratioAtLeast(
                    .init(.adversarialRisk, of: "min-norm", at: .largest),
                    .init(.adversarialRisk, of: "min-norm", at: .smallest), 3.5)
            ]
        ).check(rows)
        #expect(!tooMuch.held && tooMuch.text.hasSuffix("claim did not hold"))
        let each = Claim("small", conditions: [.atMost(.init(.standardRisk, of: "min-norm", at: .each), 0.2)]).check(
            rows)
        #expect(each.checks.count == 2 && each.checks[0].held && !each.checks[1].held)
        let missing = Claim("absent", conditions: [.atMost(.init(.standardRisk, of: "ridge", at: .largest), 1)]).check(
            rows)
        #expect(!missing.held && missing.checks[0].text.contains("no value"))
    }

    @Test("spec patterns match name and given arguments only")
    func patterns() {
        func matches(_ text: String, pattern: String) -> Bool {
            ClaimQuantity.matches(try? ComponentSpec(parsing: text), text: text, pattern: pattern)
        }
        #expect(matches("nearest-neighbor(k=1)", pattern: "nearest-neighbor(k=1)"))
        #expect(!matches("nearest-neighbor(k=7)", pattern: "nearest-neighbor(k=1)"))
        #expect(matches("ntk(layers=both,lambda=0)", pattern: "ntk(lambda=0)"))
        #expect(!matches("ntk(layers=both,lambda=0.1)", pattern: "ntk(lambda=0)"))
        #expect(matches("ridge(lambda=0.1)", pattern: "ridge"))
        #expect(!matches("ridge-gcv", pattern: "ridge"))
        #expect(matches("not a spec(", pattern: "not a spec("), "text that is no spec matches itself only")
        #expect(!matches("not a spec(", pattern: "ridge"))
    }
}
