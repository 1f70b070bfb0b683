import ZooCore
import ZooLinalg

// MARK: - A fitted linear model

/// f̂(x) = θ̂ᵀx: the fitted model of every linear estimator (capabilities `linear-weights` and
/// `input-gradient`, ∇ₓf̂(x) = θ̂ everywhere).
public struct LinearFit: LinearModel, DifferentiableModel {
    public let weights: [Double]
    public let diagnostics: [String: String]

    public init(weights: [Double], diagnostics: [String: String] = [:]) {
        self.weights = weights
        self.diagnostics = diagnostics
    }

    public func inputGradient(_ inputs: Matrix) -> Matrix {
        var gradient = Matrix(rows: inputs.rows, columns: inputs.columns)
        for i in 0..<inputs.rows {
            for j in 0..<inputs.columns { gradient[i, j] = weights[j] }
        }
        return gradient
    }
}
