// MARK: - Divide and conquer for the symmetric tridiagonal eigenproblem

/// Cuppen's divide and conquer for T = Z Λ Zᵀ (symmetric tridiagonal, LAPACK `stedc`/`laed0` style).
///
/// A block of order n > `baseSize` is torn at m = n/2 by its coupling β = e_{m−1}:
///
///     T = diag(T₁ − |β| e_m e_mᵀ, T₂ − |β| e₁ e₁ᵀ) + |β| v vᵀ,   v = (e_m, sign(β) e₁),
///
/// both halves are solved recursively and merged by a rank-one update (`merge`, in
/// `DivideConquerMerge.swift`: deflation, the secular equation, Gu–Eisenstat's ẑ and the eigenvector
/// update as GEMM, the bulk of the O(n³) work). Blocks of order ≤ `baseSize` are solved by implicit QL
/// (`TridiagonalQL`). T is first scaled by a power of two to unit max-norm (exact), as `stedc` does.
///
/// Threads: the two halves of a block of order ≥ `parallelSplitSize` are solved at the same time, each
/// with half of the threads; the merges' root finding, ẑ and vectors are split by roots and their GEMMs
/// by columns. Each eigenvalue and vector entry is computed by the same operations in the same order
/// whatever the split, so the result is bit-identical for every thread count.
enum TridiagonalDivideConquer {
    /// Blocks of at most this order are solved by QL (LAPACK's default is 25).
    static let baseSize = 32
    /// Blocks at least this large solve their two halves concurrently.
    static let parallelSplitSize = 256

    /// The eigenvalues of T (ascending) and its eigenvectors as the columns of an n × n matrix.
    ///
    /// `offDiagonal[i]` couples i and i+1 (n entries; the last is ignored).
    /// - Throws: `.noConvergence` if QL fails on a base block.
    static func decompose(diagonal: [Double], offDiagonal: [Double]) throws(LinalgError) -> (
        values: [Double], vectors: Matrix
    ) {
        let n = diagonal.count
        if n == 0 { return ([], Matrix(rows: 0, columns: 0)) }
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(diagonal[i])) }
        for i in 0..<(n - 1) { largest = max(largest, abs(offDiagonal[i])) }
        if largest == 0 { return ([Double](repeating: 0, count: n), Matrix.identity(n)) }
        let scale = Double(sign: .plus, exponent: -largest.exponent, significand: 1)
        var d = diagonal.map { $0 * scale }
        let e = offDiagonal.map { $0 * scale }
        var blocked = Matrix(rows: n, columns: n)
        var failure: LinalgError? = nil
        d.withUnsafeMutableBufferPointer { d in
            e.withUnsafeBufferPointer { e in
                blocked.withUnsafeMutableBufferPointer { q in
                    do throws(LinalgError) {
                        try solve(d: d.baseAddress!, e: e.baseAddress!, count: n, q: q.baseAddress!, ldq: n)
                    } catch {
                        failure = error
                    }
                }
            }
        }
        if let failure { throw failure }
        // Ascending order (ties by position, so the order is deterministic).
        let order = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
        var vectors = Matrix(rows: n, columns: n)
        blocked.withUnsafeBufferPointer { source in
            vectors.withUnsafeMutableBufferPointer { target in
                for row in 0..<n {
                    let from = source.baseAddress! + row * n
                    let to = target.baseAddress! + row * n
                    for j in 0..<n { to[j] = from[order[j]] }
                }
            }
        }
        return (order.map { d[$0] / scale }, vectors)
    }

    // MARK: Recursion

    /// Eigenpairs of the block with diagonal d[0..<n] and couplings e[0..<n−1] into the n × n block at
    /// q (row stride ldq; entries outside it untouched, the block itself zero on entry): values in d
    /// (unsorted), vectors as columns.
    static func solve(
        d: UnsafeMutablePointer<Double>, e: UnsafePointer<Double>, count n: Int,
        q: UnsafeMutablePointer<Double>, ldq: Int
    ) throws(LinalgError) {
        if n <= baseSize {
            try solveByQL(d: d, e: e, count: n, q: q, ldq: ldq)
            return
        }
        let n1 = n / 2
        let beta = e[n1 - 1]
        d[n1 - 1] -= abs(beta)
        d[n1] -= abs(beta)
        let lowerQ = q + n1 * ldq + n1
        let threads = Parallelism.threadCount
        if threads >= 2 && n >= parallelSplitSize {
            var failures: [LinalgError?] = [nil, nil]
            let childThreads = max(1, threads / 2)
            failures.withUnsafeMutableBufferPointer { failures in
                let box = UncheckedSendableBox((d, e, q, lowerQ, failures.baseAddress!))
                Parallelism.forEach(chunks: 2) { part in
                    let (d, e, q, lowerQ, failures) = box.value
                    Parallelism.withThreadLimit(childThreads) {
                        do throws(LinalgError) {
                            if part == 0 {
                                try solve(d: d, e: e, count: n1, q: q, ldq: ldq)
                            } else {
                                try solve(d: d + n1, e: e + n1, count: n - n1, q: lowerQ, ldq: ldq)
                            }
                        } catch {
                            failures[part] = error
                        }
                    }
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
        } else {
            try solve(d: d, e: e, count: n1, q: q, ldq: ldq)
            try solve(d: d + n1, e: e + n1, count: n - n1, q: lowerQ, ldq: ldq)
        }
        merge(d: d, count: n, firstHalf: n1, coupling: beta, q: q, ldq: ldq)
    }

    /// A base block by implicit QL: the rotations act on the rows of I, giving Zᵀ.
    static func solveByQL(
        d: UnsafeMutablePointer<Double>, e: UnsafePointer<Double>, count n: Int,
        q: UnsafeMutablePointer<Double>, ldq: Int
    ) throws(LinalgError) {
        var diagonal = Array(UnsafeBufferPointer(start: d, count: n))
        var offDiagonal = Array(UnsafeBufferPointer(start: e, count: n))
        offDiagonal[n - 1] = 0
        var transposed = Matrix.identity(n)
        try TridiagonalQL.diagonalize(diagonal: &diagonal, offDiagonal: &offDiagonal, transposedVectors: &transposed)
        for j in 0..<n {
            d[j] = diagonal[j]
            for row in 0..<n { q[row * ldq + j] = transposed[j, row] }
        }
    }
}
