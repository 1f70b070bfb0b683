// MARK: - Rotation-sweep kernels

/// Applies recorded QL sweeps to a narrow column chunk of Vᵀ (row-major, row stride `stride`).
///
/// For each sweep the running row ("carry") starts as row `last`; rotation i (descending) reads row
/// i, writes the finished row i+1 = s·row_i + c·carry and keeps carry = c·row_i − s·carry; the final
/// carry is row `first`. See `TridiagonalRotationLog`.
enum TridiagonalRotationKernels {
    typealias Vector = SIMD4<Double>
    typealias Sweep = TridiagonalRotationLog.Sweep

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Double>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: Vector.self)
    }

    /// Sixteen columns: four SIMD4 carries.
    static func applySixteen(_ chunk: UnsafeMutablePointer<Double>, stride: Int,
                             sweeps: UnsafeBufferPointer<Sweep>, rotations: UnsafePointer<Double>) {
        for sweep in sweeps {
            var row = chunk + sweep.last * stride
            var carry0 = load(row), carry1 = load(row + 4), carry2 = load(row + 8), carry3 = load(row + 12)
            var rotation = rotations + 2 * sweep.offset
            for _ in 0..<(sweep.last - sweep.first) {
                let c = Vector(repeating: rotation[0]), s = Vector(repeating: rotation[1])
                rotation += 2
                let below = row
                row -= stride
                let x0 = load(row), x1 = load(row + 4), x2 = load(row + 8), x3 = load(row + 12)
                store((s * x0).addingProduct(c, carry0), below)
                store((s * x1).addingProduct(c, carry1), below + 4)
                store((s * x2).addingProduct(c, carry2), below + 8)
                store((s * x3).addingProduct(c, carry3), below + 12)
                carry0 = (c * x0).addingProduct(-s, carry0)
                carry1 = (c * x1).addingProduct(-s, carry1)
                carry2 = (c * x2).addingProduct(-s, carry2)
                carry3 = (c * x3).addingProduct(-s, carry3)
            }
            store(carry0, row); store(carry1, row + 4); store(carry2, row + 8); store(carry3, row + 12)
        }
    }

    /// Four columns: one SIMD4 carry (same arithmetic per column as `applySixteen`).
    static func applyFour(_ chunk: UnsafeMutablePointer<Double>, stride: Int,
                          sweeps: UnsafeBufferPointer<Sweep>, rotations: UnsafePointer<Double>) {
        for sweep in sweeps {
            var row = chunk + sweep.last * stride
            var carry = load(row)
            var rotation = rotations + 2 * sweep.offset
            for _ in 0..<(sweep.last - sweep.first) {
                let c = Vector(repeating: rotation[0]), s = Vector(repeating: rotation[1])
                rotation += 2
                let below = row
                row -= stride
                let x = load(row)
                store((s * x).addingProduct(c, carry), below)
                carry = (c * x).addingProduct(-s, carry)
            }
            store(carry, row)
        }
    }

    /// One column (same arithmetic as the SIMD kernels, lane by lane).
    static func applyOne(_ chunk: UnsafeMutablePointer<Double>, stride: Int,
                         sweeps: UnsafeBufferPointer<Sweep>, rotations: UnsafePointer<Double>) {
        for sweep in sweeps {
            var row = chunk + sweep.last * stride
            var carry = row[0]
            var rotation = rotations + 2 * sweep.offset
            for _ in 0..<(sweep.last - sweep.first) {
                let c = rotation[0], s = rotation[1]
                rotation += 2
                let below = row
                row -= stride
                let x = row[0]
                below[0] = (s * x).addingProduct(c, carry)
                carry = (c * x).addingProduct(-s, carry)
            }
            row[0] = carry
        }
    }
}
