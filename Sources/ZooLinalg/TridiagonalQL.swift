import Foundation

// MARK: - Implicit QL on a symmetric tridiagonal matrix

/// The implicit QL algorithm with Wilkinson shifts for a symmetric tridiagonal T (diagonal d,
/// off-diagonal e with e_i coupling i and i+1).
///
/// For the unreduced block l…m (e_l … e_{m−1} ≠ 0, e_m negligible) one sweep takes the shift σ as the
/// eigenvalue of the leading 2×2 block [d_l e_l; e_l d_{l+1}] nearer d_l, and chases the bulge from
/// the bottom: Givens rotations G_i on planes (i, i+1) for i = m−1 down to l make T ← G_iᵀ T G_i.
/// Eigenvectors accumulate as Z ← Z G_i; here that is recorded in a `TridiagonalRotationLog` and
/// applied later to the rows of Vᵀ. Convergence is cubic; e_m is set to zero once
/// |e_m| ≤ ε √|d_m| √|d_{m+1}| (the relative test of LAPACK's steqr) or it is below `negligible`.
enum TridiagonalQL {
    /// Relative deflation threshold (unit roundoff).
    static let deflationTolerance = Double.ulpOfOne / 2
    /// Off-diagonal entries at or below this are treated as zero whatever the diagonal.
    static let negligible = Double.leastNormalMagnitude
    /// The iteration fails after this many sweeps per eigenvalue on average (LAPACK uses 30).
    static let maximumSweepsPerEigenvalue = 30

    /// Eigenvalues only (unsorted, in `diagonal`); O(n²).
    static func eigenvalues(diagonal d: inout [Double], offDiagonal e: inout [Double]) throws(LinalgError) {
        var none: TridiagonalRotationLog? = nil
        var unused = Matrix(rows: 0, columns: 0)
        try iterate(diagonal: &d, offDiagonal: &e, rotations: &none, transposedVectors: &unused, knownEigenvalues: [])
    }

    /// Eigenvalues (unsorted, in `diagonal`) with all rotations recorded in `rotations`; the log is
    /// flushed into `transposedVectors` whenever it fills. The caller applies what remains.
    ///
    /// The eigenvalues are computed first without rotations (O(n²)); the recorded run then starts each
    /// block with "perfect" shifts, the computed eigenvalue nearest the Wilkinson shift, which in exact
    /// arithmetic deflates in one sweep. That saves about a fifth of the rotations, i.e. of the O(n³)
    /// work on Vᵀ. After `perfectShiftSweeps` sweeps on one eigenvalue the Wilkinson shift takes over,
    /// so rounding (a perfect shift can fail to deflate) only costs extra sweeps; the transformation
    /// stays orthogonal either way.
    static func diagonalize(diagonal d: inout [Double], offDiagonal e: inout [Double],
                            rotations: inout TridiagonalRotationLog,
                            transposedVectors: inout Matrix) throws(LinalgError) {
        var log: TridiagonalRotationLog? = rotations
        rotations = TridiagonalRotationLog(dimension: 0)  // release the caller's copy of the buffers
        defer { rotations = log! }
        var valuesDiagonal = d, valuesOffDiagonal = e
        try eigenvalues(diagonal: &valuesDiagonal, offDiagonal: &valuesOffDiagonal)
        valuesDiagonal.sort()
        try iterate(diagonal: &d, offDiagonal: &e, rotations: &log, transposedVectors: &transposedVectors,
                    knownEigenvalues: valuesDiagonal)
    }

    /// √(x² + y²): the plain formula while the squares can neither overflow nor underflow (about 5×
    /// faster than libm's `hypot`, which the QL sweep calls once per rotation), `hypot` otherwise.
    @inline(__always)
    static func safeHypot(_ x: Double, _ y: Double) -> Double {
        let larger = max(abs(x), abs(y))
        if larger > hypotSafeMinimum && larger < hypotSafeMaximum { return (x * x + y * y).squareRoot() }
        return hypot(x, y)
    }
    static let hypotSafeMinimum = 0x1p-480
    static let hypotSafeMaximum = 0x1p480

    /// Sweeps per eigenvalue that use the perfect shift before falling back to Wilkinson's.
    static let perfectShiftSweeps = 3

    /// The entry of the ascending array `sorted` closest to `x`.
    static func nearest(to x: Double, in sorted: [Double]) -> Double {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < x { low = middle + 1 } else { high = middle }
        }
        if low == sorted.count { return sorted[low - 1] }
        if low == 0 { return sorted[0] }
        return x - sorted[low - 1] <= sorted[low] - x ? sorted[low - 1] : sorted[low]
    }

    // MARK: Iteration

    private static func iterate(diagonal d: inout [Double], offDiagonal e: inout [Double],
                                rotations log: inout TridiagonalRotationLog?,
                                transposedVectors: inout Matrix,
                                knownEigenvalues known: [Double]) throws(LinalgError) {
        let n = d.count
        if n <= 1 { return }
        e[n - 1] = 0
        var sweeps = 0
        let sweepLimit = maximumSweepsPerEigenvalue * n
        for l in 0..<n {
            var sweepsOnBlock = 0
            while true {
                // Find the first negligible off-diagonal entry at or after l.
                var m = l
                while m < n - 1 {
                    let size = abs(e[m])
                    if size <= negligible
                        || size <= deflationTolerance * abs(d[m]).squareRoot() * abs(d[m + 1]).squareRoot() {
                        e[m] = 0
                        break
                    }
                    m += 1
                }
                if m == l { break }
                sweeps += 1
                if sweeps > sweepLimit {
                    throw .noConvergence("tridiagonal QL: \(sweeps) sweeps, eigenvalue \(l) of \(n) not converged")
                }
                // Wilkinson shift σ from the leading 2×2 block (or the known eigenvalue nearest to it on
                // the first sweep of this block), folded into g = d_m − σ.
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = safeHypot(g, 1)
                let wilkinson = d[l] - e[l] / (g + (g >= 0 ? r : -r))
                let usePerfect = sweepsOnBlock < perfectShiftSweeps && !known.isEmpty
                g = d[m] - (usePerfect ? nearest(to: wilkinson, in: known) : wilkinson)
                sweepsOnBlock += 1
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var underflow = false
                log?.beginSweep(last: m)
                while i >= l {
                    let f = s * e[i]
                    let b = c * e[i]
                    r = safeHypot(f, g)
                    e[i + 1] = r
                    if r == 0 {
                        // The bulge vanished: T has split; recover and restart on the block.
                        d[i + 1] -= p
                        e[m] = 0
                        underflow = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    log?.record(cosine: c, sine: s)
                    i -= 1
                }
                log?.endSweep(first: i + 1)
                if var full = log, full.isFull {
                    log = nil
                    full.apply(to: &transposedVectors)
                    log = full
                }
                if underflow { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
    }
}
