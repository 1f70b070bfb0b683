import Foundation
import ZooCatalog
import ZooCore
import ZooLinalg

// MARK: - Kernel and random-features estimators

/// `ZooBenchmarks kernels [--threads N] [--case NAME] [--list] [--repetitions R]`: the kernel issue's
/// release sizes through the registered estimators, exactly what a `zoo compare` cell runs:
///
/// - `ntk-fit-predict`: `ntk` (layers=both, lambda=0) fitted on n = 2000 points of `sphere(d=500)`,
///   then predictions at 2000 test points;
/// - `ntk-gradient`: 20 batched input gradients of that fitted model at 500 test points (what 20
///   PGD steps ask of it);
/// - `random-features-fit-predict`: `random-features(features=4000)` (lambda=0) on n = 2000 points
///   of `isotropic(d=500)`, predictions at 2000 test points (a fresh fit context each time, so W is
///   drawn and the path built every repetition).
///
/// Data are drawn once, outside the timing. Each case runs once to warm up, then R times (default 5);
/// prints `kernels <TAB> case <TAB> median seconds <TAB> min <TAB> max`, the format of
/// scripts/benchmark_kernels_numpy.py, which scripts/benchmark-kernels.sh interleaves with it.
enum KernelsBenchmark {
    struct Case {
        let name: String
        /// Prepares the inputs (untimed) and returns the timed work.
        let prepare: () throws -> () throws -> Void
    }

    static func main(_ arguments: [String]) {
        var selected: String?
        var repetitions = 5
        var listOnly = false
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--threads" where index + 1 < arguments.count:
                setenv("ZOO_THREADS", arguments[index + 1], 1)
                index += 1
            case "--case" where index + 1 < arguments.count:
                selected = arguments[index + 1]
                index += 1
            case "--repetitions" where index + 1 < arguments.count:
                repetitions = max(1, Int(arguments[index + 1]) ?? 5)
                index += 1
            case "--list":
                listOnly = true
            default:
                print("kernels: unknown argument \(arguments[index])")
                exit(2)
            }
            index += 1
        }
        if listOnly {
            for benchmark in cases { print(benchmark.name) }
            return
        }
        let chosen = cases.filter { selected == nil || $0.name == selected }
        guard !chosen.isEmpty else {
            print("kernels: no case named \(selected ?? "")")
            exit(2)
        }
        print("# EstimatorZoo kernels on \(Parallelism.threadCount) thread(s)")
        for benchmark in chosen {
            do {
                let work = try benchmark.prepare()
                try work()
                var times = [Double]()
                for _ in 0..<repetitions {
                    let start = Date()
                    try work()
                    times.append(Date().timeIntervalSince(start))
                }
                times.sort()
                print(
                    String(
                        format: "kernels\t%@\t%.4f\t%.4f\t%.4f", benchmark.name, times[times.count / 2], times.first!,
                        times.last!))
            } catch {
                print("error: \(benchmark.name): \(error)")
                exit(1)
            }
        }
    }

    static let registry: Registry = {
        do { return try Catalog.makeRegistry() } catch { fatalError("the catalogue does not load: \(error)") }
    }()

    static func split(_ data: String, n: Int, m: Int) throws -> DataSplit {
        try registry.makeDataModel(ComponentSpec(parsing: data)).draw(trainingSize: n, testSize: m, seed: 0)
    }

    /// Checks a result is finite, so the optimiser cannot drop the work and a failure is loud.
    static func require(_ values: [Double], _ what: String) throws {
        guard values.allSatisfy(\.isFinite) else { throw ZooError.numerical("\(what) is not finite") }
    }

    static func printDiagnostics(_ name: String, _ model: any FittedModel) {
        print(
            "# \(name): "
                + model.diagnostics.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
    }

    static var cases: [Case] {
        [
            Case(name: "ntk-fit-predict") {
                let split = try Self.split("sphere(d=500)", n: 2000, m: 2000)
                let estimator = try registry.makeEstimator(ComponentSpec(parsing: "ntk"))
                printDiagnostics("ntk-fit-predict", try estimator.fit(split.train, context: FitContext(seed: 0)))
                return {
                    let model = try estimator.fit(split.train, context: FitContext(seed: 0))
                    try require(model.predict(split.test.features), "ntk predictions")
                }
            },
            Case(name: "ntk-gradient") {
                let split = try Self.split("sphere(d=500)", n: 2000, m: 500)
                let model = try registry.makeEstimator(ComponentSpec(parsing: "ntk")).fit(
                    split.train, context: FitContext(seed: 0))
                guard let differentiable = model as? any DifferentiableModel else {
                    throw ZooError.numerical("ntk has no gradient")
                }
                return {
                    for _ in 0..<20 {
                        try require(differentiable.inputGradient(split.test.features).elements, "ntk gradient")
                    }
                }
            },
            Case(name: "random-features-fit-predict") {
                let split = try Self.split("isotropic(d=500)", n: 2000, m: 2000)
                let estimator = try registry.makeEstimator(ComponentSpec(parsing: "random-features(features=4000)"))
                printDiagnostics(
                    "random-features-fit-predict", try estimator.fit(split.train, context: FitContext(seed: 0)))
                return {
                    let model = try estimator.fit(split.train, context: FitContext(seed: 0))
                    try require(model.predict(split.test.features), "random-features predictions")
                }
            },
        ]
    }
}
