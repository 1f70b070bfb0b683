import Dispatch

// MARK: - Public GEMM

/// Whether an operand is used as is or transposed.
public enum Transpose: Sendable { case none, transpose }

/// Below this many multiply-adds (m·n·k) a product runs as plain loops: packing would cost more.
let gemmSmallProductThreshold = 16 * 16 * 16
/// Below this many multiply-adds a product runs on one thread: waking a second costs more.
let gemmParallelThreshold = 64 * 64 * 64

/// C = α·op(A)·op(B) + β·C on raw row-major storage with leading dimensions (row strides).
///
/// op(A) is m×k, op(B) is k×n, C is m×n. With β = 0, C is not read (NaN in C does not propagate).
/// Blocked BLIS-style (packed micro-panels and a register-tile micro-kernel of the instruction set in
/// force, `InstructionSet.current`: 8×24 with AVX-512, 6×8 with AVX2); the output is
/// split across `Parallelism.threadCount` threads, never the inner dimension, so results are
/// bit-identical for every thread count. Tiny products (m·n·k ≤ `gemmSmallProductThreshold`) run as
/// plain loops, and products with a single row or column of C as GEMV.
public func gemm(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    gemm(
        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc, threads: Parallelism.threadCount)
}

/// `gemm` with an explicit thread count (tests use it to check thread-count independence).
func gemm(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
) {
    guard m > 0, n > 0 else { return }
    if m * n * k <= gemmSmallProductThreshold {
        gemmSmall(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
        return
    }
    if n == 1 || m == 1 {
        gemmAsVectorProduct(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc, threads: threads)
        return
    }
    let threadsUsed = m * n * k < gemmParallelThreshold ? 1 : max(1, threads)
    let kernel = GEMMKernel.current
    let operands = UncheckedSendableBox((a, b, c))
    if n >= m {
        // Split the columns of C; each thread packs its own copy of op(A).
        let parts = splitEvenly(n, parts: threadsUsed, granularity: kernel.tileColumns)
        runParts(parts.count) { part in
            let (a, b, c) = operands.value
            let columns = parts[part]
            let bColumns = transB == .none ? b + columns.lowerBound : b + columns.lowerBound * ldb
            gemmSerial(
                kernel, transA, transB, m: m, n: columns.count, k: k, alpha: alpha, a: a, lda: lda,
                b: bColumns, ldb: ldb, beta: beta, c: c + columns.lowerBound, ldc: ldc)
        }
    } else {
        // Split the rows of C; each thread packs its own copy of op(B).
        let parts = splitEvenly(m, parts: threadsUsed, granularity: kernel.tileRows)
        runParts(parts.count) { part in
            let (a, b, c) = operands.value
            let rows = parts[part]
            let aRows = transA == .none ? a + rows.lowerBound * lda : a + rows.lowerBound
            gemmSerial(
                kernel, transA, transB, m: rows.count, n: n, k: k, alpha: alpha, a: aRows, lda: lda,
                b: b, ldb: ldb, beta: beta, c: c + rows.lowerBound * ldc, ldc: ldc)
        }
    }
}

// MARK: - Matrix products

extension Matrix {
    /// op(A)·op(B) as a new matrix.
    public static func multiply(_ a: Matrix, _ transA: Transpose = .none, _ b: Matrix, _ transB: Transpose = .none)
        -> Matrix
    {
        multiply(a, transA, b, transB, threads: Parallelism.threadCount)
    }

    /// `multiply` with an explicit thread count.
    static func multiply(_ a: Matrix, _ transA: Transpose, _ b: Matrix, _ transB: Transpose, threads: Int) -> Matrix {
        let m = transA == .none ? a.rows : a.columns
        let k = transA == .none ? a.columns : a.rows
        let kB = transB == .none ? b.rows : b.columns
        let n = transB == .none ? b.columns : b.rows
        precondition(k == kB, "multiply: inner dimensions \(k) and \(kB) differ")
        guard m > 0, n > 0, k > 0 else { return Matrix(rows: m, columns: n) }
        // With β = 0 every entry of C is written and none is read (the tests put NaN in C to check),
        // so C is not zero-filled first.
        let elements = [Double](unsafeUninitializedCapacity: m * n) { cp, count in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    gemm(
                        transA, transB, m: m, n: n, k: k, alpha: 1, a: ap.baseAddress!, lda: a.columns,
                        b: bp.baseAddress!, ldb: b.columns, beta: 0, c: cp.baseAddress!, ldc: n, threads: threads)
                }
            }
            count = m * n
        }
        return Matrix(rows: m, columns: n, elements: elements)
    }
}

// MARK: - Small products

/// Plain loops for tiny products: one FMA chain per entry over p in increasing order.
private func gemmSmall(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
    let (aRowStride, aDepthStride) = transA == .none ? (lda, 1) : (1, lda)
    let (bDepthStride, bColumnStride) = transB == .none ? (ldb, 1) : (1, ldb)
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            var aPointer = a + i * aRowStride
            var bPointer = b + j * bColumnStride
            for _ in 0..<k {
                sum = sum.addingProduct(aPointer.pointee, bPointer.pointee)
                aPointer += aDepthStride
                bPointer += bDepthStride
            }
            let target = c + i * ldc + j
            target.pointee = beta == 0 ? alpha * sum : (alpha * sum).addingProduct(target.pointee, beta)
        }
    }
}

/// A product with one row or one column of C is a matrix-vector product: packing would only add
/// traffic, so it runs as GEMV (vectors with a stride are copied to contiguous storage first).
private func gemmAsVectorProduct(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
) {
    // n == 1: c[:, 0] = α·op(A)·b[:, 0] + β·c[:, 0]; m == 1: c[0, :] = α·op(B)ᵀ·a[0, :] + β·c[0, :].
    let isColumn = n == 1
    let outputCount = isColumn ? m : n
    let outputStride = isColumn ? ldc : 1
    let (vector, vectorStride) = isColumn ? (b, transB == .none ? ldb : 1) : (a, transA == .none ? 1 : lda)
    // The matrix as stored, and whether GEMV must transpose it.
    let (matrix, storedRows, storedColumns, stride, trans): (UnsafePointer<Double>, Int, Int, Int, Transpose) =
        isColumn
        ? (a, transA == .none ? m : k, transA == .none ? k : m, lda, transA)
        : (b, transB == .none ? k : n, transB == .none ? n : k, ldb, transB == .none ? .transpose : .none)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: k + outputCount) { scratch in
        let x = vectorStride == 1 ? vector : UnsafePointer(scratch.baseAddress!)
        if vectorStride != 1 { for p in 0..<k { scratch[p] = vector[p * vectorStride] } }
        let y = outputStride == 1 ? c : scratch.baseAddress! + k
        if outputStride != 1 && beta != 0 { for i in 0..<outputCount { y[i] = c[i * outputStride] } }
        gemvRaw(
            trans, rows: storedRows, columns: storedColumns, alpha: alpha, a: matrix, lda: stride,
            x: x, beta: beta, y: y, threads: threads)
        if outputStride != 1 { for i in 0..<outputCount { c[i * outputStride] = y[i] } }
    }
}

// MARK: - Work splitting

/// `count` split into at most `parts` contiguous ranges whose lengths are multiples of `granularity`
/// (the last takes the remainder); empty ranges are dropped.
func splitEvenly(_ count: Int, parts: Int, granularity: Int) -> [Range<Int>] {
    let units = (count + granularity - 1) / granularity
    let partCount = max(1, min(parts, units))
    var ranges = [Range<Int>]()
    var start = 0
    for part in 0..<partCount {
        let endUnit = units * (part + 1) / partCount
        let end = min(count, endUnit * granularity)
        if end > start { ranges.append(start..<end) }
        start = end
    }
    return ranges
}

/// Runs `body(part)` for each part, concurrently when there is more than one.
func runParts(_ count: Int, _ body: (Int) -> Void) {
    if count <= 1 {
        if count == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendableBox(escapable)
        DispatchQueue.concurrentPerform(iterations: count) { part in box.value(part) }
    }
}
