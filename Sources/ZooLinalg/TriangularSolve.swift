// MARK: - Public triangular solves

/// Rows of op(T) solved together before the rest of the right-hand sides are updated by one GEMM.
let triangularSolveBlock = 64

/// X solving op(T)·X = B for a triangular T (n×n) and B (n×r), where op(T) is T or Tᵀ.
///
/// - Parameters:
///   - t: the triangular factor; only its `lower` (or upper) triangle is read.
///   - lower: whether T is lower triangular.
///   - transpose: solve Tᵀ·X = B instead.
///   - unitDiagonal: take the diagonal of T to be 1 (it is not read).
///
/// Blocked: each block of `triangularSolveBlock` rows is solved by substitution on whole rows of B, and
/// its contribution is removed from the remaining rows with one GEMM. Singular or tiny diagonals give
/// infinities, as in LAPACK's `trsm` (no pivoting, no checks).
public func solveTriangular(
    _ t: Matrix, _ b: Matrix, lower: Bool, transpose: Bool = false,
    unitDiagonal: Bool = false
) -> Matrix {
    solveTriangular(
        t, b, lower: lower, transpose: transpose, unitDiagonal: unitDiagonal,
        threads: Parallelism.threadCount)
}

/// `solveTriangular` for many right-hand sides with an explicit thread count.
func solveTriangular(
    _ t: Matrix, _ b: Matrix, lower: Bool, transpose: Bool, unitDiagonal: Bool,
    threads: Int
) -> Matrix {
    precondition(t.rows == t.columns, "solveTriangular: T must be square")
    precondition(b.rows == t.rows, "solveTriangular: B has \(b.rows) rows, T is \(t.rows)×\(t.rows)")
    var x = b
    guard b.rows > 0, b.columns > 0 else { return x }
    t.withUnsafeBufferPointer { tp in
        x.withUnsafeMutableBufferPointer { xp in
            trsmLeft(
                n: t.rows, rightHandSides: b.columns, t: tp.baseAddress!, ldt: t.columns, lower: lower,
                transpose: transpose, unitDiagonal: unitDiagonal, b: xp.baseAddress!, ldb: b.columns,
                threads: threads)
        }
    }
    return x
}

/// x solving op(T)·x = b for one right-hand side (substitution along contiguous rows of T).
public func solveTriangular(
    _ t: Matrix, _ b: [Double], lower: Bool, transpose: Bool = false,
    unitDiagonal: Bool = false
) -> [Double] {
    precondition(t.rows == t.columns && b.count == t.rows, "solveTriangular: dimension mismatch")
    var x = b
    guard !b.isEmpty else { return x }
    t.withUnsafeBufferPointer { tp in
        x.withUnsafeMutableBufferPointer { xp in
            trsv(
                n: t.rows, t: tp.baseAddress!, ldt: t.columns, lower: lower, transpose: transpose,
                unitDiagonal: unitDiagonal, x: xp.baseAddress!)
        }
    }
    return x
}

// MARK: - One right-hand side

/// Overwrites x with op(T)⁻¹x. Every variant walks rows of T contiguously: T·x = b takes dot products
/// with rows of T (the row form); Tᵀ·x = b uses each row of T to update the rest of x (the column
/// form), so no loop strides down a column.
func trsv(
    n: Int, t: UnsafePointer<Double>, ldt: Int, lower: Bool, transpose: Bool, unitDiagonal: Bool,
    x: UnsafeMutablePointer<Double>
) {
    switch (lower, transpose) {
    case (true, false):  // forward: x_i = (b_i − Σ_{j<i} T_ij x_j) / T_ii
        for i in 0..<n {
            let value = x[i] - dot(t + i * ldt, x, count: i)
            x[i] = unitDiagonal ? value : value / t[i * ldt + i]
        }
    case (false, false):  // backward: x_i = (b_i − Σ_{j>i} T_ij x_j) / T_ii
        for i in stride(from: n - 1, through: 0, by: -1) {
            let value = x[i] - dot(t + i * ldt + i + 1, x + i + 1, count: n - i - 1)
            x[i] = unitDiagonal ? value : value / t[i * ldt + i]
        }
    case (true, true):  // Lᵀ x = b, backward: fix x_j, then x_{0..<j} −= x_j · L_{j, 0..<j}
        for j in stride(from: n - 1, through: 0, by: -1) {
            if !unitDiagonal { x[j] /= t[j * ldt + j] }
            axpy(-x[j], t + j * ldt, x, count: j)
        }
    case (false, true):  // Uᵀ x = b, forward: fix x_j, then x_{j+1..} −= x_j · U_{j, j+1..}
        for j in 0..<n {
            if !unitDiagonal { x[j] /= t[j * ldt + j] }
            axpy(-x[j], t + j * ldt + j + 1, x + j + 1, count: n - j - 1)
        }
    }
}

/// Σ a_i b_i with four-lane FMA accumulation.
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    var s0 = SIMD4<Double>()
    var s1 = SIMD4<Double>()
    var i = 0
    while i + 8 <= count {
        s0 = s0.addingProduct(loadVector(a + i), loadVector(b + i))
        s1 = s1.addingProduct(loadVector(a + i + 4), loadVector(b + i + 4))
        i += 8
    }
    let s = s0 + s1
    var sum = (s[0] + s[1]) + (s[2] + s[3])
    while i < count {
        sum = sum.addingProduct(a[i], b[i])
        i += 1
    }
    return sum
}

/// y += α·x.
@inline(__always)
func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
    let scale = SIMD4(repeating: alpha)
    var i = 0
    while i + 4 <= count {
        storeVector(loadVector(y + i).addingProduct(loadVector(x + i), scale), y + i)
        i += 4
    }
    while i < count {
        y[i] = y[i].addingProduct(x[i], alpha)
        i += 1
    }
}

// MARK: - Many right-hand sides

/// Overwrites B (n × rightHandSides, row stride ldb) with op(T)⁻¹B, blocked with GEMM updates.
func trsmLeft(
    n: Int, rightHandSides: Int, t: UnsafePointer<Double>, ldt: Int, lower: Bool, transpose: Bool,
    unitDiagonal: Bool, b: UnsafeMutablePointer<Double>, ldb: Int, threads: Int
) {
    let forward = lower != transpose  // op(T) is lower triangular
    let transT: Transpose = transpose ? .transpose : .none
    /// op(T)[i, j].
    func entry(_ i: Int, _ j: Int) -> Double { transpose ? t[j * ldt + i] : t[i * ldt + j] }
    /// Address of op(T)[row, column] as a GEMM operand with `transT`.
    func block(_ row: Int, _ column: Int) -> UnsafePointer<Double> {
        transpose ? t + column * ldt + row : t + row * ldt + column
    }
    let blocks = stride(from: 0, to: n, by: triangularSolveBlock).map { $0..<min($0 + triangularSolveBlock, n) }
    for rows in forward ? blocks : blocks.reversed() {
        // Remove the contribution of the rows already solved.
        let solved = forward ? 0..<rows.lowerBound : rows.upperBound..<n
        if !solved.isEmpty {
            gemm(
                transT, .none, m: rows.count, n: rightHandSides, k: solved.count, alpha: -1,
                a: block(rows.lowerBound, solved.lowerBound), lda: ldt, b: b + solved.lowerBound * ldb, ldb: ldb,
                beta: 1, c: b + rows.lowerBound * ldb, ldc: ldb, threads: threads)
        }
        // Substitution inside the block, on whole rows of B, columns split between threads.
        let parts = splitEvenly(
            rightHandSides, parts: rows.count * rightHandSides < 1 << 14 ? 1 : threads,
            granularity: 8)
        let target = UncheckedSendableBox(b)
        runParts(parts.count) { part in
            let b = target.value
            let columns = parts[part]
            let order = forward ? Array(rows) : rows.reversed()
            for (position, i) in order.enumerated() {
                let row = b + i * ldb + columns.lowerBound
                for p in order[0..<position] {
                    axpy(-entry(i, p), b + p * ldb + columns.lowerBound, row, count: columns.count)
                }
                if !unitDiagonal {
                    let diagonal = entry(i, i)
                    for j in 0..<columns.count { row[j] /= diagonal }
                }
            }
        }
    }
}

/// Overwrites B (m × n, row stride ldb) with B·L⁻ᵀ, i.e. solves X·Lᵀ = B for lower-triangular L (n×n).
///
/// Row i of X satisfies `L x_iᵀ = b_iᵀ`, so `x_ij = (b_ij − Σ_{p<j} x_ip L_jp) / L_jj`: a dot product of
/// two contiguous rows. Column blocks are eliminated with one GEMM each; rows are split between threads.
/// This is the panel step of the blocked Cholesky factorisation.
func trsmRightLowerTransposed(
    m: Int, n: Int, l: UnsafePointer<Double>, ldl: Int,
    b: UnsafeMutablePointer<Double>, ldb: Int, threads: Int
) {
    guard m > 0, n > 0 else { return }
    let innerBlock = 32
    for j0 in stride(from: 0, to: n, by: innerBlock) {
        let j1 = min(j0 + innerBlock, n)
        if j0 > 0 {
            // B[:, j0..<j1] −= X[:, 0..<j0] · L[j0..<j1, 0..<j0]ᵀ
            gemm(
                .none, .transpose, m: m, n: j1 - j0, k: j0, alpha: -1, a: b, lda: ldb, b: l + j0 * ldl, ldb: ldl,
                beta: 1, c: b + j0, ldc: ldb, threads: threads)
        }
        let parts = splitEvenly(m, parts: m * (j1 - j0) < 1 << 14 ? 1 : threads, granularity: 4)
        let target = UncheckedSendableBox(b)
        runParts(parts.count) { part in
            let b = target.value
            for i in parts[part] {
                let row = b + i * ldb
                for j in j0..<j1 {
                    row[j] = (row[j] - dot(row + j0, l + j * ldl + j0, count: j - j0)) / l[j * ldl + j]
                }
            }
        }
    }
}
