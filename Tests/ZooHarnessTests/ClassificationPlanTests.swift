import Testing
import ZooCatalog
import ZooCore
import ZooHarness

/// Classification experiments: task checks up front, training points supplied to every model.
@Suite struct ClassificationPlanTests {
    let registry = try! Catalog.makeRegistry()

    func experiment(_ data: String, estimators: String, attacks: String, n: [Int] = [60]) throws(ZooError) -> Experiment
    {
        Experiment(
            data: try ComponentSpec(parsing: data), estimators: try ComponentSpec.parseList(estimators),
            attacks: try ComponentSpec.parseList(attacks), sampleSizes: n, testSize: 200, seedCount: 1,
            target: .label, recordTimings: false)
    }

    @Test func classificationOnlyAttackRefusedOnRegressionData() throws {
        do {
            _ = try ExperimentPlan(
                experiment("isotropic(d=20)", estimators: "min-norm", attacks: "nearest-flip"), registry: registry)
            Issue.record("nearest-flip accepted on regression data")
        } catch {
            #expect(
                error.isUsageError && error.description.contains("regression")
                    && error.description.contains("classification-only"), "\(error)")
        }
    }

    @Test func nearestFlipAttacksEveryClassifier() throws {
        let plan = try ExperimentPlan(
            experiment(
                "balls(d=5,centers=10,flip=0.2)", estimators: "nearest-neighbor,min-norm,ridge(lambda=0.1)",
                attacks: "nearest-flip(radius=2)"), registry: registry)
        var rows = [ResultRow]()
        try ExperimentRunner(plan: plan).run(skipping: []) { rows.append($0) }
        #expect(rows.count == 3)
        for row in rows {
            let clean = try #require(row.cleanError)
            let robust = try #require(row.robustError)
            let largest = try #require(row.maxPerturbation)
            #expect(robust >= clean && largest <= 2 * (1 + 1e-12), "\(row.estimator)")
            if let exact = row.robustErrorExact {
                #expect(robust <= exact, "\(row.estimator): nearest-flip is a lower bound")
            }
        }
        #expect(rows[0].trainError == 0, "1-NN fits its training labels")
    }
}
