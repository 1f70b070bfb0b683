import Foundation
import ZooCore
import ZooData
import ZooTheory

// MARK: - Theory curves

/// `ZooBenchmarks theory`: how long the theory takes where a sweep would need it, medians of 5 runs.
/// - a 30-point λ path (λ = 0 and 29 log-spaced from 1e-6 to 1e2) of ridge/min-norm deterministic
///   equivalents at n = 400, d = 10⁶, on `spiked` (two distinct eigenvalues) and `power-law` (10⁶),
///   each λ with the ℓ₂ adversarial risk; the spectrum is grouped once per curve (included);
/// - a Hassani & Javanmard curve: 10 values of ψ₁ at ψ₂ = 2, ε = ε_test = 0.3, τ = 0.5.
/// Compare with `scripts/theory_path.py` (numpy, the same fixed-point solve vectorised over Σ's diagonal).
enum TheoryBenchmark {
    static func main(_ arguments: [String]) {
        let lambdas = [0] + (0..<29).map { Foundation.pow(10, -6 + 8 * Double($0) / 28) }
        let threat = ThreatModel(norm: .l2, radius: 0.3)
        for (name, data) in [
            (
                "spiked",
                try! SpikedGaussian.make([("d", .number(1e6)), ("tail", .number(9999.9))])
                    as any GaussianPopulationModel
            ),
            ("power-law", try! PowerLawGaussian.make([("d", .number(1e6))])),
        ] {
            let population = data.population(forSeed: 0)
            var checksum = 0.0
            let seconds = median(5) {
                let spectrum = DiagonalSpectrum(population)
                for lambda in lambdas {
                    let theory = LinearEstimatorTheory.predict(
                        spectrum: spectrum, noise: population.noise, samples: 400, lambda: lambda)!
                    checksum += theory.adversarialRisk(threat: threat, target: .clean)
                }
            }
            let grouping = median(5) { checksum += Double(DiagonalSpectrum(population).eigenvalues.count) * 1e-30 }
            print(
                String(
                    format:
                        "theory λ-path  %-9@ d=1e6 n=400, 30 λ: %.4f s, of which grouping Σ's diagonal %.4f s  (checksum %.6g)",
                    name as NSString, seconds, grouping, checksum / 5))
        }
        let psi1s = [0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10]
        var checksum = 0.0
        let seconds = median(3) {
            for psi1 in psi1s {
                let solution = RandomFeaturesAdversarialTheory(
                    featuresRatio: psi1, samplesRatio: 2, trainingRadius: 0.3,
                    testRadius: 0.3, noise: 0.5
                ).solve()
                checksum += solution.robustRisk
            }
        }
        print(
            String(
                format: "theory H&J curve 10 ψ₁, full search each: %.3f s  (%.3f s per point, checksum %.6g)", seconds,
                seconds / 10, checksum / 3))
    }

    static func median(_ runs: Int, _ body: () -> Void) -> Double {
        var times = [Double]()
        for _ in 0..<runs {
            let start = DispatchTime.now()
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        return times.sorted()[runs / 2]
    }
}
