// MARK: - Applying Q to the eigenvectors of T

extension TridiagonalReduction {
    /// Reflectors per compact-WY block when applying Q.
    static let backTransformBlockSize = 64

    /// Overwrites z (n × n, e.g. the eigenvectors of T as columns) with Q z, where Q = H_0 ⋯ H_{n−3}
    /// holds the reflectors that `init(reducing:)` left in `reflectors`.
    ///
    /// LAPACK `ormtr` style: one block of reflectors k₀ … k₁−1 at a time, last block first. With the
    /// compact WY form H_{k₀} ⋯ H_{k₁−1} = I − V T Vᵀ (V unit lower trapezoidal, T upper triangular,
    /// LAPACK's `larft` forward/columnwise), the block step on the rows k₀+1 … of z is
    ///
    ///     z ← z − V (T (Vᵀ z)),
    ///
    /// two GEMMs of 2·m·b·n flops each (2n³ in all) and a small triangular product.
    func applyQ(reflectors a: Matrix, to z: inout Matrix) {
        let n = dimension
        let reflectorCount = max(0, n - 2)
        if reflectorCount == 0 { return }
        let columns = z.columns
        let blockSize = Self.backTransformBlockSize
        var panel = [Double](repeating: 0, count: (n - 1) * blockSize)  // V, m × b
        var product = [Double](repeating: 0, count: blockSize * columns)  // Vᵀ z, then T Vᵀ z
        var triangle = [Double](repeating: 0, count: blockSize * blockSize)  // T, b × b
        a.withUnsafeBufferPointer { reflectorStorage in
            z.withUnsafeMutableBufferPointer { zStorage in
                panel.withUnsafeMutableBufferPointer { v in
                    product.withUnsafeMutableBufferPointer { w in
                        triangle.withUnsafeMutableBufferPointer { t in
                            let base = reflectorStorage.baseAddress!
                            let v = v.baseAddress!
                            let w = w.baseAddress!
                            var blockStart = ((reflectorCount - 1) / blockSize) * blockSize
                            while blockStart >= 0 {
                                let blockEnd = min(blockStart + blockSize, reflectorCount)
                                let b = blockEnd - blockStart
                                let m = n - blockStart - 1
                                Self.extractPanel(base: base, n: n, blockStart: blockStart, width: b, into: v)
                                Self.triangularFactor(
                                    panel: v, rows: m, width: b,
                                    tau: Array(tau[blockStart..<blockEnd]), into: t.baseAddress!)
                                let rows = zStorage.baseAddress! + (blockStart + 1) * columns
                                // W = Vᵀ z
                                gemm(
                                    .transpose, .none, m: b, n: columns, k: m, alpha: 1, a: v, lda: b,
                                    b: rows, ldb: columns, beta: 0, c: w, ldc: columns)
                                Self.multiplyByTriangle(w, width: b, columns: columns, triangle: t.baseAddress!)
                                // z −= V W
                                gemm(
                                    .none, .none, m: m, n: columns, k: b, alpha: -1, a: v, lda: b,
                                    b: w, ldb: columns, beta: 1, c: rows, ldc: columns)
                                blockStart -= blockSize
                            }
                        }
                    }
                }
            }
        }
    }

    /// W ← T W in place (W is b × columns row-major, T upper triangular b × b): row j becomes
    /// Σ_{l ≥ j} T[j, l] W[l, :], so rows are updated top-down while the rows below are still unchanged.
    static func multiplyByTriangle(
        _ w: UnsafeMutablePointer<Double>, width b: Int, columns: Int,
        triangle t: UnsafePointer<Double>
    ) {
        for j in 0..<b {
            let row = w + j * columns
            let diagonal = t[j * b + j]
            for c in 0..<columns { row[c] *= diagonal }
            for l in (j + 1)..<b {
                let factor = t[j * b + l]
                if factor == 0 { continue }
                let source = w + l * columns
                for c in 0..<columns { row[c] += factor * source[c] }
            }
        }
    }

    // MARK: Compact WY pieces

    /// V (m × b, row-major, m = n − k₀ − 1): column j is v_{k₀+j} over global indices k₀+1 … n−1,
    /// zero above its unit entry at index k₀+j+1, the stored tail below.
    static func extractPanel(
        base: UnsafePointer<Double>, n: Int, blockStart k0: Int, width b: Int,
        into v: UnsafeMutablePointer<Double>
    ) {
        let m = n - k0 - 1
        v.update(repeating: 0, count: m * b)
        for j in 0..<b {
            let k = k0 + j
            let row = base + k * n
            v[j * b + j] = 1  // global index k+1 is panel row j
            for g in (k + 2)..<n { v[(g - k0 - 1) * b + j] = row[g] }
        }
    }

    /// The upper triangular T with H_{k₀} ⋯ H_{k₀+b−1} = I − V T Vᵀ:
    /// T_jj = τ_j and T[0..<j, j] = −τ_j T[0..<j, 0..<j] (V[:, 0..<j]ᵀ v_j), with the inner products
    /// VᵀV formed by one GEMM (the zeros of V above its unit diagonal contribute exact zeros).
    static func triangularFactor(
        panel v: UnsafeMutablePointer<Double>, rows m: Int, width b: Int,
        tau: [Double], into t: UnsafeMutablePointer<Double>
    ) {
        t.update(repeating: 0, count: b * b)
        let products = UnsafeMutablePointer<Double>.allocate(capacity: b * b)
        defer { products.deallocate() }
        gemm(
            .transpose, .none, m: b, n: b, k: m, alpha: 1, a: v, lda: b, b: v, ldb: b, beta: 0,
            c: products, ldc: b)
        for j in 0..<b {
            t[j * b + j] = tau[j]
            if tau[j] == 0 { continue }
            for i in 0..<j {
                var sum = 0.0
                for l in i..<j { sum += t[i * b + l] * products[l * b + j] }
                t[i * b + j] = -tau[j] * sum
            }
        }
    }
}
