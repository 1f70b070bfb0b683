import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooReport
import ZooStudies

/// Figures and claims write parameters in the notation the components declare (`ParameterSpec.notation`).
@Suite struct ParameterNotationTests {
    static let notations: ParameterNotations = (try? ParameterNotations(registry: Catalog.makeRegistry())) ?? .init()

    @Test func declaredNotationsComeFromTheComponents() {
        let notations = Self.notations
        #expect(notations.symbol(of: "lambda", component: "ridge", kind: .estimator) == "λ")
        #expect(
            notations.axisTitle(of: "lambda", component: "ridge", kind: .estimator) == "λ (ridge penalty, log scale)")
        #expect(
            notations.axisTitle(of: "radius", component: "pgd-l2", kind: .attack) == "radius α (attack budget, pgd-l2)")
        #expect(notations.axisTitle(of: "radius", component: "balls", kind: .data) == "radius α (balls)")
        // lr is the step relative to the curvature, not η: it has no symbol.
        #expect(notations.symbol(of: "lr", component: "gradient-descent", kind: .estimator) == "lr")
        // Undeclared: the name.
        #expect(notations.symbol(of: "steps", component: "pgd-l2", kind: .attack) == "steps")
        #expect(notations.axisTitle(of: "steps", component: "pgd-l2", kind: .attack) == "steps (pgd-l2)")
    }

    @Test func sweepFiguresAndClaimsUseTheSymbol() {
        var rows: [ResultRow] = []
        for (index, lambda) in [0.001, 0.01, 0.1, 1].enumerated() {
            for seed: UInt64 in 0..<2 {
                rows.append(
                    ResultRow(
                        data: "isotropic(d=10,signal=1,noise=0.5)", estimator: "ridge(lambda=\(lambda))",
                        attack: "exact-l2(radius=0.1)", target: "clean", n: 100, d: 10, seed: seed, task: .regression,
                        metrics: [
                            "standard_risk": 0.1 + Double(index) / 10, "adversarial_risk": 1 - Double(index) / 10,
                        ]))
            }
        }
        let headings = SweepPlots.riskVersusParameter(rows, notations: Self.notations).map(\.heading)
        #expect(headings.contains { $0.hasPrefix("Risk against λ (estimator ridge)") }, "\(headings)")
        #expect(
            SweepPlots.riskVersusParameter(rows).map(\.heading).contains {
                $0.hasPrefix("Risk against lambda (estimator ridge)")
            }, "without notations: the name")
        let claim = Claim("trade-off", conditions: [.tradeOff(estimator: "ridge", parameter: "lambda", factor: 1)])
        #expect(claim.check(rows, notations: Self.notations).text.contains("at λ = "))
    }
}
