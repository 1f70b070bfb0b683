// MARK: - Vector operations

/// The small vector helpers every module needs (dot products, norms, axpy), written once.
///
/// Each is a plain sequential loop (no reduction split across threads), so results are bit-identical
/// for every thread count. Hot paths over matrices use GEMM/GEMV instead.
public enum Vectors {
    /// xᵀy.
    @inlinable
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
        var sum = 0.0
        for i in x.indices { sum += x[i] * y[i] }
        return sum
    }

    /// ‖x‖₂² = xᵀx.
    @inlinable
    public static func squaredNorm(_ x: [Double]) -> Double {
        var sum = 0.0
        for value in x { sum += value * value }
        return sum
    }

    /// ‖x‖₂, computed with scaling so that entries near the overflow or underflow limits are safe
    /// (as LAPACK's `dnrm2`): ‖x‖ = s·‖x/s‖ with s = max |xᵢ|.
    @inlinable
    public static func norm2(_ x: [Double]) -> Double {
        let scale = normInf(x)
        guard scale > 0, scale.isFinite else { return scale }
        if scale > 1e-150 && scale < 1e150 { return squaredNorm(x).squareRoot() }
        var sum = 0.0
        for value in x {
            let r = value / scale
            sum += r * r
        }
        return scale * sum.squareRoot()
    }

    /// ‖x‖₁ = Σ|xᵢ|.
    @inlinable
    public static func norm1(_ x: [Double]) -> Double {
        var sum = 0.0
        for value in x { sum += abs(value) }
        return sum
    }

    /// ‖x‖_∞ = max |xᵢ| (0 for an empty vector).
    @inlinable
    public static func normInf(_ x: [Double]) -> Double {
        var largest = 0.0
        for value in x { largest = max(largest, abs(value)) }
        return largest
    }

    /// y ← αx + y.
    @inlinable
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        precondition(x.count == y.count, "axpy: lengths \(x.count) and \(y.count) differ")
        for i in x.indices { y[i] += alpha * x[i] }
    }

    /// x − y.
    @inlinable
    public static func difference(_ x: [Double], _ y: [Double]) -> [Double] {
        precondition(x.count == y.count, "difference: lengths \(x.count) and \(y.count) differ")
        return x.indices.map { x[$0] - y[$0] }
    }

    /// αx.
    @inlinable
    public static func scaled(_ x: [Double], by alpha: Double) -> [Double] { x.map { alpha * $0 } }
}
