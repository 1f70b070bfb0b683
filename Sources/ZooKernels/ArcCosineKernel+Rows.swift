import ZooLinalg

// MARK: - Batched kernel and gradient rows

/// The norms of one side of a kernel matrix, with their safe reciprocals.
struct RowNorms: Sendable {
    let norms: [Double]
    let inverses: [Double]

    init(_ x: Matrix) {
        let d = x.columns
        var norms = [Double](repeating: 0, count: x.rows)
        x.withUnsafeBufferPointer { buffer in
            for i in 0..<x.rows {
                let row = buffer.baseAddress! + i * d
                var sum = 0.0
                for j in 0..<d { sum = sum.addingProduct(row[j], row[j]) }
                norms[i] = sum.squareRoot()
            }
        }
        self.norms = norms
        inverses = norms.map(ArcCosineTangentKernel.safeReciprocalNorm)
    }
}

extension ArcCosineTangentKernel {
    /// Overwrites every entry u_ij = aᵢᵀbⱼ of `inner` (rows of A against rows of B) by K(aᵢ, bⱼ),
    /// four entries at a time, rows split across threads. Each entry depends only on u_ij and the two
    /// norms (c = u·(ρ_a ρ_b), r = ‖a‖‖b‖ as commutative products), so a symmetric input stays exactly
    /// symmetric.
    func transform(_ inner: inout Matrix, rows a: RowNorms, columns b: RowNorms) {
        let n = inner.columns
        let m = inner.rows
        inner.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Parallelism.forEachRange(count: m, minimumPerThread: 16) { rows in
                b.norms.withUnsafeBufferPointer { normsB in
                    b.inverses.withUnsafeBufferPointer { inversesB in
                        for i in rows {
                            transformRow(
                                base + i * n, count: n, norm: a.norms[i], inverse: a.inverses[i],
                                norms: normsB.baseAddress!, inverses: inversesB.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// One row of `transform`.
    func transformRow(
        _ u: UnsafeMutablePointer<Double>, count n: Int, norm: Double, inverse: Double,
        norms: UnsafePointer<Double>, inverses: UnsafePointer<Double>
    ) {
        var j = 0
        while j < n {
            let lanes = min(4, n - j)
            let inner = Lanes.load(u + j, lanes, padding: 0)
            let c = Self.clampedCosine(inner * (inverse * Lanes.load(inverses + j, lanes, padding: 0)))
            let r = norm * Lanes.load(norms + j, lanes, padding: 0)
            Lanes.store(values(inner: inner, normProduct: r, cosine: c), u + j, lanes)
            j += 4
        }
    }

    /// One row of the gradient, with the prediction: overwrites u_j = xᵀx′ⱼ by αⱼ·A_j and returns
    /// f̂(x) = Σⱼ αⱼ·K(x, x′ⱼ) and Σⱼ αⱼ·B_j, so that ∇ₓf̂(x) = Σⱼ (αⱼA_j)·x′ⱼ + (Σⱼ αⱼB_j)·x. The
    /// kernel value reuses the gradient's cosine, sine and arccosine, so it costs a few flops more.
    func gradientRow(
        _ u: UnsafeMutablePointer<Double>, count n: Int, norm: Double, inverse: Double,
        norms: UnsafePointer<Double>, inverses: UnsafePointer<Double>,
        alpha: UnsafePointer<Double>
    ) -> (prediction: Double, selfWeight: Double) {
        let (linear, sine, kink) = coefficients
        let scale = 0.5 / Double.pi
        var sumValue = SIMD4<Double>()
        var sumB = SIMD4<Double>()
        var j = 0
        while j < n {
            let lanes = min(4, n - j)
            let inner = Lanes.load(u + j, lanes, padding: 0)
            let normsB = Lanes.load(norms + j, lanes, padding: 0)
            let c = Self.clampedCosine(inner * (inverse * Lanes.load(inverses + j, lanes, padding: 0)))
            let s = Self.sineFromCosine(c)
            let t = Self.kinkSafeReciprocalSine(s)
            let complement = Double.pi - ArcCosine.acos(c)
            let weights = Lanes.load(alpha + j, lanes, padding: 0)
            // K = [(w₁ + w₂)u(π − φ) + w₂ r sin φ]/(2π), A = [(w₁ + w₂)(π − φ) + w₁ c/s]/(2π),
            // B = [w₂ s − w₁ c²/s]/(2π) times ‖x′ⱼ‖/‖x‖ (0 when x = 0).
            let value = (linear * inner * complement + sine * (norm * normsB) * s) * scale
            let a = (linear * complement + kink * c * t) * scale
            let b = (sine * s - kink * c * c * t) * scale
            sumValue = sumValue.addingProduct(weights, value)
            Lanes.store(weights * a, u + j, lanes)
            sumB = sumB.addingProduct(weights * b, normsB * inverse)
            j += 4
        }
        return (sumValue.sum(), sumB.sum())
    }
}

// MARK: - Lane loads

/// Unaligned SIMD4 loads and stores of the first `lanes` ≤ 4 entries (the rest padded).
enum Lanes {
    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ lanes: Int, padding: Double) -> SIMD4<Double> {
        if lanes == 4 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self) }
        var v = SIMD4<Double>(repeating: padding)
        for l in 0..<lanes { v[l] = p[l] }
        return v
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Double>, _ lanes: Int, padding: Double) -> SIMD4<Double> {
        load(UnsafePointer(p), lanes, padding: padding)
    }

    @inline(__always)
    static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>, _ lanes: Int) {
        if lanes == 4 {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
            return
        }
        for l in 0..<lanes { p[l] = v[l] }
    }
}
