import ZooCore
import ZooLinalg

// MARK: - Central differences of a model's predictions

extension TestSupport {
    /// The central-difference estimate of ∇ₓf̂ at every row of `points`: entry (i, j) is
    /// (f̂(xᵢ + h·eⱼ) − f̂(xᵢ − h·eⱼ))/(2h), each evaluated on a one-row batch. The reference the
    /// analytic input gradients (`DifferentiableModel.inputGradient`) are checked against.
    public static func centralDifferenceInputGradient(
        of model: any FittedModel, at points: Matrix,
        step h: Double
    ) -> Matrix {
        var numeric = Matrix(rows: points.rows, columns: points.columns)
        for i in 0..<points.rows {
            for j in 0..<points.columns {
                var plus = Matrix([points.row(i)])
                var minus = plus
                plus[0, j] += h
                minus[0, j] -= h
                numeric[i, j] = (model.predict(plus)[0] - model.predict(minus)[0]) / (2 * h)
            }
        }
        return numeric
    }
}
