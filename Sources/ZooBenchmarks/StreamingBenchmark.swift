import Foundation
import ZooLinalg

// MARK: - Streamed designs

/// `ZooBenchmarks streaming [--n N] [--d D] [--stored-d D2]`: the Gram matrix XXᵀ of a streamed
/// n×d Gaussian design (X regenerated block by block, never stored) against the in-memory SYRK of an
/// n×D2 matrix, as flop rates (n²·columns flops, the convention of the `gram-*` linalg cases), one
/// streaming pass X·v, and the peak resident memory. Each case runs once (the default streamed Gram,
/// n = 4000 and d = 10⁶, is 1.6·10¹³ flops).
enum StreamingBenchmark {
    static func main(_ arguments: [String]) {
        var n = 4000
        var d = 1_000_000
        var storedColumns = 20_000
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? Int(arguments[index + 1]) : nil
            switch arguments[index] {
            case "--n" where value != nil: n = value!
            case "--d" where value != nil: d = value!
            case "--stored-d" where value != nil: storedColumns = value!
            default:
                print("usage: ZooBenchmarks streaming [--n N] [--d D] [--stored-d D2]")
                exit(2)
            }
            index += 2
        }
        print("isa\t\(InstructionSet.current.name)\tthreads\t\(Parallelism.threadCount)")
        let stored = Matrix.standardNormal(rows: n, columns: storedColumns, seed: 1, stream: 1)
        _ = gram(stored, .rows)  // warm-up
        let storedSeconds = LinalgBenchmark.seconds { _ = gram(stored, .rows) }
        let storedRate = Double(n) * Double(n) * Double(storedColumns) / storedSeconds / 1e9
        print(String(format: "stored-gram-%dx%d\t%.3f s\t%.1f GFLOP/s", n, storedColumns, storedSeconds, storedRate))

        let design = StreamedGaussianDesign(
            rows: n, columns: d, seed: 2, stream: 2,
            columnScales: (0..<d).map { $0 < 10 ? 1 : 0.003 })
        let gramSeconds = LinalgBenchmark.seconds { _ = design.gram() }
        let gramRate = Double(n) * Double(n) * Double(d) / gramSeconds / 1e9
        print(
            String(
                format: "streamed-gram-%dx%d\t%.3f s\t%.1f GFLOP/s\tblock %d columns (%.0f MiB)", n, d, gramSeconds,
                gramRate,
                design.blockWidth, Double(n * design.blockWidth * 8) / 1_048_576))
        print(
            String(
                format: "streamed ÷ stored flop rate\t%.3f\t(time ratio at equal flops %.3f)", gramRate / storedRate,
                storedRate / gramRate))
        let v = [Double](repeating: 1, count: d)
        let passSeconds = LinalgBenchmark.seconds { _ = design.multiply(v) }
        print(
            String(
                format: "streamed-pass-%dx%d (X·v)\t%.3f s\t%.2f G normals/s", n, d, passSeconds,
                Double(n) * Double(d) / passSeconds / 1e9))
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(
            String(
                format: "peak resident memory\t%.2f GiB\t(stored X would take %.1f GiB)",
                Double(usage.ru_maxrss) / 1_048_576,
                Double(n) * Double(d) * 8 / 1_073_741_824))
    }
}
