import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg
import ZooTestSupport

@Suite struct ExperimentRunnerTests {
    let registry = try! Catalog.makeRegistry()

    func experiment(
        _ data: String = "isotropic(d=40)", estimators: String = "min-norm,ridge(lambda=0.1)",
        attacks: String = "exact-l2(radius=0.5),exact-linf(radius=0.05)", n: [Int] = [20],
        test: Int = 500, seeds: Int = 2, target: TargetConvention = .clean
    ) throws -> Experiment {
        Experiment(
            data: try ComponentSpec(parsing: data), estimators: try ComponentSpec.parseList(estimators),
            attacks: try ComponentSpec.parseList(attacks), sampleSizes: n, testSize: test, seedCount: seeds,
            target: target, recordTimings: false)
    }

    func rows(_ experiment: Experiment, skipping: Set<CellKey> = []) throws -> [ResultRow] {
        var rows = [ResultRow]()
        try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry)).run(skipping: skipping) {
            rows.append($0)
        }
        return rows
    }

    /// The Monte-Carlo test risks converge to the exact population values of docs/conventions.md §5.
    @Test(arguments: TargetConvention.allCases)
    func monteCarloRisksMatchExactPopulationValues(target: TargetConvention) throws {
        let result = try rows(experiment(n: [25], test: 60000, seeds: 1, target: target))
        #expect(result.count == 4)
        for row in result {
            let standard = try #require(row.standardRiskExact)
            let adversarial = try #require(row.adversarialRiskExact)
            #expect(abs(row.standardRisk! - standard) < 0.03 * standard, "\(row.estimator) \(row.attack) \(target)")
            #expect(
                abs(row.adversarialRisk! - adversarial) < 0.03 * adversarial, "\(row.estimator) \(row.attack) \(target)"
            )
            #expect(adversarial >= standard && row.adversarialRisk! >= row.standardRisk!)
        }
    }

    @Test func rowsArePairedReproducibleAndCarryFullSpecs() throws {
        let first = try rows(experiment(n: [10, 30]))
        #expect(first.count == 2 * 2 * 2 * 2)
        #expect(first == (try rows(experiment(n: [10, 30]))), "same command and seed, same bits")
        #expect(first[0].data == "isotropic(d=40,signal=1,noise=0.5)")
        #expect(first[0].estimator == "min-norm(rcond=0)" && first[0].seed == 0)
        #expect(first.allSatisfy { $0.maxPerturbation! <= 0.5 * (1 + 1e-12) && $0.fitSeconds == nil })
        let minNorm = first.first { $0.estimator.hasPrefix("min-norm") && $0.n == 10 }!
        #expect(minNorm.trainMSE! < 1e-12, "the min-norm interpolator fits n < d exactly")
    }

    @Test func resumeSkipsFinishedCells() throws {
        let all = try rows(experiment())
        let finished = try ExperimentRun([experiment()], registry: registry).finishedCells(
            of: Array(all.prefix(5)), lines: Array(1...5), file: "rows.jsonl")
        #expect(finished.count == 5)
        let rest = try rows(experiment(), skipping: finished)
        #expect(rest.count == all.count - 5)
        #expect(rest == Array(all.dropFirst(5)))
    }

    @Test func refusesImpossibleRequestsUpFront() throws {
        let tooBig = try experiment("spiked(d=2000000)", n: [1_000_000])
        #expect(throws: ZooError.self) { try ExperimentPlan(tooBig, registry: registry) }
        do {
            _ = try ExperimentPlan(try experiment("csv(path=x.csv)"), registry: registry)
            Issue.record("csv with the clean target must be refused")
        } catch {
            #expect("\(error)".contains("--target label"))
        }
        #expect(throws: ZooError.self) { try ExperimentPlan(try experiment(n: [0]), registry: registry) }
        #expect(throws: ZooError.self) {
            try ExperimentPlan(try experiment(estimators: "ridge(lambda=-1)"), registry: registry)
        }
    }
}

@Suite struct ThreadCountReproducibilityTests {
    /// The same experiment gives bit-identical rows on 1, 2 and 3 threads, including n ≈ d where the
    /// ridge path falls back to the eigendecomposition and the complete orthogonal decomposition.
    @Test func rowsAreBitIdenticalForEveryThreadCount() throws {
        let registry = try Catalog.makeRegistry()
        let experiment = Experiment(
            data: try ComponentSpec(parsing: "spiked(d=120,k=4,tail=12)"),
            estimators: try ComponentSpec.parseList(
                "min-norm,ridge(lambda=0.001),ridge(lambda=1),gradient-descent(steps=30)"),
            attacks: try ComponentSpec.parseList("exact-l2(radius=0.2),exact-linf(radius=0.01)"),
            sampleSizes: [40, 118, 120, 122, 300], testSize: 200, seedCount: 2, recordTimings: false)
        func rows(threads: Int) throws -> [ResultRow] {
            try Parallelism.withThreadLimit(threads) {
                var rows = [ResultRow]()
                try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry)).run { rows.append($0) }
                return rows
            }
        }
        #expect(Parallelism.withThreadLimit(3) { Parallelism.threadCount } == 3)
        let single = try rows(threads: 1)
        #expect(single.allSatisfy { $0.adversarialRisk!.isFinite && $0.standardRisk!.isFinite })
        #expect(try rows(threads: 2) == single)
        #expect(try rows(threads: 3) == single)
    }
}

@Suite struct CapabilityCheckTests {
    @Test func incompatiblePairIsRefusedNamingTheMissingCapability() throws {
        var registry = try Catalog.makeRegistry()
        try registry.register(.constant(module: "Fixture"))
        let experiment = Experiment(
            data: try ComponentSpec(parsing: "isotropic(d=10)"),
            estimators: [ComponentSpec(name: "ridge"), ComponentSpec(name: "constant")],
            attacks: [try ComponentSpec(parsing: "exact-l2")], sampleSizes: [5])
        do {
            _ = try ExperimentPlan(experiment, registry: registry)
            Issue.record("an exact attack on a model without linear weights must be refused")
        } catch {
            #expect(error.isUsageError)
            #expect(error.description.contains("needs linear-weights"), "\(error)")
            #expect(error.description.contains("constant"), "\(error)")
        }
    }
}
