import Foundation
import ZooCatalog
import ZooCore
import ZooLinalg

// MARK: - Networks and gradient attacks (kernels-and-networks issue)

/// `ZooBenchmarks networks [--case two-layer|pgd-l2|pgd-ntk|gemm] [--repeats R] [--steps S]`:
/// - `two-layer`: `two-layer(width=4096,steps=200)` fitted on n = 2000 points uniform on the sphere of
///   radius √d in d = 100 (linear target plus noise), curvature estimate included;
/// - `pgd-l2`: `pgd-l2(radius=0.5,steps=20)` on that fitted network, 500 test points, clean target;
/// - `pgd-ntk` (only when asked for): the same attack on `ntk` fitted on n = 2000 points on the sphere in
///   d = 500 (500 test points);
/// - `gemm` (only when asked for): the two products of a training step alone.
/// scripts/benchmark_networks_numpy.py is the same mathematics in numpy; scripts/benchmark-networks.sh
/// interleaves the two. Prints `networks <case> seconds=<median>` per case.
enum NetworkBenchmark {
    static let n = 2000, d = 100, width = 4096, testPoints = 500

    /// Rows uniform on the sphere of radius √d and y = xᵀβ + 0.5·ξ, ‖β‖ = 1.
    static func sphere(rows: Int, seed: UInt64, d: Int = NetworkBenchmark.d) -> (x: Matrix, y: [Double], beta: [Double])
    {
        var x = Matrix.standardNormal(rows: rows, columns: d, seed: seed, stream: 1)
        for i in 0..<rows {
            let norm = Vectors.norm2(x.row(i))
            for j in 0..<d { x[i, j] *= Double(d).squareRoot() / norm }
        }
        var stream = RandomStream(seed: 99)
        let beta = stream.uniformOnSphere(dimension: d)
        let noise = Matrix.standardNormal(rows: rows, columns: 1, seed: seed, stream: 2).elements
        return (x, zip(x.multiply(beta), noise).map { $0 + 0.5 * $1 }, beta)
    }

    static func main(_ arguments: [String]) {
        let only = arguments.firstIndex(of: "--case").map { arguments[$0 + 1] }
        let repeats = arguments.firstIndex(of: "--repeats").flatMap { Int(arguments[$0 + 1]) } ?? 1
        let steps = arguments.firstIndex(of: "--steps").flatMap { Int(arguments[$0 + 1]) } ?? 200
        do {
            let registry = try Catalog.makeRegistry()
            let train = sphere(rows: n, seed: 1)
            let data = try Dataset(features: train.x, targets: train.y)
            let estimator = try registry.makeEstimator(
                ComponentSpec(parsing: "two-layer(width=\(width),steps=\(steps))"))
            var model: (any FittedModel)?
            if only == "gemm" {
                // the two products of a training step, alone: Z = XWᵀ and ∇_W = GᵀX
                let w = Matrix.standardNormal(rows: width, columns: d, seed: 3, stream: 1)
                var z = Matrix(rows: n, columns: width)
                let forward = try median(repeats) { z = Matrix.multiply(train.x, .none, w, .transpose) }
                let backward = try median(repeats) { _ = Matrix.multiply(z, .transpose, train.x, .none) }
                let flops = 2.0 * Double(n * width * d) / 1e9
                print(
                    String(
                        format: "networks gemm forward=%.4f s (%.1f GFLOP/s) backward=%.4f s (%.1f GFLOP/s)",
                        forward, flops / forward, backward, flops / backward))
            }
            if only == nil || only == "two-layer" {
                let seconds = try median(repeats) { model = try estimator.fit(data, context: FitContext(seed: 0)) }
                print(
                    String(
                        format: "networks two-layer seconds=%.3f final_train_loss=%@", seconds,
                        model?.diagnostics["final_train_loss"] ?? "?"))
            }
            if only == "pgd-ntk" {
                // pgd-l2 on ntk fitted on n = 2000 points on the sphere in d = 500, 500 test points
                let train = sphere(rows: n, seed: 5, d: 500)
                let test = sphere(rows: testPoints, seed: 6, d: 500)
                let ntk = try registry.makeEstimator(ComponentSpec(parsing: "ntk"))
                let fitted = try ntk.fit(try Dataset(features: train.x, targets: train.y), context: FitContext(seed: 0))
                let attack = try registry.makeAttack(ComponentSpec(parsing: "pgd-l2(radius=0.5,steps=20)"))
                let predictions = fitted.predict(test.x)
                let clean = test.x.multiply(test.beta)
                var risk = 0.0
                let seconds = try median(repeats) {
                    let delta = try attack.perturbations(
                        model: fitted, inputs: test.x, predictions: predictions,
                        target: .fixed(clean), task: .regression, seed: 0)
                    let attacked = fitted.predict(delta.applied(to: test.x))
                    risk = zip(attacked, clean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(testPoints)
                }
                print(String(format: "networks pgd-ntk seconds=%.3f adversarial_risk=%.6g", seconds, risk))
            }
            if only == nil || only == "pgd-l2" {
                let fitted = try model ?? estimator.fit(data, context: FitContext(seed: 0))
                let test = sphere(rows: testPoints, seed: 2)
                let attack = try registry.makeAttack(ComponentSpec(parsing: "pgd-l2(radius=0.5,steps=20)"))
                let predictions = fitted.predict(test.x)
                let clean = test.x.multiply(test.beta)
                var risk = 0.0
                let seconds = try median(repeats) {
                    let delta = try attack.perturbations(
                        model: fitted, inputs: test.x, predictions: predictions,
                        target: .fixed(clean), task: .regression, seed: 0)
                    let attacked = fitted.predict(delta.applied(to: test.x))
                    risk = zip(attacked, clean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(testPoints)
                }
                print(String(format: "networks pgd-l2 seconds=%.3f adversarial_risk=%.6g", seconds, risk))
            }
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }

    /// The median wall time of `repeats` runs of `body`; prints the process CPU time each run used.
    static func median(_ repeats: Int, _ body: () throws -> Void) throws -> Double {
        var times = [Double]()
        for _ in 0..<max(1, repeats) {
            let start = Date()
            let cpu = cpuSeconds()
            try body()
            times.append(Date().timeIntervalSince(start))
            print(String(format: "  (wall %.3f s, cpu %.3f s)", times.last!, cpuSeconds() - cpu))
        }
        return times.sorted()[times.count / 2]
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
            usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
