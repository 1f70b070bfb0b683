import ZooCore
import ZooLinalg

// MARK: - Standardisation by the training sample

/// Per-feature centring and scaling fitted on a training sample and applied, unchanged, to its test
/// sample (test rows never inform it): x′_j = (x_j − mean_j)/sd_j with the training sample's mean and
/// population standard deviation (divisor n); a feature constant on the training sample (sd = 0) is
/// centred only. Used by `csv` (`standardize=true`) and `idx` (`scale=standardize`).
struct TrainingStandardization: Sendable {
    let means: [Double]
    let scales: [Double]
    /// The training targets' mean (subtracted from regression targets), 0 when targets are not centred.
    let targetMean: Double

    /// The statistics of `training`; `centreTarget` for regression (classification labels stay ±1).
    init(fitting training: Matrix, targets: [Double], centreTarget: Bool) {
        let n = Double(max(training.rows, 1))
        let d = training.columns
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 1, count: d)
        for j in 0..<d {
            var sum = 0.0
            for i in 0..<training.rows { sum += training[i, j] }
            let mean = sum / n
            var squares = 0.0
            for i in 0..<training.rows { squares += (training[i, j] - mean) * (training[i, j] - mean) }
            let variance = squares / n
            means[j] = mean
            scales[j] = variance > 0 ? 1 / variance.squareRoot() : 1
        }
        self.means = means
        self.scales = scales
        self.targetMean = centreTarget ? targets.reduce(0, +) / n : 0
    }

    /// Transforms features in place and returns the centred targets.
    func apply(to features: inout Matrix, targets: [Double]) -> [Double] {
        for i in 0..<features.rows {
            for j in 0..<features.columns { features[i, j] = (features[i, j] - means[j]) * scales[j] }
        }
        return targetMean == 0 ? targets : targets.map { $0 - targetMean }
    }
}
