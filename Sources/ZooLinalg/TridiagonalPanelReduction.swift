// MARK: - Blocked Householder tridiagonalisation (LAPACK latrd/sytrd style)

extension TridiagonalReduction {
    /// Reflectors per panel in the blocked reduction.
    static let panelWidth = 32
    /// From this order on the blocked reduction is used; below it the fused unblocked one.
    static let blockedThreshold = 64

    /// Blocked reduction of the full symmetric `a` (n ≥ 3), same results as the unblocked steps.
    ///
    /// A panel of b reflectors k₀ … k₀+b−1 is built while the trailing matrix stays stale: with the
    /// pairs (v_l, w_l) of the panel so far, the current trailing matrix is A − Σ_l (v_l w_lᵀ + w_l v_lᵀ).
    /// Step k of the panel
    /// 1. brings row k up to date with those pairs,
    /// 2. builds the reflector (τ, v) from it,
    /// 3. forms p = τ (A_stale v − V (Wᵀ v) − W (Vᵀ v)) — the matrix-vector product is the only
    ///    O(n²) part and is split by rows across threads,
    /// 4. stores w = p − (τ/2)(pᵀ v) v.
    /// After the panel the trailing block A[k₁…, k₁…] −= [V W][W V]ᵀ is one GEMM with inner dimension 2b.
    mutating func reduceBlocked(_ a: inout Matrix) {
        let n = dimension
        let b = Self.panelWidth
        let width2 = 2 * b
        // left row g = [v_0(g) … v_{b−1}(g) | w_0(g) … w_{b−1}(g)], right row g = [w … | v …].
        var left = [Double](repeating: 0, count: n * width2)
        var right = [Double](repeating: 0, count: n * width2)
        var reflector = [Double](repeating: 0, count: n)
        var product = [Double](repeating: 0, count: n)
        var coefficients = [Double](repeating: 0, count: width2)
        var projections = [Double](repeating: 0, count: width2)

        a.withUnsafeMutableBufferPointer { storage in
            left.withUnsafeMutableBufferPointer { leftBuffer in
            right.withUnsafeMutableBufferPointer { rightBuffer in
            reflector.withUnsafeMutableBufferPointer { vBuffer in
            product.withUnsafeMutableBufferPointer { pBuffer in
            coefficients.withUnsafeMutableBufferPointer { coefBuffer in
            projections.withUnsafeMutableBufferPointer { projBuffer in
                let base = storage.baseAddress!, l = leftBuffer.baseAddress!, r = rightBuffer.baseAddress!
                let v = vBuffer.baseAddress!, p = pBuffer.baseAddress!
                let coef = coefBuffer.baseAddress!, proj = projBuffer.baseAddress!
                var k0 = 0
                while k0 < n - 2 {
                    let panel = min(b, n - 2 - k0)
                    (l + k0 * width2).update(repeating: 0, count: (n - k0) * width2)
                    (r + k0 * width2).update(repeating: 0, count: (n - k0) * width2)
                    for j in 0..<panel {
                        let k = k0 + j
                        let row = base + k * n
                        // 1. row k −= Σ_l v_l(k) w_lᵀ + w_l(k) v_lᵀ  (coefficients pair with left's halves)
                        if j > 0 {
                            for c in 0..<b { coef[c] = l[k * width2 + b + c]; coef[b + c] = l[k * width2 + c] }
                            for c in k..<n { row[c] -= TridiagonalKernels.dot(l + c * width2, coef, count: width2) }
                        }
                        // 2. reflector
                        diagonal[k] = row[k]
                        let (beta, tauK) = Self.makeReflector(row: row, from: k + 1, to: n)
                        offDiagonal[k] = beta
                        tau[k] = tauK
                        v[k + 1] = 1
                        for g in (k + 2)..<n { v[g] = row[g] }
                        for g in (k + 1)..<n { l[g * width2 + j] = v[g]; r[g * width2 + b + j] = v[g] }
                        if tauK == 0 { continue }
                        // 3. p = τ (A_stale v − V (Wᵀv) − W (Vᵀv))
                        Self.staleProduct(base: base, n: n, from: k + 1, reflector: v, into: p)
                        if j > 0 {
                            for c in 0..<width2 { proj[c] = 0 }
                            for g in (k + 1)..<n {
                                let vg = v[g]
                                for c in 0..<width2 { proj[c] += l[g * width2 + c] * vg }
                            }
                            // proj = [Vᵀv | Wᵀv]; V pairs with Wᵀv and W with Vᵀv.
                            for c in 0..<b { coef[c] = proj[b + c]; coef[b + c] = proj[c] }
                            for g in (k + 1)..<n { p[g] -= TridiagonalKernels.dot(l + g * width2, coef, count: width2) }
                        }
                        // 4. w = τ p − (τ/2)(τ pᵀv) v
                        var pv = 0.0
                        for g in (k + 1)..<n { p[g] *= tauK; pv += p[g] * v[g] }
                        let correction = 0.5 * tauK * pv
                        for g in (k + 1)..<n {
                            let w = p[g] - correction * v[g]
                            l[g * width2 + b + j] = w
                            r[g * width2 + j] = w
                        }
                    }
                    // Trailing update A[k₁…, k₁…] −= [V W] [W V]ᵀ.
                    let k1 = k0 + panel
                    let m = n - k1
                    gemm(.none, .transpose, m: m, n: m, k: width2, alpha: -1, a: l + k1 * width2, lda: width2,
                         b: r + k1 * width2, ldb: width2, beta: 1, c: base + k1 * n + k1, ldc: n)
                    k0 = k1
                }
                diagonal[n - 2] = base[(n - 2) * n + n - 2]
                diagonal[n - 1] = base[(n - 1) * n + n - 1]
                offDiagonal[n - 2] = base[(n - 2) * n + n - 1]
            }}}}}}
        }
    }

    /// p[g] = A[g, from…] · v[from…] for g ≥ from, on the stale matrix; rows split across threads.
    static func staleProduct(base: UnsafeMutablePointer<Double>, n: Int, from: Int,
                             reflector v: UnsafeMutablePointer<Double>, into p: UnsafeMutablePointer<Double>) {
        let count = n - from
        let rowsPerThread = max(1, parallelThreshold / max(1, count))
        let box = UncheckedSendableBox((base, v, p))
        Parallelism.forEachRange(count: count, minimumPerThread: rowsPerThread) { range in
            let (base, v, p) = box.value
            for offset in range {
                let g = from + offset
                p[g] = TridiagonalKernels.dot(base + g * n + from, v + from, count: count)
            }
        }
    }
}
