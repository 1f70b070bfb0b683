import Foundation

// MARK: - Implicit QL on a symmetric tridiagonal matrix

/// The implicit QL algorithm with Wilkinson shifts for a symmetric tridiagonal T (diagonal d,
/// off-diagonal e with e_i coupling i and i+1).
///
/// For the unreduced block l…m (e_l … e_{m−1} ≠ 0, e_m negligible) one sweep takes the shift σ as the
/// eigenvalue of the leading 2×2 block [d_l e_l; e_l d_{l+1}] nearer d_l, and chases the bulge from
/// the bottom: Givens rotations G_i on planes (i, i+1) for i = m−1 down to l make T ← G_iᵀ T G_i.
/// Eigenvectors accumulate as Z ← Z G_i, applied at once to the rows of Zᵀ (contiguous in row-major
/// storage). Used for the blocks of order ≤ 32 of the divide and conquer and for eigenvalues alone
/// (`SymmetricEigen.values(of:)`, O(n²)). Convergence is cubic; e_m is set to zero once
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
        try iterate(diagonal: &d, offDiagonal: &e, rows: nil, rowLength: 0)
    }

    /// Eigenvalues (unsorted, in `diagonal`), with every rotation applied to the rows of
    /// `transposedVectors` as it is made: started from I, row j ends as the eigenvector of value j.
    /// O(n³) for n rows: meant for the small blocks of the divide and conquer.
    static func diagonalize(
        diagonal d: inout [Double], offDiagonal e: inout [Double],
        transposedVectors: inout Matrix
    ) throws(LinalgError) {
        let rowLength = transposedVectors.columns
        var failure: LinalgError? = nil
        transposedVectors.withUnsafeMutableBufferPointer { rows in
            do throws(LinalgError) {
                try iterate(diagonal: &d, offDiagonal: &e, rows: rows.baseAddress, rowLength: rowLength)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// row_{i+1} ← s·row_i + c·row_{i+1},  row_i ← c·row_i − s·row_{i+1} (the rotation G_i on Zᵀ).
    @inline(__always)
    static func rotate(
        _ upper: UnsafeMutablePointer<Double>, _ lower: UnsafeMutablePointer<Double>, count: Int,
        cosine c: Double, sine s: Double
    ) {
        for j in 0..<count {
            let x = upper[j]
            let y = lower[j]
            lower[j] = s * x + c * y
            upper[j] = c * x - s * y
        }
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

    // MARK: Iteration

    private static func iterate(
        diagonal d: inout [Double], offDiagonal e: inout [Double],
        rows: UnsafeMutablePointer<Double>?, rowLength: Int
    ) throws(LinalgError) {
        let n = d.count
        if n <= 1 { return }
        e[n - 1] = 0
        var sweeps = 0
        let sweepLimit = maximumSweepsPerEigenvalue * n
        for l in 0..<n {
            while true {
                // Find the first negligible off-diagonal entry at or after l.
                var m = l
                while m < n - 1 {
                    let size = abs(e[m])
                    if size <= negligible
                        || size <= deflationTolerance * abs(d[m]).squareRoot() * abs(d[m + 1]).squareRoot()
                    {
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
                // Wilkinson shift σ from the leading 2×2 block, folded into g = d_m − σ.
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = safeHypot(g, 1)
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0
                var c = 1.0
                var p = 0.0
                var i = m - 1
                var underflow = false
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
                    if let rows {
                        rotate(rows + i * rowLength, rows + (i + 1) * rowLength, count: rowLength, cosine: c, sine: s)
                    }
                    i -= 1
                }
                if underflow { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
    }
}
