import Dispatch

// MARK: - Gram matrices

/// Which Gram matrix of X to form: `.rows` is X Xᵀ (rows × rows), `.columns` is Xᵀ X (columns × columns).
public enum GramSide: Sendable { case rows, columns }

/// The Gram matrix X Xᵀ (`.rows`) or Xᵀ X (`.columns`), both triangles filled, exactly symmetric.
///
/// Only the lower triangle is computed (a symmetric rank-k update, half the flops of a full product),
/// with the GEMM micro-kernel, then mirrored. Entries equal those of `Matrix.multiply(x, .none, x,
/// .transpose)` (resp. `(x, .transpose, x, .none)`) bit for bit in the lower triangle.
public func gram(_ x: Matrix, _ side: GramSide) -> Matrix {
    gram(x, side, threads: Parallelism.threadCount)
}

/// `gram` with an explicit thread count.
func gram(_ x: Matrix, _ side: GramSide, threads: Int) -> Matrix {
    let n = side == .rows ? x.rows : x.columns
    let k = side == .rows ? x.columns : x.rows
    var g = Matrix(rows: n, columns: n)
    guard n > 0, k > 0 else { return g }
    x.withUnsafeBufferPointer { xp in
        g.withUnsafeMutableBufferPointer { gp in
            syrkLower(
                side == .rows ? .none : .transpose, n: n, k: k, alpha: 1, a: xp.baseAddress!,
                lda: x.columns, beta: 0, c: gp.baseAddress!, ldc: n, threads: threads)
            mirrorLowerToUpper(gp.baseAddress!, n: n, ldc: n, threads: threads)
        }
    }
    return g
}

// MARK: - Symmetric rank-k update

/// Lower triangle of `C = α·op(A)·op(A)ᵀ + β·C`, op(A) n×k (`.none`: A is n×k; `.transpose`: A is k×n,
/// giving AᵀA). The strictly upper triangle of C is neither read nor written.
///
/// Columns of C are split between threads so that each gets an equal share of the triangle.
func syrkLower(
    _ trans: Transpose, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
) {
    guard n > 0 else { return }
    let transB: Transpose = trans == .none ? .transpose : .none
    let threadsUsed = n * n * k < 2 * gemmParallelThreshold ? 1 : max(1, threads)
    let kernel = GEMMKernel.current
    let parts = splitTriangleColumns(n, parts: threadsUsed, granularity: kernel.tileColumns)
    let operands = UncheckedSendableBox((a, c))
    runParts(parts.count) { part in
        let (a, c) = operands.value
        let columns = parts[part]
        let first = columns.lowerBound
        // Rows above `first` hold no lower-triangle entries of these columns.
        let aRows = trans == .none ? a + first * lda : a + first
        let bColumns = trans == .none ? a + first * lda : a + first
        gemmSerial(
            kernel, trans, transB, m: n - first, n: columns.count, k: k, alpha: alpha,
            a: aRows, lda: lda, b: bColumns, ldb: lda, beta: beta,
            c: c + first * ldc + first, ldc: ldc, lowerShift: 0)
    }
}

/// Splits the columns of an n×n lower triangle into ranges of (nearly) equal area: the columns
/// `0..<j` hold `n·j − j²/2` entries, so boundary t of T sits at `j = n·(1 − √(1 − t/T))`.
func splitTriangleColumns(_ n: Int, parts: Int, granularity: Int) -> [Range<Int>] {
    guard parts > 1 else { return [0..<n] }
    var ranges = [Range<Int>]()
    var start = 0
    for part in 1...parts {
        let fraction = Double(part) / Double(parts)
        let ideal = Double(n) * (1 - (1 - fraction).squareRoot())
        let end = part == parts ? n : min(n, roundUp(Int(ideal.rounded()), to: granularity))
        if end > start { ranges.append(start..<end) }
        start = max(start, end)
    }
    return ranges
}

/// Copies the strictly lower triangle onto the upper one, in square blocks so both sides stay in cache.
func mirrorLowerToUpper(_ c: UnsafeMutablePointer<Double>, n: Int, ldc: Int, threads: Int) {
    let blockSize = 64
    let blockRows = splitEvenly(n, parts: n < 512 ? 1 : threads, granularity: blockSize)
    let target = UncheckedSendableBox(c)
    runParts(blockRows.count) { part in
        let c = target.value
        // This thread writes the upper entries (i, j), j > i, of rows in its range.
        for i0 in stride(from: blockRows[part].lowerBound, to: blockRows[part].upperBound, by: blockSize) {
            let i1 = min(i0 + blockSize, blockRows[part].upperBound)
            for j0 in stride(from: i0, to: n, by: blockSize) {
                let j1 = min(j0 + blockSize, n)
                for i in i0..<i1 {
                    for j in max(j0, i + 1)..<max(j1, i + 1) { c[i * ldc + j] = c[j * ldc + i] }
                }
            }
        }
    }
}
