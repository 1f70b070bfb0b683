// MARK: - Forming Qᵀ from the reflectors

extension TridiagonalReduction {
    /// Reflectors per compact-WY block when forming Qᵀ.
    static let backTransformBlockSize = 48

    /// Overwrites `a` (which holds the reflectors left by `init(reducing:)`) with Qᵀ = H_{n−3} ⋯ H_0.
    ///
    /// Accumulated from the right starting from W = I, one block of reflectors k₀ … k₁−1 at a time,
    /// last block first. With the compact WY form H_{k₀} ⋯ H_{k₁−1} = I − V T Vᵀ (V unit lower
    /// trapezoidal, T upper triangular, LAPACK's `larft` forward/columnwise), the block step is
    ///
    ///     W ← W (I − V T Vᵀ)ᵀ = W − (W V) Tᵀ Vᵀ,
    ///
    /// two GEMMs on the active block W[k₀+1…, k₀+1…] (everything else is still the identity).
    /// The reflector rows k₀ … k₁−1 of `a` are copied into V and then reset to unit rows.
    func formTransposedQ(into a: inout Matrix) {
        let n = dimension
        if n == 0 { return }
        let reflectorCount = max(0, n - 2)
        let blockSize = Self.backTransformBlockSize
        var panel = [Double](repeating: 0, count: max(1, (n - 1) * blockSize))   // V, m × b
        var product = [Double](repeating: 0, count: max(1, (n - 1) * blockSize)) // W V, then W V Tᵀ
        var triangle = [Double](repeating: 0, count: blockSize * blockSize)     // T, b × b
        a.withUnsafeMutableBufferPointer { storage in
            let base = storage.baseAddress!
            for i in reflectorCount..<n { Self.setUnitRow(base + i * n, n: n, index: i) }
            if reflectorCount == 0 { return }
            var blockStart = ((reflectorCount - 1) / blockSize) * blockSize
            while blockStart >= 0 {
                let blockEnd = min(blockStart + blockSize, reflectorCount)
                let b = blockEnd - blockStart
                let m = n - blockStart - 1
                panel.withUnsafeMutableBufferPointer { v in
                    product.withUnsafeMutableBufferPointer { y in
                        triangle.withUnsafeMutableBufferPointer { t in
                            Self.extractPanel(base: base, n: n, blockStart: blockStart, width: b, into: v.baseAddress!)
                            Self.triangularFactor(panel: v.baseAddress!, rows: m, width: b,
                                                  tau: Array(tau[blockStart..<blockEnd]), into: t.baseAddress!)
                            for k in blockStart..<blockEnd { Self.setUnitRow(base + k * n, n: n, index: k) }
                            let active = base + (blockStart + 1) * n + blockStart + 1
                            // Y = W V
                            gemm(.none, .none, m: m, n: b, k: m, alpha: 1, a: active, lda: n,
                                 b: v.baseAddress!, ldb: b, beta: 0, c: y.baseAddress!, ldc: b)
                            Self.multiplyByTransposedTriangle(y.baseAddress!, rows: m, width: b, triangle: t.baseAddress!)
                            // W −= (W V Tᵀ) Vᵀ
                            gemm(.none, .transpose, m: m, n: m, k: b, alpha: -1, a: y.baseAddress!, lda: b,
                                 b: v.baseAddress!, ldb: b, beta: 1, c: active, ldc: n)
                        }
                    }
                }
                blockStart -= blockSize
            }
        }
    }

    // MARK: Compact WY pieces

    /// V (m × b, row-major, m = n − k₀ − 1): column j is v_{k₀+j} over global indices k₀+1 … n−1,
    /// zero above its unit entry at index k₀+j+1, the stored tail below.
    static func extractPanel(base: UnsafeMutablePointer<Double>, n: Int, blockStart k0: Int, width b: Int,
                             into v: UnsafeMutablePointer<Double>) {
        let m = n - k0 - 1
        v.update(repeating: 0, count: m * b)
        for j in 0..<b {
            let k = k0 + j
            let row = base + k * n
            v[j * b + j] = 1                          // global index k+1 is panel row j
            for g in (k + 2)..<n { v[(g - k0 - 1) * b + j] = row[g] }
        }
    }

    /// The upper triangular T with H_{k₀} ⋯ H_{k₀+b−1} = I − V T Vᵀ:
    /// T_jj = τ_j and T[0..<j, j] = −τ_j T[0..<j, 0..<j] (V[:, 0..<j]ᵀ v_j).
    static func triangularFactor(panel v: UnsafeMutablePointer<Double>, rows m: Int, width b: Int,
                                 tau: [Double], into t: UnsafeMutablePointer<Double>) {
        t.update(repeating: 0, count: b * b)
        var z = [Double](repeating: 0, count: b)
        for j in 0..<b {
            t[j * b + j] = tau[j]
            if j == 0 || tau[j] == 0 { continue }
            for l in 0..<j { z[l] = 0 }
            // v_j is zero above panel row j, so the dot products start there.
            for i in j..<m {
                let vij = v[i * b + j]
                if vij == 0 { continue }
                for l in 0..<j { z[l] += v[i * b + l] * vij }
            }
            for i in 0..<j {
                var sum = 0.0
                for l in i..<j { sum += t[i * b + l] * z[l] }
                t[i * b + j] = -tau[j] * sum
            }
        }
    }

    /// Y ← Y Tᵀ in place (Y is m × b row-major, T upper triangular): Y[r, j] = Σ_{l ≥ j} Y[r, l] T[j, l].
    static func multiplyByTransposedTriangle(_ y: UnsafeMutablePointer<Double>, rows m: Int, width b: Int,
                                             triangle t: UnsafePointer<Double>) {
        for r in 0..<m {
            let row = y + r * b
            for j in 0..<b {
                var sum = 0.0
                for l in j..<b { sum += row[l] * t[j * b + l] }
                row[j] = sum                                  // row[l] for l > j is still unchanged
            }
        }
    }

    /// Sets the row to the unit vector e_index.
    @inline(__always)
    static func setUnitRow(_ row: UnsafeMutablePointer<Double>, n: Int, index: Int) {
        row.update(repeating: 0, count: n)
        row[index] = 1
    }
}
