import ZooLinalg

// MARK: - Perturbations

/// The perturbations δᵢ an attack found, one per test point, in a dense or a compact form.
///
/// Every exact attack on a linear model moves all points along one direction u with a per-point
/// scale, δᵢ = sᵢ·u; keeping that form lets the harness evaluate a linear model at x + δ in O(m + d)
/// instead of materialising an m×d matrix per cell. `materialized()` gives the dense matrix whenever
/// a consumer needs it.
public enum Perturbations: Sendable, Equatable {
    /// Row i is δᵢ.
    case dense(Matrix)
    /// δᵢ = scales[i]·direction.
    case rankOne(scales: [Double], direction: [Double])

    /// The number of perturbations m.
    public var count: Int {
        switch self {
        case .dense(let matrix): return matrix.rows
        case .rankOne(let scales, _): return scales.count
        }
    }

    /// The input dimension d.
    public var dimension: Int {
        switch self {
        case .dense(let matrix): return matrix.columns
        case .rankOne(_, let direction): return direction.count
        }
    }

    /// ‖δᵢ‖ for every i, in `norm`.
    public func norms(in norm: PerturbationNorm) -> [Double] {
        switch self {
        case .dense(let matrix):
            return matrix.withUnsafeBufferPointer { buffer in
                (0..<matrix.rows).map { i in
                    norm.norm(UnsafeBufferPointer(rebasing: buffer[(i * matrix.columns)..<((i + 1) * matrix.columns)]))
                }
            }
        case .rankOne(let scales, let direction):
            let directionNorm = direction.withUnsafeBufferPointer { norm.norm($0) }
            return scales.map { abs($0) * directionNorm }
        }
    }

    /// The m×d matrix whose row i is δᵢ.
    public func materialized() -> Matrix {
        switch self {
        case .dense(let matrix): return matrix
        case .rankOne(let scales, let direction):
            var matrix = Matrix(rows: scales.count, columns: direction.count)
            let d = direction.count
            matrix.withUnsafeMutableBufferPointer { buffer in
                for i in scales.indices {
                    for j in 0..<d { buffer[i * d + j] = scales[i] * direction[j] }
                }
            }
            return matrix
        }
    }

    /// x + δ for every row of `inputs`.
    public func applied(to inputs: Matrix) -> Matrix {
        var perturbed = inputs
        let delta = materialized()
        for index in perturbed.elements.indices { perturbed.elements[index] += delta.elements[index] }
        return perturbed
    }

    /// vᵀ(xᵢ + δᵢ) for every i, given vᵀxᵢ (`clean`): O(m + d) for the rank-one form.
    public func linearValues(weights: [Double], clean: [Double]) -> [Double] {
        switch self {
        case .dense(let matrix):
            let shift = matrix.multiply(weights)
            return zip(clean, shift).map { $0 + $1 }
        case .rankOne(let scales, let direction):
            let along = Vectors.dot(weights, direction)
            return zip(clean, scales).map { $0 + $1 * along }
        }
    }
}
