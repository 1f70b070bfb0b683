// MARK: - Lanczos with full reorthogonalisation

/// The Lanczos process for a symmetric positive semi-definite operator A (given only through products
/// A·v) started from a vector b, with full reorthogonalisation, grown one step at a time.
///
/// After k steps it holds Q_k = [q₀ … q_{k−1}] (orthonormal, q₀ = b/‖b‖), the images A·q_j, and the
/// tridiagonal T_k = Q_kᵀ·A·Q_k (diagonal α, off-diagonal β), with the Lanczos relation
/// A·Q_k = Q_k·T_k + β_{k−1}·q_k·e_{k−1}ᵀ. For any shift s ≥ 0 the Galerkin solution of (A + sI)·z = b in
/// span Q_k is z = Q_k·c with (T_k + sI)·c = ‖b‖·e₀, and its residual is exactly
/// b − (A + sI)·z = −β_{k−1}·c_{k−1}·q_k, so ‖r‖ = β_{k−1}·|c_{k−1}| costs O(k) per shift (this is
/// conjugate gradients for every shift at once, from one Krylov basis).
///
/// Each step makes one product with A and two classical Gram–Schmidt passes against the whole basis
/// (O(k·m)), which keeps Q_k orthonormal to working accuracy; the basis is meant to stay at tens to a few
/// hundred vectors.
struct LanczosTridiagonalization {
    /// Dimension m of the operator.
    let dimension: Int
    /// ‖b‖.
    let startNorm: Double
    /// q₀ … q_{k−1} as rows (k×m).
    private(set) var basis: [Double] = []
    /// A·q₀ … A·q_{k−1} as rows (k×m), kept so that true residuals cost no further products with A.
    private(set) var images: [Double] = []
    /// α₀ … α_{k−1}.
    private(set) var diagonal: [Double] = []
    /// β₀ … β_{k−1}; β_j couples steps j and j+1, the last one multiplies the residual.
    private(set) var offDiagonal: [Double] = []
    /// The next basis vector q_k (normalised), not yet part of the basis.
    private var pending: [Double]
    /// True once A·Q_k ⊂ span Q_k to working accuracy (β_{k−1} negligible): every shift is solved exactly.
    private(set) var isInvariant = false
    /// Largest |α| + |β| seen: a lower estimate of ‖A‖ used for the breakdown test.
    private var normEstimate = 0.0

    /// β below this multiple of m·ε·‖A‖ counts as breakdown (an invariant subspace).
    static let breakdownFactor = 4.0
    /// Tridiagonal pivots below this multiple of k·ε·‖T‖ make a shifted system count as singular.
    static let singularPivotFactor = 4.0

    var steps: Int { diagonal.count }

    init(start b: [Double]) {
        dimension = b.count
        let norm = b.withUnsafeBufferPointer { SolverVectorKernels.norm($0.baseAddress!, b.count) }
        startNorm = norm
        pending = norm > 0 ? b.map { $0 / norm } : b
        isInvariant = norm == 0
    }

    // MARK: Growing the basis

    /// Adds one vector; `operatorProduct(q)` must return A·q. Does nothing once invariant.
    mutating func step(_ operatorProduct: ([Double]) -> [Double]) {
        guard !isInvariant else { return }
        let m = dimension
        let k = steps
        let q = pending
        var w = operatorProduct(q)
        precondition(w.count == m, "Lanczos: operator returned \(w.count) entries, expected \(m)")
        basis.append(contentsOf: q)
        images.append(contentsOf: w)
        let alpha = q.withUnsafeBufferPointer { qp in
            w.withUnsafeBufferPointer { SolverVectorKernels.dot(qp.baseAddress!, $0.baseAddress!, m) }
        }
        diagonal.append(alpha)
        // Full reorthogonalisation (two classical Gram–Schmidt passes) replaces the three-term recurrence.
        basis.withUnsafeBufferPointer { qp in
            w.withUnsafeMutableBufferPointer { wp in
                let base = qp.baseAddress!
                let target = wp.baseAddress!
                var projections = [Double](repeating: 0, count: k + 1)
                for _ in 0..<2 {
                    for j in 0...k { projections[j] = SolverVectorKernels.dot(base + j * m, UnsafePointer(target), m) }
                    for j in 0...k { SolverVectorKernels.axpy(-projections[j], base + j * m, target, m) }
                }
            }
        }
        let beta = w.withUnsafeBufferPointer { SolverVectorKernels.norm($0.baseAddress!, m) }
        offDiagonal.append(beta)
        normEstimate = max(normEstimate, abs(alpha) + beta + (k > 0 ? offDiagonal[k - 1] : 0))
        if beta <= Self.breakdownFactor * Double(m) * Double.ulpOfOne * normEstimate || k + 1 >= m {
            isInvariant = true
            pending = []
        } else {
            pending = w.map { $0 / beta }
        }
    }

    // MARK: Shifted solves

    /// c with (T_k + sI)·c = ‖b‖·e₀ and the residual estimate β_{k−1}·|c_{k−1}| (0 when invariant), or nil
    /// if T_k + sI is numerically singular. LDLᵀ without pivoting, stable because T_k + sI is positive
    /// definite for s ≥ 0 when A is.
    func coefficients(shift s: Double) -> (coefficients: [Double], residualEstimate: Double)? {
        let k = steps
        guard k > 0 else { return nil }
        var pivots = [Double](repeating: 0, count: k)
        var multipliers = [Double](repeating: 0, count: k)
        let floor = Self.singularPivotFactor * Double(k) * Double.ulpOfOne * (normEstimate + s)
        pivots[0] = diagonal[0] + s
        if !(pivots[0] > floor) { return nil }
        for i in 1..<k {
            multipliers[i] = offDiagonal[i - 1] / pivots[i - 1]
            pivots[i] = diagonal[i] + s - multipliers[i] * offDiagonal[i - 1]
            if !(pivots[i] > floor) { return nil }
        }
        var c = [Double](repeating: 0, count: k)
        c[0] = startNorm
        for i in 1..<k { c[i] = -multipliers[i] * c[i - 1] }
        c[k - 1] /= pivots[k - 1]
        for i in stride(from: k - 2, through: 0, by: -1) { c[i] = c[i] / pivots[i] - multipliers[i + 1] * c[i + 1] }
        let estimate = isInvariant ? 0 : offDiagonal[k - 1] * abs(c[k - 1])
        return (c, estimate)
    }

    /// z = Q_k·c and the true relative residual ‖b − (A + sI)·z‖ / ‖b‖ from the stored images (no product
    /// with A needed; only rounding in the stored products separates it from a fresh evaluation).
    func combine(_ c: [Double], shift s: Double) -> (solution: [Double], relativeResidual: Double) {
        let m = dimension
        var z = [Double](repeating: 0, count: m)
        var image = [Double](repeating: 0, count: m)
        basis.withUnsafeBufferPointer { qp in
            images.withUnsafeBufferPointer { ip in
                for j in c.indices {
                    SolverVectorKernels.axpy(c[j], qp.baseAddress! + j * m, &z, m)
                    SolverVectorKernels.axpy(c[j], ip.baseAddress! + j * m, &image, m)
                }
            }
        }
        // b = ‖b‖·q₀.
        var residualSquares = 0.0
        for i in 0..<m {
            let r = startNorm * basis[i] - image[i] - s * z[i]
            residualSquares += r * r
        }
        return (z, residualSquares.squareRoot() / startNorm)
    }
}
