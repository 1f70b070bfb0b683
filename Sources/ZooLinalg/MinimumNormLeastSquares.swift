// MARK: - Minimum-norm least squares

/// The answer of `minimumNormLeastSquares`.
public struct LeastSquaresSolution: Sendable {
    /// θ = X⁺y restricted to the numerical rank: the least-squares solution of smallest ℓ₂ norm.
    public let solution: [Double]
    /// Numerical rank of X: the number of pivots |R_kk| above `threshold`.
    public let rank: Int
    /// The absolute cutoff used on the pivots: relative threshold × the largest pivot |R₀₀| (≈ ‖X‖₂).
    public let threshold: Double
    /// How the solution was computed, for reports.
    public let method: String
}

/// θ = X⁺y: the minimum-ℓ₂-norm minimiser of ‖y − Xθ‖ for X n×d and y of length n.
///
/// Backward-stable route (LAPACK dgelsy-style complete orthogonal decomposition): the short side of X is
/// factored by Householder QR with column pivoting, so the work is O(n·d·min(n, d)) and the rank decision
/// sees X itself, never XᵀX or XXᵀ:
/// - n ≤ d: the rows of X are the vectors, Π·X = L·Gᵀ, θ = G_r·w with w the least-squares solution of
///   the small system L[:, 0..<r]·w ≈ Π·y (when r = n this is one forward substitution and Xθ = y);
/// - n > d: the columns of X are the vectors, X = G_r·Bᵀ·Π, and θ is the minimum-norm solution of
///   Bᵀ·(Πθ) = G_rᵀ·y.
/// The numerical rank r counts the leading pivots |R_kk| > τ·|R₀₀| with τ = `relativeThreshold`, by default
/// max(n, d)·ε; the columns (or rows) past the rank are treated as exactly dependent. For r = min(n, d)
/// the result is the exact X⁺y of a matrix within O(ε‖X‖) of X (so forward error ≈ cond(X)·ε).
///
/// - Parameters:
///   - x: the n×d design matrix.
///   - y: the n responses.
///   - relativeThreshold: τ, the pivot cutoff relative to the largest pivot; nil for max(n, d)·ε.
/// - Throws: `LinalgError.dimensionMismatch` if y.count ≠ n, `.nonFinite` for NaN or infinite input.
public func minimumNormLeastSquares(
    _ x: Matrix, _ y: [Double], relativeThreshold: Double? = nil
) throws(LinalgError) -> LeastSquaresSolution {
    let n = x.rows
    let d = x.columns
    guard y.count == n else {
        throw .dimensionMismatch("minimumNormLeastSquares: X has \(n) rows but y has \(y.count) entries")
    }
    guard x.isFinite else { throw .nonFinite("minimumNormLeastSquares: X") }
    guard y.allSatisfy({ $0.isFinite }) else { throw .nonFinite("minimumNormLeastSquares: y") }
    if let relativeThreshold, !(relativeThreshold >= 0 && relativeThreshold.isFinite) {
        throw .nonFinite("minimumNormLeastSquares: relativeThreshold \(relativeThreshold)")
    }
    if n == 0 || d == 0 {
        return LeastSquaresSolution(
            solution: [Double](repeating: 0, count: d), rank: 0, threshold: 0,
            method: "empty")
    }
    if n <= d {
        let decomposition = CompleteOrthogonalDecomposition(
            vectors: x.elements, count: n, length: d,
            relativeThreshold: relativeThreshold)
        return LeastSquaresSolution(
            solution: decomposition.solveRowSystem(y), rank: decomposition.rank,
            threshold: decomposition.threshold, method: "complete-orthogonal(rows, rank=\(decomposition.rank))")
    }
    let decomposition = CompleteOrthogonalDecomposition(
        vectors: x.transposed.elements, count: d, length: n,
        relativeThreshold: relativeThreshold)
    return LeastSquaresSolution(
        solution: decomposition.solveColumnSystem(y), rank: decomposition.rank,
        threshold: decomposition.threshold, method: "complete-orthogonal(columns, rank=\(decomposition.rank))")
}

// MARK: - Triangular substitution

/// Substitution with the lower triangle of a row-major array (diagonal included, entries above ignored).
enum TriangularSubstitution {
    /// x with L·x = b.
    static func lower(_ l: [Double], leadingDimension lda: Int, size: Int, rightHandSide b: [Double]) -> [Double] {
        var x = b
        l.withUnsafeBufferPointer { lp in
            x.withUnsafeMutableBufferPointer { xp in
                for i in 0..<size {
                    let row = lp.baseAddress! + i * lda
                    let sum = SolverVectorKernels.dot(row, UnsafePointer(xp.baseAddress!), i)
                    xp[i] = (xp[i] - sum) / row[i]
                }
            }
        }
        return x
    }

    /// x with Lᵀ·x = b (back substitution, column-oriented so the rows of L stay contiguous).
    static func lowerTransposed(_ l: [Double], leadingDimension lda: Int, size: Int, rightHandSide b: [Double])
        -> [Double]
    {
        var x = b
        l.withUnsafeBufferPointer { lp in
            x.withUnsafeMutableBufferPointer { xp in
                for i in stride(from: size - 1, through: 0, by: -1) {
                    let row = lp.baseAddress! + i * lda
                    xp[i] /= row[i]
                    SolverVectorKernels.axpy(-xp[i], row, xp.baseAddress!, i)
                }
            }
        }
        return x
    }
}
