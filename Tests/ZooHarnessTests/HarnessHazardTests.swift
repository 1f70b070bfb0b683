import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg
import ZooTestSupport

/// The hazards of the harness issue, each a test that fails on the code before the fix, and rows of
/// non-linear models and classifiers.
@Suite struct HarnessHazardTests {
    let registry = try! Registry(catalogs: [Catalog.self, ToyCatalog.self])

    static let breastCancer = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/data/breast_cancer.csv").path

    func rows(
        _ data: String, _ estimators: String, _ attacks: String, n: [Int] = [20], test: Int = 300,
        seeds: Int = 1, firstSeed: UInt64 = 0, target: TargetConvention = .clean
    ) throws -> [ResultRow] {
        let experiment = Experiment(
            data: try ComponentSpec(parsing: data), estimators: try ComponentSpec.parseList(estimators),
            attacks: try ComponentSpec.parseList(attacks), sampleSizes: n, testSize: test,
            seedCount: seeds, firstSeed: firstSeed, target: target, recordTimings: false)
        var rows = [ResultRow]()
        try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry)).run { rows.append($0) }
        return rows
    }

    @Test func seedsAbove2To63RunAndOverflowIsRefused() throws {
        let result = try rows("isotropic(d=30)", "ridge(lambda=0.1)", "exact-l2", firstSeed: .max)
        #expect(result.count == 1 && result[0].seed == .max)
        #expect(result[0].cellKey.hasSuffix("|18446744073709551615"))
        #expect(throws: ZooError.self) { try rows("isotropic(d=30)", "ridge", "exact-l2", seeds: 2, firstSeed: .max) }
    }

    /// Classification rows: `train_error` is the 0–1 training error (not a squared error), and
    /// `robust_error_exact` is set for linear classifiers under the attack's own ball and equals the
    /// robust error of an exact attack.
    @Test func classificationRowsSayWhatTheyMean() throws {
        let data = "csv(path=\"\(Self.breastCancer)\",task=classification)"
        let result = try rows(
            data, "min-norm,ridge(lambda=0.1),toy-classifier",
            "exact-l2(radius=0.5),exact-linf(radius=0.05),toy-gradient-sign(radius=0.05),toy-gradient-sign(radius=0.05,exact=false)",
            n: [60])
        let model = try registry.makeDataModel(ComponentSpec(parsing: data))
        let training = try model.drawTraining(size: 60, seed: 0)
        for row in result {
            #expect(row.target == "label" && row.trainMSE == nil)
            let trainError = try #require(row.trainError)
            let estimator = try registry.makeEstimator(ComponentSpec(parsing: row.estimator))
            let fitted = try estimator.fit(training, context: FitContext(seed: 0, task: .classification))
            let direct = zip(fitted.predict(training.features), training.targets).filter { ($0 >= 0) != ($1 >= 0) }
                .count
            #expect(trainError == Double(direct) / 60, "\(row.estimator)")
            #expect(row.cleanError! >= 0 && row.robustError! <= 1 && row.robustError! >= row.cleanError!)
            if row.attack.contains("exact=false") {
                #expect(row.robustErrorExact == nil, "the attack declares no exact ball")
            } else {
                let exact = try #require(row.robustErrorExact, "\(row.estimator) × \(row.attack)")
                // The exact attacks and one signed-gradient step on a linear model attain the worst case.
                #expect(abs(exact - row.robustError!) <= 1.0 / 114 + 1e-12, "\(row.estimator) × \(row.attack)")
            }
        }
        #expect(Set(result.map(\.estimator)).count == 3 && result.count == 12)
    }

    @Test func consistentTargetIsRefusedWhereTheTruthIsNotLinear() throws {
        do {
            _ = try rows("toy-nonlinear-data(d=5)", "ridge", "exact-l2", target: .consistent)
            Issue.record("expected a usage error")
        } catch {
            #expect("\(error)".contains("toy-nonlinear-data") && "\(error)".contains("consistent"), "\(error)")
            #expect((error as? ZooError)?.isUsageError == true)
        }
        // clean and label stay available, and a non-linear truth gives no exact columns.
        let clean = try rows("toy-nonlinear-data(d=5)", "ridge", "exact-l2", target: .clean)
        #expect(clean.allSatisfy { $0.standardRiskExact == nil && $0.standardRisk != nil })
    }

    /// Exact columns only for the attack's own threat model: an ℓ∞ attack gets the ℓ∞ (dual ℓ₁)
    /// closed form, an attack that declares no exact ball gets none, a non-linear model gets none.
    @Test func exactColumnsFollowTheAttacksOwnBall() throws {
        let result = try rows(
            "isotropic(d=30)", "gradient-descent,toy-tanh",
            "toy-gradient-sign(radius=0.05),toy-gradient-sign(radius=0.05,exact=false)", n: [15])
        let data = try registry.makeDataModel(ComponentSpec(parsing: "isotropic(d=30)"))
        let population = try #require((data as? any GaussianPopulationModel)?.population(forSeed: 0))
        let training = try data.drawTraining(size: 15, seed: 0)
        let gd = try registry.makeEstimator(ComponentSpec(parsing: "gradient-descent")).fit(
            training, context: FitContext(seed: 0))
        let weights = (gd as! any LinearModel).weights
        for row in result {
            #expect(row.diagnostics.isEmpty == false, "diagnostics reach the rows")
            if row.estimator.hasPrefix("toy-tanh") {
                #expect(row.standardRiskExact == nil && row.adversarialRiskExact == nil && row.weightNorm == nil)
                #expect(row.diagnostics["solver"] == "toy")
            } else if row.attack.contains("exact=false") {
                #expect(row.standardRiskExact == nil && row.adversarialRiskExact == nil)
            } else {
                let expected = Risks.exactLinear(
                    weights: weights, population: population,
                    threat: ThreatModel(norm: .linf, radius: 0.05), target: .clean)
                #expect(row.adversarialRiskExact == expected.adversarial && row.standardRiskExact == expected.standard)
                // One signed step on a linear model is the exact ℓ∞ attack: the estimate matches its population value.
                #expect(row.adversarialRisk! >= row.standardRisk!)
            }
        }
    }

    /// `fit` sees the task and the experiment's threat model when every attack shares it, else nil.
    @Test func fitContextCarriesTaskAndSharedThreatModel() throws {
        let shared = try rows("isotropic(d=10)", "toy-tanh", "toy-gradient-sign(radius=0.2)", n: [8], test: 20)
        #expect(
            shared[0].diagnostics["threat-model"] == "linf(radius=0.2)" && shared[0].diagnostics["task"] == "regression"
        )
        let mixed = try rows(
            "isotropic(d=10)", "toy-tanh", "toy-gradient-sign(radius=0.2),toy-gradient-sign(radius=0.1)", n: [8],
            test: 20)
        #expect(mixed.allSatisfy { $0.diagnostics["threat-model"] == "none" })
        let classification = try rows(
            "csv(path=\"\(Self.breastCancer)\",task=classification)", "toy-tanh", "toy-gradient-sign", n: [30])
        #expect(classification[0].diagnostics["task"] == "classification" && classification[0].trainError != nil)
    }

    /// The memory check uses an estimator's own `estimatedFitBytes` through `any Estimator`.
    @Test func memoryCheckUsesTheEstimatorsOwnEstimate() throws {
        #expect(throws: ZooError.self) {
            try rows("isotropic(d=10)", "toy-tanh(claimed-bytes=1e30)", "toy-gradient-sign", n: [8], test: 20)
        }
        #expect(
            try rows("isotropic(d=10)", "toy-tanh(claimed-bytes=1000)", "toy-gradient-sign", n: [8], test: 20).count
                == 1)
    }
}

/// An annotator from outside the harness fills the theory columns.
struct ConstantTheory: RowAnnotator {
    func annotate(_ row: inout ResultRow, facts: CellFacts) throws(ZooError) {
        guard let population = facts.population else { return }
        row[.standardRiskTheory] = population.noise
        row.labels["theory"] = "noise level of \(type(of: facts.data).name)"
    }
}

@Suite struct RowAnnotatorTests {
    @Test func annotatorsFillTheoryColumns() throws {
        let registry = try Catalog.makeRegistry()
        let experiment = Experiment(
            data: try ComponentSpec(parsing: "isotropic(d=20)"), estimators: [try ComponentSpec(parsing: "ridge")],
            attacks: [try ComponentSpec(parsing: "exact-l2")], sampleSizes: [10], testSize: 20, recordTimings: false)
        var rows = [ResultRow]()
        try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry), annotators: [ConstantTheory()]).run {
            rows.append($0)
        }
        #expect(rows[0][.standardRiskTheory] == 0.5 && rows[0].labels["theory"] == "noise level of isotropic")
    }
}
