import Foundation

// MARK: - Cholesky factorisation

/// Columns factored per step of the blocked factorisation (the rank of each trailing SYRK update).
let choleskyBlock = 128
/// At or below this order a diagonal block is factored by the unblocked row algorithm.
let choleskyUnblockedOrder = 32

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive definite matrix.
///
/// Only the lower triangle of A is read. Right-looking blocked algorithm: factor a diagonal block,
/// solve the panel below it (`X·L₁₁ᵀ = A₂₁`), then subtract `L₂₁·L₂₁ᵀ` from the trailing lower
/// triangle with the SYRK kernel, where almost all the n³/3 flops go. The result does not depend on
/// the thread count.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor L (zeros above the diagonal), with a positive diagonal.
    public let lower: Matrix

    /// Factors `a`.
    ///
    /// - Throws: `.dimensionMismatch` if `a` is not square; `.notPositiveDefinite(index:value:)` at the
    ///   first (0-based) pivot that is not positive and finite, with that pivot's value (NaN or
    ///   infinite inputs end up there too, so no NaN ever reaches `lower`).
    public init(_ a: Matrix) throws(LinalgError) {
        try self.init(a, threads: Parallelism.threadCount)
    }

    /// `init` with an explicit thread count.
    init(_ a: Matrix, threads: Int) throws(LinalgError) {
        guard a.rows == a.columns else {
            throw .dimensionMismatch("Cholesky needs a square matrix, got \(a.rows)×\(a.columns)")
        }
        let n = a.rows
        var factor = a
        guard n > 0 else {
            lower = a
            return
        }
        let failure: LinalgError? = factor.withUnsafeMutableBufferPointer { buffer in
            let entries = buffer.baseAddress!
            do throws(LinalgError) {
                try choleskyBlocked(entries, n: n, lda: n, offset: 0, blockSize: choleskyBlock, threads: threads)
            } catch { return error }
            for i in 0..<n { (entries + i * n + i + 1).update(repeating: 0, count: n - i - 1) }
            return nil
        }
        if let failure { throw failure }
        lower = factor
    }

    /// The order n of the factored matrix.
    public var order: Int { lower.rows }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double {
        (0..<order).reduce(0) { $0 + 2 * log(lower[$1, $1]) }
    }

    /// x solving A·x = b: L·y = b, then Lᵀ·x = y.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == order, "Cholesky solve: b has \(b.count) entries, A is \(order)×\(order)")
        let y = solveTriangular(lower, b, lower: true)
        return solveTriangular(lower, y, lower: true, transpose: true)
    }

    /// X solving A·X = B for many right-hand sides (the columns of B).
    public func solve(_ b: Matrix) -> Matrix {
        precondition(b.rows == order, "Cholesky solve: B has \(b.rows) rows, A is \(order)×\(order)")
        let y = solveTriangular(lower, b, lower: true)
        return solveTriangular(lower, y, lower: true, transpose: true)
    }
}

// MARK: - Blocked factorisation

/// Overwrites the lower triangle of the n×n block at `a` with its Cholesky factor; `offset` is the
/// block's position on the diagonal of the whole matrix (for error indices). The strictly upper
/// triangle may be left modified only where the unblocked kernel does not touch it: it is never read.
func choleskyBlocked(
    _ a: UnsafeMutablePointer<Double>, n: Int, lda: Int, offset: Int, blockSize: Int,
    threads: Int
) throws(LinalgError) {
    if n <= choleskyUnblockedOrder || blockSize <= choleskyUnblockedOrder {
        try choleskyUnblocked(a, n: n, lda: lda, offset: offset)
        return
    }
    for start in stride(from: 0, to: n, by: blockSize) {
        let width = min(blockSize, n - start)
        let diagonal = a + start * lda + start
        try choleskyBlocked(
            diagonal, n: width, lda: lda, offset: offset + start,
            blockSize: blockSize / 4, threads: 1)
        let remaining = n - start - width
        guard remaining > 0 else { break }
        let panel = diagonal + width * lda
        // L₂₁ = A₂₁·L₁₁⁻ᵀ
        trsmRightLowerTransposed(m: remaining, n: width, l: diagonal, ldl: lda, b: panel, ldb: lda, threads: threads)
        // A₂₂ ← A₂₂ − L₂₁·L₂₁ᵀ (lower triangle only)
        syrkLower(
            .none, n: remaining, k: width, alpha: -1, a: panel, lda: lda, beta: 1,
            c: panel + width, ldc: lda, threads: threads)
    }
}

/// Cholesky–Banachiewicz on a small block: row by row,
/// `L_ij = (A_ij − ⟨L_i,0..<j, L_j,0..<j⟩) / L_jj` and `L_ii = √(A_ii − ‖L_i,0..<i‖²)`, all dot products
/// of contiguous row pieces.
func choleskyUnblocked(_ a: UnsafeMutablePointer<Double>, n: Int, lda: Int, offset: Int) throws(LinalgError) {
    for i in 0..<n {
        let row = a + i * lda
        for j in 0..<i {
            row[j] = (row[j] - dot(row, a + j * lda, count: j)) / a[j * lda + j]
        }
        let pivot = row[i] - dot(row, row, count: i)
        guard pivot > 0, pivot.isFinite else {
            throw .notPositiveDefinite(index: offset + i, value: pivot)
        }
        row[i] = pivot.squareRoot()
    }
}
