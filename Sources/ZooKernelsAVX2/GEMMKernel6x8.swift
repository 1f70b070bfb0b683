// The AVX2 + FMA GEMM micro-kernel: the fallback on x86-64 CPUs without AVX-512 (compiled with
// -march=x86-64-v3) and the kernel on other architectures (compiled with their defaults).
//
// Same rules as the AVX-512 module (raw pointers and SIMD only, `@inline(never)` kernels, `while`
// loops), so both modules are shaped alike and either can be checked by disassembly.

@inline(__always)
private func load4(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func store4(_ value: SIMD4<Double>, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Double>.self)
}

/// One row of the tile: `(r0, r1) += a · (b0, b1)`.
@inline(__always)
private func update(_ a: Double, _ b0: SIMD4<Double>, _ b1: SIMD4<Double>,
                    _ r0: inout SIMD4<Double>, _ r1: inout SIMD4<Double>) {
    let broadcast = SIMD4<Double>(repeating: a)
    r0 = r0.addingProduct(broadcast, b0)
    r1 = r1.addingProduct(broadcast, b1)
}

/// Writes one row of the tile: `c[0..<8] = α·acc + β·c` (β = 0: C is not read).
@inline(__always)
private func storeRow(_ r0: SIMD4<Double>, _ r1: SIMD4<Double>,
                      _ c: UnsafeMutablePointer<Double>, _ alpha: Double, _ beta: Double) {
    let s0 = r0 * alpha, s1 = r1 * alpha
    if beta == 0 {
        store4(s0, c); store4(s1, c + 4)
    } else {
        store4(s0.addingProduct(load4(c), beta), c)
        store4(s1.addingProduct(load4(c + 4), beta), c + 4)
    }
}

/// The 6×8 micro-kernel: `C[6×8] = α · Ã·B̃ + β · C` over `depth` rank-1 updates, twelve ymm
/// accumulators.
///
/// `a` is a packed A micro-panel (6 entries per step of the inner dimension), `b` a packed B
/// micro-panel (8 entries per step). Every entry of C is the FMA chain `fma(a_p, b_p, …)` over p in
/// increasing order, then `α·acc (+ β·c)`, whichever tile or thread computes it.
@inline(never)
public func avx2GEMMMicroKernel(
    depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
) {
    var c00 = SIMD4<Double>(), c01 = SIMD4<Double>()
    var c10 = SIMD4<Double>(), c11 = SIMD4<Double>()
    var c20 = SIMD4<Double>(), c21 = SIMD4<Double>()
    var c30 = SIMD4<Double>(), c31 = SIMD4<Double>()
    var c40 = SIMD4<Double>(), c41 = SIMD4<Double>()
    var c50 = SIMD4<Double>(), c51 = SIMD4<Double>()
    var aPointer = a, bPointer = b
    var step = 0
    while step < depth {
        let b0 = load4(bPointer), b1 = load4(bPointer + 4)
        update(aPointer[0], b0, b1, &c00, &c01)
        update(aPointer[1], b0, b1, &c10, &c11)
        update(aPointer[2], b0, b1, &c20, &c21)
        update(aPointer[3], b0, b1, &c30, &c31)
        update(aPointer[4], b0, b1, &c40, &c41)
        update(aPointer[5], b0, b1, &c50, &c51)
        aPointer += 6
        bPointer += 8
        step += 1
    }
    storeRow(c00, c01, c, alpha, beta)
    storeRow(c10, c11, c + ldc, alpha, beta)
    storeRow(c20, c21, c + 2 * ldc, alpha, beta)
    storeRow(c30, c31, c + 3 * ldc, alpha, beta)
    storeRow(c40, c41, c + 4 * ldc, alpha, beta)
    storeRow(c50, c51, c + 5 * ldc, alpha, beta)
}
