// MARK: - Singular value decomposition (one-sided Jacobi)

/// The thin SVD A = U·diag(σ)·Vᵀ of an m×n matrix by one-sided (Hestenes) Jacobi.
///
/// With r = min(m, n): `u` is m×r and `v` is n×r with orthonormal columns, `values` holds σ₀ ≥ σ₁ ≥ … ≥ 0.
/// Jacobi rotations are applied to the vectors of the longer side (columns of A when m ≥ n, rows when
/// m < n) until every pair is orthogonal to |aᵢ·aⱼ| ≤ tol·‖aᵢ‖‖aⱼ‖; the σ are then the vector norms.
/// This computes singular values to high *relative* accuracy (each σ accurate to about cond(A·D)·ε for
/// the best column scaling D, Demmel–Veselić 1992), which is why tests use it as the accuracy reference.
/// Cost O(m·n·min(m, n)) per sweep, typically 6–10 sweeps: meant for matrices up to a few hundred on the
/// short side. Columns of U (or V) for zero singular values are completed to an orthonormal set.
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors, m×r (column j pairs with `values[j]`).
    public let u: Matrix
    /// Singular values, descending.
    public let values: [Double]
    /// Right singular vectors, n×r.
    public let v: Matrix

    /// Rotate a pair when |aᵢ·aⱼ| > this × √m·ε × ‖aᵢ‖‖aⱼ‖.
    static let orthogonalityFactor = 1.0
    /// Sweeps before giving up (convergence is quadratic; 10–15 sweeps is already unusual).
    static let maximumSweeps = 60
    /// Beyond this |ζ|, 1 + ζ² would overflow and t = 1/(2ζ) is exact to working precision.
    static let largeRotationRatio = 1e150

    /// - Throws: `.nonFinite` for NaN/∞ entries, `.noConvergence` if the sweeps do not converge.
    public init(_ a: Matrix) throws(LinalgError) {
        guard a.isFinite else { throw .nonFinite("SingularValueDecomposition input") }
        let m = a.rows
        let n = a.columns
        // The vectors to orthogonalise, stored as rows: columns of A (m ≥ n) or rows of A (m < n).
        let tall = m >= n
        let count = min(m, n)
        let length = max(m, n)
        var vectors = tall ? a.transposed.elements : a.elements
        var rotations = Matrix.identity(count).elements  // rows: the accumulated right factor's columns
        let tolerance = Self.orthogonalityFactor * Double(length).squareRoot() * Double.ulpOfOne
        var converged = count < 2
        var sweep = 0
        vectors.withUnsafeMutableBufferPointer { work in
            rotations.withUnsafeMutableBufferPointer { accumulated in
                let w = work.baseAddress!
                let r = accumulated.baseAddress!
                while !converged && sweep < Self.maximumSweeps {
                    sweep += 1
                    var rotated = false
                    for i in 0..<(count - 1) {
                        for j in (i + 1)..<count {
                            let rowI = w + i * length
                            let rowJ = w + j * length
                            let alpha = SolverVectorKernels.dot(rowI, rowI, length)
                            let beta = SolverVectorKernels.dot(rowJ, rowJ, length)
                            let gamma = SolverVectorKernels.dot(rowI, rowJ, length)
                            if gamma == 0 || abs(gamma) <= tolerance * alpha.squareRoot() * beta.squareRoot() {
                                continue
                            }
                            rotated = true
                            let (c, s) = Self.rotation(alpha: alpha, beta: beta, gamma: gamma)
                            Self.rotate(rowI, rowJ, length, c, s)
                            Self.rotate(r + i * count, r + j * count, count, c, s)
                        }
                    }
                    converged = !rotated
                }
            }
        }
        guard converged else {
            throw .noConvergence("one-sided Jacobi SVD: not orthogonal after \(sweep) sweeps")
        }
        // σ = norms; the normalised vectors form the long side's factor.
        var norms = [Double](repeating: 0, count: count)
        vectors.withUnsafeBufferPointer { work in
            for i in 0..<count { norms[i] = SolverVectorKernels.norm(work.baseAddress! + i * length, length) }
        }
        let order = (0..<count).sorted { norms[$0] > norms[$1] }
        var longFactor = Matrix(rows: length, columns: count)
        var shortFactor = Matrix(rows: count, columns: count)
        var accepted = [[Double]]()
        for (column, index) in order.enumerated() {
            let sigma = norms[index]
            var vector = Array(vectors[(index * length)..<((index + 1) * length)])
            if sigma > 0 {
                for k in 0..<length { vector[k] /= sigma }
            } else {
                vector = Self.orthonormalCompletion(of: accepted, length: length)
            }
            accepted.append(vector)
            for k in 0..<length { longFactor[k, column] = vector[k] }
            for k in 0..<count { shortFactor[k, column] = rotations[index * count + k] }
        }
        values = order.map { norms[$0] }
        u = tall ? longFactor : shortFactor
        v = tall ? shortFactor : longFactor
    }

    // MARK: Helpers

    /// (c, s) making c·aᵢ − s·aⱼ and s·aᵢ + c·aⱼ orthogonal, with the smaller rotation angle.
    static func rotation(alpha: Double, beta: Double, gamma: Double) -> (Double, Double) {
        let zeta = (beta - alpha) / (2 * gamma)
        let t: Double
        if abs(zeta) > Self.largeRotationRatio {
            t = 1 / (2 * zeta)
        } else {
            t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
        }
        let c = 1 / (1 + t * t).squareRoot()
        return (c, c * t)
    }

    @inline(__always)
    static func rotate(
        _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int,
        _ c: Double, _ s: Double
    ) {
        for k in 0..<count {
            let xk = x[k]
            let yk = y[k]
            x[k] = c * xk - s * yk
            y[k] = s * xk + c * yk
        }
    }

    /// A unit vector orthogonal to `basis` (orthonormal): the standard basis vector with the largest
    /// residual after two Gram–Schmidt passes.
    static func orthonormalCompletion(of basis: [[Double]], length: Int) -> [Double] {
        var best = [Double](repeating: 0, count: length)
        var bestNorm = -1.0
        for e in 0..<length {
            var candidate = [Double](repeating: 0, count: length)
            candidate[e] = 1
            for _ in 0..<2 {
                for b in basis {
                    var projection = 0.0
                    for k in 0..<length { projection += b[k] * candidate[k] }
                    for k in 0..<length { candidate[k] -= projection * b[k] }
                }
            }
            let norm = Vectors.norm2(candidate)
            if norm > bestNorm {
                best = candidate.map { $0 / norm }
                bestNorm = norm
            }
            if norm > 0.5 { break }
        }
        return best
    }
}
