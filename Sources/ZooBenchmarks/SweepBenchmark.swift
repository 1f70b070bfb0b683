import Foundation
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg
import ZooReport

// MARK: - The reference sweep (linear-zoo issue)

/// `ZooBenchmarks sweep [--quick]`: the linear-zoo reference sweep end to end through the harness,
/// exactly what `zoo compare` runs: spiked data (d = 10000, k = 10, tail level 0.01 per coordinate),
/// n ∈ {100, 200, 400, 800, 1600}, 10 seeds, min-norm plus ridge at 20 λ in logspace(−4, 1),
/// exact-l2(radius=0.1), 1000 test points, exact population risks, target clean.
/// scripts/benchmark_sweep_numpy.py is the same computation in numpy; scripts/benchmark-sweep.sh runs
/// both and prints the ratio. Prints `zoo-sweep seconds=… peak_mib=… rows=… isa=… threads=…`.
enum SweepBenchmark {
    static func experiment(quick: Bool) throws -> Experiment {
        let lambdas = (0..<20).map { Foundation.pow(10, -4 + 5 * Double($0) / 19) }
        return Experiment(
            data: try ComponentSpec(parsing: "spiked(d=10000,k=10,tail=99.9)"),
            estimators: [ComponentSpec(name: "min-norm")]
                + lambdas.map { ComponentSpec(name: "ridge", arguments: [("lambda", .number($0))]) },
            attacks: [try ComponentSpec(parsing: "exact-l2(radius=0.1)")],
            sampleSizes: quick ? [100, 200, 400] : [100, 200, 400, 800, 1600], testSize: 1000,
            seedCount: quick ? 2 : 10, target: .clean)
    }

    static func main(_ arguments: [String]) {
        do {
            let registry = try Catalog.makeRegistry()
            let plan = try ExperimentPlan(try experiment(quick: arguments.contains("--quick")), registry: registry)
            let start = Date()
            var rows = 0
            try ExperimentRunner(plan: plan).run { row throws(ZooError) in
                rows += 1
                guard let risk = row.adversarialRisk, risk.isFinite, row.adversarialRiskExact?.isFinite == true else {
                    throw .numerical("non-finite risk in \(row.estimator) n=\(row.n)")
                }
            }
            let seconds = Date().timeIntervalSince(start)
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            print(
                String(
                    format: "zoo-sweep seconds=%.3f peak_mib=%.0f rows=%ld", seconds, Double(usage.ru_maxrss) / 1024,
                    rows)
                    + " isa=\(InstructionSet.current.name) threads=\(Parallelism.threadCount)")
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }
}
