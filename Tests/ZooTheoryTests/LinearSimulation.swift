import ZooCore
import ZooData
import ZooLinalg

/// Monte-Carlo reference for the linear theory: draws training samples with the data models, fits
/// ridge/min-norm along a λ path with `RidgePath` (the solver the `ridge` and `min-norm` estimators
/// use), and averages exact population quantities of θ̂ over seeds.
struct LinearSimulation {
    struct Averages {
        var excessRisk = 0.0, weightNormSquared = 0.0, errorNormSquared = 0.0, weightL1 = 0.0, errorL1 = 0.0
        /// Standard deviations over seeds, same order.
        var spread = [Double](repeating: 0, count: 5)
        var values: [Double] { [excessRisk, weightNormSquared, errorNormSquared, weightL1, errorL1] }
    }

    /// Averages over `seeds` for each λ (one training sample per seed shared by the whole path).
    static func run(_ data: any GaussianPopulationModel, samples n: Int, lambdas: [Double], seeds: Range<UInt64>) throws
        -> [Averages]
    {
        var sums = [[[Double]]](repeating: [], count: lambdas.count)
        for seed in seeds {
            let population = data.population(forSeed: seed)
            let training = try data.drawTraining(size: n, seed: seed)
            let path = RidgePath(x: training.features, y: training.targets)
            for (index, lambda) in lambdas.enumerated() {
                let theta = try path.solve(lambda: lambda).coefficients
                let error = Vectors.difference(theta, population.truth)
                sums[index].append([
                    population.squaredSigmaNorm(error), Vectors.squaredNorm(theta),
                    Vectors.squaredNorm(error), Vectors.norm1(theta), Vectors.norm1(error),
                ])
            }
        }
        return sums.map { rows in
            let count = Double(rows.count)
            let mean = (0..<5).map { j in rows.reduce(0) { $0 + $1[j] } / count }
            var averages = Averages(
                excessRisk: mean[0], weightNormSquared: mean[1], errorNormSquared: mean[2],
                weightL1: mean[3], errorL1: mean[4])
            averages.spread = (0..<5).map { j in
                (rows.reduce(0) { $0 + ($1[j] - mean[j]) * ($1[j] - mean[j]) } / max(1, count - 1)).squareRoot()
            }
            return averages
        }
    }
}
