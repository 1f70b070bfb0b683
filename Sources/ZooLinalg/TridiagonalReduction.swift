// MARK: - Householder tridiagonalisation

/// Householder reduction of a symmetric matrix to tridiagonal form, T = Qᵀ A Q.
///
/// Step k (0 ≤ k < n−2) builds the reflector H_k = I − τ_k v_k v_kᵀ from row k right of the diagonal
/// (by symmetry, column k below it): v_k has entries at indices k+1 … n−1 with v_k[k+1] = 1, and
/// H_k maps that row to β_k e_{k+1} with |β_k| = its norm and sign(β_k) = −sign(a_{k,k+1}).
/// The trailing block A₂₂ = A[k+1…, k+1…] becomes H_k A₂₂ H_k, computed as the rank-2 update
///
///     p = τ A₂₂ v,   w = p − (τ/2)(pᵀv) v,   A₂₂ ← A₂₂ − v wᵀ − w vᵀ.
///
/// Q = H_0 H_1 ⋯ H_{n−3}. From order `blockedThreshold` on, the blocked panel algorithm in
/// `TridiagonalPanelReduction.swift` is used (lower triangle only, trailing updates by GEMM). Below it,
/// the unblocked steps here work on the full matrix, fusing the update of step k with the
/// matrix-vector product of step k+1 so the trailing block is read and written once per step; rows are
/// split across threads (each thread owns whole rows, so the result is identical for every thread count).
///
/// After `init(reducing:)` the input matrix holds v_k in row k, columns k+2 …, which
/// `formTransposedQ(into:)` consumes.
struct TridiagonalReduction {
    /// Diagonal of T (n entries).
    var diagonal: [Double]
    /// Off-diagonal of T: entry i couples i and i+1 (n entries, the last one 0).
    var offDiagonal: [Double]
    /// τ_k of each reflector (0 when no reflection was needed).
    var tau: [Double]
    let dimension: Int

    /// Below this many trailing entries a step runs on one thread (thread start-up would dominate).
    static let parallelThreshold = 96 * 96

    /// Reduces the full symmetric matrix `a` (both triangles read), leaving the reflectors in it.
    init(reducing a: inout Matrix) {
        let n = a.rows
        dimension = n
        diagonal = [Double](repeating: 0, count: n)
        offDiagonal = [Double](repeating: 0, count: n)
        tau = [Double](repeating: 0, count: n)
        if n == 0 { return }
        if n >= Self.blockedThreshold {
            reduceBlocked(&a)
            return
        }
        var reflector = [Double](repeating: 0, count: n)
        var update = [Double](repeating: 0, count: n)
        var pendingReflector = [Double](repeating: 0, count: n)
        var pendingUpdate = [Double](repeating: 0, count: n)
        var hasPending = false

        a.withUnsafeMutableBufferPointer { storage in
            let base = storage.baseAddress!
            for k in 0..<max(0, n - 2) {
                let row = base + k * n
                if hasPending {
                    Self.applyRankTwo(
                        row: row, from: k, to: n, reflectorEntry: pendingReflector[k],
                        updateEntry: pendingUpdate[k], reflector: pendingReflector,
                        update: pendingUpdate)
                }
                diagonal[k] = row[k]
                let (beta, tauK) = Self.makeReflector(row: row, from: k + 1, to: n)
                offDiagonal[k] = beta
                tau[k] = tauK
                // p = τ A₂₂ v, fused with the pending update of the trailing rows.
                reflector[k + 1] = 1
                for j in (k + 2)..<n { reflector[j] = row[j] }
                Self.fusedPass(
                    base: base, n: n, step: k, tau: tauK, hasPending: hasPending,
                    pendingReflector: pendingReflector, pendingUpdate: pendingUpdate,
                    reflector: reflector, product: &update)
                if tauK == 0 {
                    hasPending = false
                    continue
                }
                // w = p − (τ/2)(pᵀv) v
                var pv = 0.0
                for j in (k + 1)..<n { pv += update[j] * reflector[j] }
                let correction = 0.5 * tauK * pv
                for j in (k + 1)..<n { update[j] -= correction * reflector[j] }
                swap(&pendingReflector, &reflector)
                swap(&pendingUpdate, &update)
                hasPending = true
            }
            // The last 2×2 (or 1×1) block.
            let first = max(0, n - 2)
            for i in first..<n where hasPending {
                Self.applyRankTwo(
                    row: base + i * n, from: first, to: n, reflectorEntry: pendingReflector[i],
                    updateEntry: pendingUpdate[i], reflector: pendingReflector,
                    update: pendingUpdate)
            }
            for i in first..<n { diagonal[i] = base[i * n + i] }
            if n >= 2 { offDiagonal[n - 2] = base[(n - 2) * n + n - 1] }
        }
    }

    // MARK: Reflector

    /// Turns row[from..<to] = x into the reflector tail: returns (β, τ) with H x = β e₁ and stores
    /// v[1…] = x[1…]/(x₀ − β) in row[from+1..<to]. τ = 0 (H = I) when x[1…] is already zero.
    static func makeReflector(row: UnsafeMutablePointer<Double>, from: Int, to: Int) -> (Double, Double) {
        let alpha = row[from]
        var tailSquares = 0.0
        for j in (from + 1)..<to { tailSquares += row[j] * row[j] }
        if tailSquares == 0 { return (alpha, 0) }
        let norm = (alpha * alpha + tailSquares).squareRoot()
        let beta = alpha >= 0 ? -norm : norm
        let tau = (beta - alpha) / beta
        let scale = 1 / (alpha - beta)
        for j in (from + 1)..<to { row[j] *= scale }
        return (beta, tau)
    }

    // MARK: Kernels

    /// row[j] −= v_i w_j + w_i v_j for j in from..<to.
    @inline(__always)
    static func applyRankTwo(
        row: UnsafeMutablePointer<Double>, from: Int, to: Int, reflectorEntry: Double,
        updateEntry: Double, reflector: [Double], update: [Double]
    ) {
        reflector.withUnsafeBufferPointer { v in
            update.withUnsafeBufferPointer { w in
                for j in from..<to { row[j] -= reflectorEntry * w[j] + updateEntry * v[j] }
            }
        }
    }

    /// For every trailing row i > k: apply the pending rank-2 update to row i (columns k+1 …), then
    /// product[i] = τ · row_i[k+1…] · v.
    static func fusedPass(
        base: UnsafeMutablePointer<Double>, n: Int, step k: Int, tau: Double,
        hasPending: Bool, pendingReflector: [Double], pendingUpdate: [Double],
        reflector: [Double], product: inout [Double]
    ) {
        let count = n - k - 1
        let rowsPerThread = max(1, parallelThreshold / max(1, count))
        pendingReflector.withUnsafeBufferPointer { vOld in
            pendingUpdate.withUnsafeBufferPointer { wOld in
                reflector.withUnsafeBufferPointer { v in
                    product.withUnsafeMutableBufferPointer { p in
                        let box = UncheckedSendableBox(
                            (
                                base, vOld.baseAddress!, wOld.baseAddress!,
                                v.baseAddress!, p.baseAddress!
                            ))
                        Parallelism.forEachRange(count: count, minimumPerThread: rowsPerThread) { range in
                            let (base, vOld, wOld, v, p) = box.value
                            for r in range {
                                let i = k + 1 + r
                                let row = base + i * n
                                p[i] =
                                    tau
                                    * TridiagonalKernels.updateAndDot(
                                        row: row, from: k + 1, to: n, applyUpdate: hasPending,
                                        reflectorEntry: vOld[i], updateEntry: wOld[i],
                                        reflector: vOld, update: wOld, next: v)
                            }
                        }
                    }
                }
            }
        }
    }
}
