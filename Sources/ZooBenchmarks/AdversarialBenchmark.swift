import Foundation
import ZooAdversarial
import ZooCore
import ZooData
import ZooLinalg

// MARK: - adversarial-linear at n = 400, d = 4000

/// `ZooBenchmarks adversarial [--train FILE.csv] [--n 400] [--d 4000] [--radius 0.05] [--norm l2|linf]
/// [--rounds 3]`: fits `adversarial-linear` to a 1e-6 relative optimality gap and prints one JSON line per
/// fit (seconds, objective, certified gap, Newton steps). Without `--train` the data are `spiked(d=…)`
/// draws (seed 0); `scripts/benchmark_adversarial_cvxpy.py` passes its own CSV so that both solvers see
/// the same numbers. Each fit gets a fresh FitContext (nothing cached between rounds).
enum AdversarialBenchmark {
    static func main(_ arguments: [String]) {
        var options: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count {
            options[arguments[index].replacingOccurrences(of: "--", with: "")] = arguments[index + 1]
            index += 2
        }
        do {
            let training: Dataset
            if let path = options["train"] {
                training = try CSVTable(contentsOf: path).featuresAndTarget(source: path)
            } else {
                let d = Double(options["d"] ?? "4000") ?? 4000
                let model = try SpikedGaussian.make([(key: "d", value: .number(d))])
                training = try model.drawTraining(size: Int(options["n"] ?? "400") ?? 400, seed: 0)
            }
            let radius = Double(options["radius"] ?? "0.05") ?? 0.05
            let norm = options["norm"] ?? "l2"
            let estimator = try AdversarialLinearRegression.make([
                (key: "radius", value: .number(radius)), (key: "norm", value: .word(norm)),
                (key: "max-iterations", value: .number(Double(options["max-iterations"] ?? "1000") ?? 1000)),
            ])
            for _ in 0..<(Int(options["rounds"] ?? "3") ?? 3) {
                let start = DispatchTime.now().uptimeNanoseconds
                let fitted = try estimator.fit(training, context: FitContext(seed: 0))
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let facts = fitted.diagnostics
                print(
                    "{\"solver\": \"zoo\", \"norm\": \"\(norm)\", \"n\": \(training.count), \"d\": \(training.dimension), \"radius\": \(radius), \"seconds\": \(seconds), \"objective\": \(facts["objective"] ?? "null"), \"gap\": \(facts["gap"] ?? "null"), \"newton_steps\": \(facts["newton-steps"] ?? "0"), \"threshold\": \"\(facts["threshold"] ?? "")\"}"
                )
            }
        } catch {
            FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
            exit(1)
        }
    }
}
