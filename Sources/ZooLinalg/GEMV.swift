// MARK: - Public GEMV

/// Below this many multiply-adds a matrix-vector product runs on one thread.
let gemvParallelThreshold = 1 << 16
/// Columns of y accumulated together in `y = Aᵀx` (a 16 KiB block that stays in L1 while rows stream).
let gemvTransposedColumnBlock = 2048

/// y = α·op(A)·x + β·y. With β = 0, y is not read.
///
/// `op(A) = A`: one SIMD dot product per row, rows split between threads. `op(A) = Aᵀ`: the rows of A
/// are streamed once and accumulated into blocks of y (`y_j = Σ_i A_ij x_i`, an FMA chain over i in
/// increasing order); the columns are split between threads, so each thread writes its own range of y.
public func gemv(_ trans: Transpose, alpha: Double, _ a: Matrix, _ x: [Double], beta: Double, _ y: inout [Double]) {
    gemv(trans, alpha: alpha, a, x, beta: beta, &y, threads: Parallelism.threadCount)
}

/// `gemv` with an explicit thread count.
func gemv(
    _ trans: Transpose, alpha: Double, _ a: Matrix, _ x: [Double], beta: Double, _ y: inout [Double],
    threads: Int
) {
    let outputCount = trans == .none ? a.rows : a.columns
    let inner = trans == .none ? a.columns : a.rows
    precondition(x.count == inner && y.count == outputCount, "gemv: dimension mismatch")
    guard outputCount > 0 else { return }
    a.withUnsafeBufferPointer { ap in
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                gemvRaw(
                    trans, rows: a.rows, columns: a.columns, alpha: alpha, a: ap.baseAddress!, lda: a.columns,
                    x: xp.baseAddress, beta: beta, y: yp.baseAddress!, threads: threads)
            }
        }
    }
}

extension Matrix {
    /// op(self)·x as a new vector.
    public func multiply(_ x: [Double], _ trans: Transpose = .none) -> [Double] {
        var y = [Double](repeating: 0, count: trans == .none ? rows : columns)
        gemv(trans, alpha: 1, self, x, beta: 0, &y)
        return y
    }
}

// MARK: - Raw kernels

/// y = α·op(A)·x + β·y for A stored `rows × columns` with row stride `lda`; `x` may be nil only when
/// the inner dimension is 0.
func gemvRaw(
    _ trans: Transpose, rows: Int, columns: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>?, beta: Double, y: UnsafeMutablePointer<Double>, threads: Int
) {
    let outputCount = trans == .none ? rows : columns
    let threadsUsed = rows * columns < gemvParallelThreshold ? 1 : max(1, threads)
    let parts = splitEvenly(outputCount, parts: threadsUsed, granularity: trans == .none ? 4 : 64)
    let operands = UncheckedSendableBox((a, x, y))
    runParts(parts.count) { part in
        let (a, x, y) = operands.value
        let range = parts[part]
        if trans == .none {
            gemvRowsKernel(rows: range, columns: columns, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
        } else {
            gemvColumnsKernel(columns: range, rows: rows, alpha: alpha, a: a, lda: lda, x: x, beta: beta, y: y)
        }
    }
}

/// Stores `y_i = α·s + β·y_i` (β = 0: y is not read).
@inline(__always)
private func updateOutput(_ y: UnsafeMutablePointer<Double>, _ sum: Double, alpha: Double, beta: Double) {
    y.pointee = beta == 0 ? alpha * sum : (alpha * sum).addingProduct(y.pointee, beta)
}

/// Horizontal sum of a vector accumulator plus its scalar tail, in a fixed order.
@inline(__always)
private func finishDot(
    _ vector: SIMD4<Double>, row: UnsafePointer<Double>, x: UnsafePointer<Double>,
    from start: Int, to end: Int
) -> Double {
    var sum = (vector[0] + vector[1]) + (vector[2] + vector[3])
    for j in start..<end { sum = sum.addingProduct(row[j], x[j]) }
    return sum
}

/// `y_i = α·⟨A_i, x⟩ + β·y_i` for i in `rows`, four rows at a time so each load of x serves four rows.
/// Every row gets the same arithmetic (one 4-lane FMA chain, then a fixed reduction) in or out of a group.
private func gemvRowsKernel(
    rows: Range<Int>, columns: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>?, beta: Double, y: UnsafeMutablePointer<Double>
) {
    guard let x, columns > 0 else {
        for i in rows { updateOutput(y + i, 0, alpha: alpha, beta: beta) }
        return
    }
    let vectorEnd = columns & ~3
    var i = rows.lowerBound
    while i + 4 <= rows.upperBound {
        let r0 = a + i * lda
        let r1 = r0 + lda
        let r2 = r1 + lda
        let r3 = r2 + lda
        var s0 = SIMD4<Double>()
        var s1 = SIMD4<Double>()
        var s2 = SIMD4<Double>()
        var s3 = SIMD4<Double>()
        var j = 0
        while j < vectorEnd {
            let xv = loadVector(x + j)
            s0 = s0.addingProduct(loadVector(r0 + j), xv)
            s1 = s1.addingProduct(loadVector(r1 + j), xv)
            s2 = s2.addingProduct(loadVector(r2 + j), xv)
            s3 = s3.addingProduct(loadVector(r3 + j), xv)
            j += 4
        }
        updateOutput(y + i, finishDot(s0, row: r0, x: x, from: vectorEnd, to: columns), alpha: alpha, beta: beta)
        updateOutput(y + i + 1, finishDot(s1, row: r1, x: x, from: vectorEnd, to: columns), alpha: alpha, beta: beta)
        updateOutput(y + i + 2, finishDot(s2, row: r2, x: x, from: vectorEnd, to: columns), alpha: alpha, beta: beta)
        updateOutput(y + i + 3, finishDot(s3, row: r3, x: x, from: vectorEnd, to: columns), alpha: alpha, beta: beta)
        i += 4
    }
    while i < rows.upperBound {
        let r0 = a + i * lda
        var s0 = SIMD4<Double>()
        var j = 0
        while j < vectorEnd {
            s0 = s0.addingProduct(loadVector(r0 + j), loadVector(x + j))
            j += 4
        }
        updateOutput(y + i, finishDot(s0, row: r0, x: x, from: vectorEnd, to: columns), alpha: alpha, beta: beta)
        i += 1
    }
}

/// `y_j = α·Σ_i A_ij x_i + β·y_j` for j in `columns`: streams rows of A, eight at a time, into an
/// L1-sized block of accumulators. The sum for each j is the FMA chain over i in increasing order.
private func gemvColumnsKernel(
    columns: Range<Int>, rows: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>?, beta: Double, y: UnsafeMutablePointer<Double>
) {
    let blockCapacity = min(gemvTransposedColumnBlock, columns.count)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: blockCapacity) { buffer in
        let sums = buffer.baseAddress!
        for blockStart in stride(from: columns.lowerBound, to: columns.upperBound, by: blockCapacity) {
            let width = min(blockCapacity, columns.upperBound - blockStart)
            let vectorEnd = width & ~3
            sums.initialize(repeating: 0, count: width)
            if let x {
                var i = 0
                while i + 8 <= rows {
                    // Eight row streams in flight at once; the running sums stay in registers across them.
                    let r0 = a + i * lda + blockStart
                    let r1 = r0 + lda
                    let r2 = r1 + lda
                    let r3 = r2 + lda
                    let r4 = r3 + lda
                    let r5 = r4 + lda
                    let r6 = r5 + lda
                    let r7 = r6 + lda
                    let x0 = x[i]
                    let x1 = x[i + 1]
                    let x2 = x[i + 2]
                    let x3 = x[i + 3]
                    let x4 = x[i + 4]
                    let x5 = x[i + 5]
                    let x6 = x[i + 6]
                    let x7 = x[i + 7]
                    let v0 = SIMD4(repeating: x0)
                    let v1 = SIMD4(repeating: x1)
                    let v2 = SIMD4(repeating: x2)
                    let v3 = SIMD4(repeating: x3)
                    let v4 = SIMD4(repeating: x4)
                    let v5 = SIMD4(repeating: x5)
                    let v6 = SIMD4(repeating: x6)
                    let v7 = SIMD4(repeating: x7)
                    var j = 0
                    while j < vectorEnd {
                        var s = loadVector(sums + j)
                        s = s.addingProduct(loadVector(r0 + j), v0)
                        s = s.addingProduct(loadVector(r1 + j), v1)
                        s = s.addingProduct(loadVector(r2 + j), v2)
                        s = s.addingProduct(loadVector(r3 + j), v3)
                        s = s.addingProduct(loadVector(r4 + j), v4)
                        s = s.addingProduct(loadVector(r5 + j), v5)
                        s = s.addingProduct(loadVector(r6 + j), v6)
                        s = s.addingProduct(loadVector(r7 + j), v7)
                        storeVector(s, sums + j)
                        j += 4
                    }
                    while j < width {
                        var s = sums[j]
                        s = s.addingProduct(r0[j], x0)
                        s = s.addingProduct(r1[j], x1)
                        s = s.addingProduct(r2[j], x2)
                        s = s.addingProduct(r3[j], x3)
                        s = s.addingProduct(r4[j], x4)
                        s = s.addingProduct(r5[j], x5)
                        s = s.addingProduct(r6[j], x6)
                        s = s.addingProduct(r7[j], x7)
                        sums[j] = s
                        j += 1
                    }
                    i += 8
                }
                while i < rows {
                    let r0 = a + i * lda + blockStart
                    let x0 = x[i]
                    let v0 = SIMD4(repeating: x0)
                    var j = 0
                    while j < vectorEnd {
                        storeVector(loadVector(sums + j).addingProduct(loadVector(r0 + j), v0), sums + j)
                        j += 4
                    }
                    while j < width {
                        sums[j] = sums[j].addingProduct(r0[j], x0)
                        j += 1
                    }
                    i += 1
                }
            }
            for j in 0..<width { updateOutput(y + blockStart + j, sums[j], alpha: alpha, beta: beta) }
        }
    }
}
