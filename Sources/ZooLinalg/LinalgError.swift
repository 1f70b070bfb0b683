// MARK: - Errors

/// Why a numerical routine could not produce a trustworthy answer.
public enum LinalgError: Error, Equatable, CustomStringConvertible {
    /// Two operands have incompatible shapes; the text says which.
    case dimensionMismatch(String)
    /// Cholesky met pivot `index` with non-positive value `value`: the matrix is not positive definite.
    case notPositiveDefinite(index: Int, value: Double)
    /// An input contains NaN or infinity.
    case nonFinite(String)
    /// An iteration did not converge; the text says which and how far it got.
    case noConvergence(String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let text): return "dimension mismatch: \(text)"
        case .notPositiveDefinite(let index, let value):
            return "matrix is not positive definite (pivot \(index) is \(value))"
        case .nonFinite(let text): return "non-finite value in \(text)"
        case .noConvergence(let text): return "no convergence: \(text)"
        }
    }
}
