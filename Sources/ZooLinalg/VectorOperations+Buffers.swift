// MARK: - Vector helpers on buffers

/// The norms of `Vectors` on a contiguous buffer (a matrix row, say), without copying it into an
/// array. Same sequential loops, so the same bits as the array versions.
extension Vectors {
    /// ‖x‖₂² = xᵀx.
    @inlinable
    public static func squaredNorm(_ x: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for value in x { sum += value * value }
        return sum
    }

    /// ‖x‖₂ with the same overflow-safe scaling as `norm2(_: [Double])`.
    @inlinable
    public static func norm2(_ x: UnsafeBufferPointer<Double>) -> Double {
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
    public static func norm1(_ x: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for value in x { sum += abs(value) }
        return sum
    }

    /// ‖x‖_∞ = max |xᵢ| (0 for an empty buffer).
    @inlinable
    public static func normInf(_ x: UnsafeBufferPointer<Double>) -> Double {
        var largest = 0.0
        for value in x { largest = max(largest, abs(value)) }
        return largest
    }
}
