import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg

/// Streamed cells (X regenerated block by block) give the rows of stored cells, to rounding; the plan
/// streams exactly the sizes too large to hold under `auto`, and refuses what cannot stream.
@Suite struct StreamedCellTests {
    let registry = try! Catalog.makeRegistry()

    func experiment(
        _ data: String, _ estimators: String, _ attacks: String, n: [Int], test: Int = 200,
        target: TargetConvention = .clean, design: DesignStorage
    ) throws -> Experiment {
        var experiment = Experiment(
            data: try ComponentSpec(parsing: data), estimators: try ComponentSpec.parseList(estimators),
            attacks: try ComponentSpec.parseList(attacks), sampleSizes: n, testSize: test,
            seedCount: 2, target: target, recordTimings: false)
        experiment.designStorage = design
        return experiment
    }

    func rows(_ experiment: Experiment, available: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws
        -> [ResultRow]
    {
        var rows = [ResultRow]()
        try ExperimentRunner(plan: ExperimentPlan(experiment, registry: registry, availableMemory: available)).run {
            rows.append($0)
        }
        return rows
    }

    @Test(arguments: [
        ("spiked(d=1500,k=5,tail=5)", TargetConvention.clean), ("power-law(d=1200)", .label),
        ("isotropic(d=900)", .consistent),
    ])
    func streamedRowsEqualStoredRows(data: String, target: TargetConvention) throws {
        let estimators = "min-norm,ridge(lambda=0.01),ridge(lambda=1),ridge-gcv"
        let attacks = "exact-l2(radius=0.2),exact-linf(radius=0.01)"
        let stored = try rows(experiment(data, estimators, attacks, n: [60, 240], target: target, design: .stored))
        let streamed = try rows(experiment(data, estimators, attacks, n: [60, 240], target: target, design: .streamed))
        #expect(stored.count == streamed.count && stored.count == 2 * 2 * 4 * 2)
        for (a, b) in zip(stored, streamed) {
            #expect(a.cellKey == b.cellKey)
            #expect(Set(a.metrics.keys) == Set(b.metrics.keys))
            for (key, value) in a.metrics {
                let other = b.metrics[key] ?? .nan
                #expect(
                    abs(value - other) <= 1e-9 * max(1, abs(value)),
                    "\(a.cellKey) \(key): stored \(value), streamed \(other)")
            }
        }
    }

    @Test func streamedRowsAreBitIdenticalAcrossRunsAndThreadCounts() throws {
        let e = try experiment("spiked(d=2000)", "min-norm,ridge", "exact-l2", n: [50, 150], design: .streamed)
        let one = try Parallelism.withThreadLimit(1) { try rows(e) }
        let two = try Parallelism.withThreadLimit(2) { try rows(e) }
        #expect(one.map(\.metrics) == two.map(\.metrics))
        #expect(one.map(\.metrics) == (try rows(e)).map(\.metrics))
    }

    /// Under `auto` a size streams exactly when its stored estimate exceeds the memory budget.
    @Test func autoStreamsOnlyTheSizesTooLargeToHold() throws {
        let e = try experiment("spiked(d=20000)", "min-norm,ridge", "exact-l2", n: [20, 400], test: 100, design: .auto)
        // n = 400 stored needs ≈ 8·(20000·(400 + 100) + 400·20000 + 3·100·20000) bytes ≈ 192 MB; n = 20 ≈ 40 MB.
        let plan = try ExperimentPlan(e, registry: registry, availableMemory: 150e6)
        #expect(plan.streamedSizes == [400])
        #expect(try ExperimentPlan(e, registry: registry).streamedSizes.isEmpty)
        var stored = e
        stored.designStorage = .stored
        #expect(throws: ZooError.self) { try ExperimentPlan(stored, registry: registry, availableMemory: 150e6) }
        // An attack that needs the inputs keeps the size stored, and the memory error says why it could not stream.
        let gradient = try experiment("spiked(d=20000)", "min-norm", "pgd-l2", n: [20, 400], test: 100, design: .auto)
        do {
            _ = try ExperimentPlan(gradient, registry: registry, availableMemory: 150e6)
            Issue.record("a run too large to store, with an attack that cannot stream, was accepted")
        } catch {
            #expect(
                error.description.contains("pgd-l2") && error.description.contains("needs the stored X"),
                "\(error.description)")
        }
    }

    @Test(arguments: [
        ("spiked(d=500)", "ntk", "exact-l2", "ntk"),
        ("spiked(d=500)", "min-norm", "pgd-l2", "pgd-l2"),
        ("spiked(d=500)", "min-norm(rcond=0.001)", "exact-l2", "rcond"),
        ("sphere(d=500)", "min-norm", "exact-l2", "Gaussian"),
        ("spiked(d=50)", "min-norm", "exact-l2", "n ≤ d"),
    ])
    func whatCannotStreamIsRefusedWithAReason(data: String, estimator: String, attack: String, named: String) throws {
        do {
            _ = try rows(experiment(data, estimator, attack, n: [100], design: .streamed))
            Issue.record("\(estimator) × \(attack) on \(data) streamed without error")
        } catch let error as ZooError {
            #expect(error.description.contains(named), "\(error.description)")
        }
    }
}
