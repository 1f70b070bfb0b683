import MyZoo
import MyZooCatalog
import Testing
import ZooConformance
import ZooCore
import ZooLinalg

@Suite struct MyZooTests {
    /// The checks every built-in component passes, on this package's components (with the built-in
    /// ones as their company: the attack is run on every estimator that can feed it, the estimator
    /// under every attack that applies).
    @Test func componentsConform() throws {
        let suite = try ConformanceSuite(adding: [MyZooCatalog.Catalog.self])
        let issues = suite.check(catalog: MyZooCatalog.Catalog.self)
        for issue in issues { Issue.record("\(issue)") }
        #expect(
            suite.registry.components.contains { $0.name == "ridge" }
                && suite.registry.components.contains { $0.name == "moments" })
    }

    /// θ̂ = scale·(1/n)Xᵀy, computed independently entry by entry.
    @Test func momentsAreTheScaledEmpiricalMoment() throws {
        let x = Matrix([[1, 2], [3, -1], [0, 4]])
        let y = [1.0, -2, 0.5]
        let model = try MomentEstimator.make([("scale", .number(2))]).fit(
            Dataset(features: x, targets: y), context: FitContext(seed: 0))
        let weights = try #require(model as? any LinearModel).weights
        let xty: [Double] = [1 * 1 + 3 * -2 + 0 * 0.5, 2 * 1 + -1 * -2 + 4 * 0.5]  // Xᵀy = (−5, 6)
        let expected = xty.map { 2 * $0 / 3 }
        #expect(
            zip(weights, expected).allSatisfy { abs($0 - $1) <= 1e-15 } && weights.count == 2,
            "\(weights) ≠ \(expected)")
    }

    /// Every perturbation lies on the sphere of the radius.
    @Test func randomPerturbationsHaveNormRadius() throws {
        let attack = try RandomL2Attack.make([("radius", .number(0.5))])
        let inputs = Matrix.standardNormal(rows: 20, columns: 7, seed: 1, stream: 0)
        let delta = try attack.perturbations(
            model: MomentEstimator.Model(weights: [Double](repeating: 0, count: 7)), inputs: inputs,
            predictions: [Double](repeating: 0, count: 20), target: .fixed([Double](repeating: 0, count: 20)),
            task: .regression, seed: 3)
        for norm in delta.norms(in: .l2) { #expect(abs(norm - 0.5) < 1e-12) }
    }
}
