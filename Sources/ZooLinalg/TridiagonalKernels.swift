// MARK: - Row kernels for the Householder steps

/// SIMD row kernels shared by the tridiagonal reduction and the formation of Qᵀ.
///
/// Every kernel works on one contiguous row segment with a fixed summation order (four SIMD4
/// accumulators, combined the same way every time), so results do not depend on the thread split.
enum TridiagonalKernels {
    typealias Vector = SIMD4<Double>

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ value: Vector, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: value, as: Vector.self)
    }

    /// Σ x[j]·y[j] for j in 0..<count.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        var acc0 = Vector()
        var acc1 = Vector()
        var acc2 = Vector()
        var acc3 = Vector()
        var j = 0
        while j + 16 <= count {
            acc0 = acc0.addingProduct(load(x + j), load(y + j))
            acc1 = acc1.addingProduct(load(x + j + 4), load(y + j + 4))
            acc2 = acc2.addingProduct(load(x + j + 8), load(y + j + 8))
            acc3 = acc3.addingProduct(load(x + j + 12), load(y + j + 12))
            j += 16
        }
        while j + 4 <= count {
            acc0 = acc0.addingProduct(load(x + j), load(y + j))
            j += 4
        }
        var tail = 0.0
        while j < count {
            tail += x[j] * y[j]
            j += 1
        }
        return ((acc0 + acc1) + (acc2 + acc3)).sum() + tail
    }

    /// y[j] += a·x[j] for j in 0..<count, returning Σ x[j]·v[j] (one pass over x).
    @inline(__always)
    static func dotAndAxpy(
        _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ a: Double,
        _ y: UnsafeMutablePointer<Double>, count: Int
    ) -> Double {
        var acc0 = Vector()
        var acc1 = Vector()
        let scale = Vector(repeating: a)
        var j = 0
        while j + 8 <= count {
            let x0 = load(x + j)
            let x1 = load(x + j + 4)
            acc0 = acc0.addingProduct(x0, load(v + j))
            acc1 = acc1.addingProduct(x1, load(v + j + 4))
            store(load(y + j).addingProduct(scale, x0), y + j)
            store(load(y + j + 4).addingProduct(scale, x1), y + j + 4)
            j += 8
        }
        var tail = 0.0
        while j < count {
            tail += x[j] * v[j]
            y[j] = y[j].addingProduct(a, x[j])
            j += 1
        }
        return (acc0 + acc1).sum() + tail
    }

    /// The four-row form of `dotAndAxpy`: for rows x₀ … x₃ (common length `count`) returns their dot
    /// products with v and adds Σ_t a_t x_t into y, loading v and y once for all four rows.
    @inline(__always)
    static func dotAndAxpyFour(
        _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>,
        _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>,
        _ v: UnsafePointer<Double>, _ a: Vector,
        _ y: UnsafeMutablePointer<Double>, count: Int
    ) -> Vector {
        var acc0 = Vector()
        var acc1 = Vector()
        var acc2 = Vector()
        var acc3 = Vector()
        let a0 = Vector(repeating: a[0])
        let a1 = Vector(repeating: a[1])
        let a2 = Vector(repeating: a[2])
        let a3 = Vector(repeating: a[3])
        var j = 0
        while j + 4 <= count {
            let r0 = load(x0 + j)
            let r1 = load(x1 + j)
            let r2 = load(x2 + j)
            let r3 = load(x3 + j)
            let vj = load(v + j)
            acc0 = acc0.addingProduct(r0, vj)
            acc1 = acc1.addingProduct(r1, vj)
            acc2 = acc2.addingProduct(r2, vj)
            acc3 = acc3.addingProduct(r3, vj)
            var yj = load(y + j)
            yj = yj.addingProduct(a0, r0)
            yj = yj.addingProduct(a1, r1)
            yj = yj.addingProduct(a2, r2)
            yj = yj.addingProduct(a3, r3)
            store(yj, y + j)
            j += 4
        }
        var tail = Vector()
        while j < count {
            let r = Vector(x0[j], x1[j], x2[j], x3[j])
            tail = tail.addingProduct(r, Vector(repeating: v[j]))
            var yj = y[j]
            yj = yj.addingProduct(a[0], x0[j])
            yj = yj.addingProduct(a[1], x1[j])
            yj = yj.addingProduct(a[2], x2[j])
            yj = yj.addingProduct(a[3], x3[j])
            y[j] = yj
            j += 1
        }
        return Vector(acc0.sum(), acc1.sum(), acc2.sum(), acc3.sum()) + tail
    }

    /// Optionally row[j] −= v_i·w_j + w_i·v_j (the pending rank-2 update), then returns Σ row[j]·next[j],
    /// for j in from..<to.
    @inline(__always)
    static func updateAndDot(
        row: UnsafeMutablePointer<Double>, from: Int, to: Int, applyUpdate: Bool,
        reflectorEntry: Double, updateEntry: Double,
        reflector: UnsafePointer<Double>, update: UnsafePointer<Double>,
        next: UnsafePointer<Double>
    ) -> Double {
        var acc0 = Vector()
        var acc1 = Vector()
        var j = from
        if applyUpdate {
            let vi = Vector(repeating: reflectorEntry)
            let wi = Vector(repeating: updateEntry)
            while j + 8 <= to {
                var r0 = load(row + j)
                var r1 = load(row + j + 4)
                r0 = r0 - vi * load(update + j) - wi * load(reflector + j)
                r1 = r1 - vi * load(update + j + 4) - wi * load(reflector + j + 4)
                store(r0, row + j)
                store(r1, row + j + 4)
                acc0 = acc0.addingProduct(r0, load(next + j))
                acc1 = acc1.addingProduct(r1, load(next + j + 4))
                j += 8
            }
            var tail = 0.0
            while j < to {
                let r = row[j] - reflectorEntry * update[j] - updateEntry * reflector[j]
                row[j] = r
                tail += r * next[j]
                j += 1
            }
            return (acc0 + acc1).sum() + tail
        }
        while j + 8 <= to {
            acc0 = acc0.addingProduct(load(row + j), load(next + j))
            acc1 = acc1.addingProduct(load(row + j + 4), load(next + j + 4))
            j += 8
        }
        var tail = 0.0
        while j < to {
            tail += row[j] * next[j]
            j += 1
        }
        return (acc0 + acc1).sum() + tail
    }
}
