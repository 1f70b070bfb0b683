// MARK: - SIMD kernels over one row of pre-activations

/// The element-wise passes of the ReLU network over one row z of pre-activations, in SIMD4 lanes with
/// a scalar tail. Reductions keep four fixed accumulators combined in a fixed order, so results do not
/// depend on threads (only on the row length).
enum ReluKernels {
    typealias Lanes = SIMD4<Double>

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> Lanes { UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }

    /// max(v, 0) lane-wise (a select: the generic `pointwiseMax` is not inlined).
    @inline(__always)
    static func relu(_ v: Lanes) -> Lanes { v.replacing(with: 0, where: v .< Lanes()) }

    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// Σⱼ cⱼ·relu(zⱼ).
    @inline(__always)
    static func reluDot(_ c: UnsafePointer<Double>, _ z: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = Lanes()
        var s1 = Lanes()
        var s2 = Lanes()
        var s3 = Lanes()
        var j = 0
        while j + 16 <= count {
            s0.addProduct(load(c + j), relu(load(z + j)))
            s1.addProduct(load(c + j + 4), relu(load(z + j + 4)))
            s2.addProduct(load(c + j + 8), relu(load(z + j + 8)))
            s3.addProduct(load(c + j + 12), relu(load(z + j + 12)))
            j += 16
        }
        while j + 4 <= count {
            s0.addProduct(load(c + j), relu(load(z + j)))
            j += 4
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while j < count {
            sum += c[j] * max(z[j], 0)
            j += 1
        }
        return sum
    }

    /// sⱼ += w·relu(zⱼ) for j in `range`.
    @inline(__always)
    static func accumulateRelu(
        _ sum: UnsafeMutablePointer<Double>, _ z: UnsafePointer<Double>, weight w: Double,
        range: Range<Int>
    ) {
        let wv = Lanes(repeating: w)
        var j = range.lowerBound
        while j + 4 <= range.upperBound {
            var s = load(sum + j)
            s.addProduct(wv, relu(load(z + j)))
            store(s, sum + j)
            j += 4
        }
        while j < range.upperBound {
            sum[j] += w * max(z[j], 0)
            j += 1
        }
    }

    /// zⱼ ← (zⱼ > 0 ? w·cⱼ : 0) for j in `range`: the masked outer product of backpropagation.
    @inline(__always)
    static func maskInPlace(
        _ z: UnsafeMutablePointer<Double>, _ c: UnsafePointer<Double>, weight w: Double,
        range: Range<Int>
    ) {
        let zero = Lanes()
        let wv = Lanes(repeating: w)
        var j = range.lowerBound
        while j + 4 <= range.upperBound {
            let v = load(z + j)
            store((wv * load(c + j)).replacing(with: 0, where: v .<= zero), z + j)
            j += 4
        }
        while j < range.upperBound {
            z[j] = z[j] > 0 ? w * c[j] : 0
            j += 1
        }
    }

    /// Σⱼ [uⱼ·relu(zⱼ) + aⱼ·1[zⱼ > 0]·pⱼ]: one row of the Jacobian–vector product.
    @inline(__always)
    static func tangentDot(
        z: UnsafePointer<Double>, p: UnsafePointer<Double>?, u: UnsafePointer<Double>?,
        a: UnsafePointer<Double>, count: Int
    ) -> Double {
        var s0 = Lanes()
        var s1 = Lanes()
        let zero = Lanes()
        var j = 0
        while j + 4 <= count {
            let zv = load(z + j)
            if let u { s0.addProduct(load(u + j), relu(zv)) }
            if let p { s1.addProduct(load(a + j), load(p + j).replacing(with: 0, where: zv .<= zero)) }
            j += 4
        }
        var sum = (s0 + s1).sum()
        while j < count {
            if let u { sum += u[j] * max(z[j], 0) }
            if let p, z[j] > 0 { sum += a[j] * p[j] }
            j += 1
        }
        return sum
    }
}
