// The AVX2 + FMA GEMM micro-kernel: the fallback on x86-64 CPUs without AVX-512 (compiled with
// -march=x86-64-v3) and the kernel on other architectures (compiled with their defaults).
//
// Same rules as the AVX-512 module (raw pointers and SIMD only, `@inline(never)` kernels), so both
// modules are shaped alike.

@inline(__always)
private func load4(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func store4(_ value: SIMD4<Double>, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Double>.self)
}

/// Writes one row of the tile: `c[0..<8] = α·acc + β·c` (β = 0: C is not read).
@inline(__always)
private func storeRow(
    _ r0: SIMD4<Double>, _ r1: SIMD4<Double>,
    _ c: UnsafeMutablePointer<Double>, _ alpha: Double, _ beta: Double
) {
    let s0 = r0 * alpha
    let s1 = r1 * alpha
    if beta == 0 {
        store4(s0, c)
        store4(s1, c + 4)
    } else {
        store4(s0.addingProduct(load4(c), beta), c)
        store4(s1.addingProduct(load4(c + 4), beta), c + 4)
    }
}

/// The 6×8 micro-kernel: `C[6×8] = α · Ã·B̃ + β · C` over `depth` rank-1 updates, twelve ymm
/// accumulators.
///
/// Keep this source shape (statements written out, `for _ in 0..<depth`): small changes, such as
/// an `inout` helper per row or a `while` counter, made the compiler hoist the broadcasts and spill
/// accumulators to the stack inside the loop, which halved the speed (one Zen 5 core, panels in
/// L1: AVX-512 8×24 70 against 110 GFLOP/s, AVX2 6×8 26 against 55). After editing, check the inner
/// loop's disassembly for stack accesses.
///
/// `a` is a packed A micro-panel (6 entries per step of the inner dimension), `b` a packed B
/// micro-panel (8 entries per step). Every entry of C is the FMA chain `fma(a_p, b_p, …)` over p in
/// increasing order, then `α·acc (+ β·c)`, whichever tile or thread computes it.
@inline(never)
public func avx2GEMMMicroKernel(
    depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
) {
    var c00 = SIMD4<Double>()
    var c01 = SIMD4<Double>()
    var c10 = SIMD4<Double>()
    var c11 = SIMD4<Double>()
    var c20 = SIMD4<Double>()
    var c21 = SIMD4<Double>()
    var c30 = SIMD4<Double>()
    var c31 = SIMD4<Double>()
    var c40 = SIMD4<Double>()
    var c41 = SIMD4<Double>()
    var c50 = SIMD4<Double>()
    var c51 = SIMD4<Double>()
    var aPointer = a
    var bPointer = b
    for _ in 0..<depth {
        let b0 = load4(bPointer)
        let b1 = load4(bPointer + 4)
        let a0 = SIMD4<Double>(repeating: aPointer[0])
        c00 = c00.addingProduct(a0, b0)
        c01 = c01.addingProduct(a0, b1)
        let a1 = SIMD4<Double>(repeating: aPointer[1])
        c10 = c10.addingProduct(a1, b0)
        c11 = c11.addingProduct(a1, b1)
        let a2 = SIMD4<Double>(repeating: aPointer[2])
        c20 = c20.addingProduct(a2, b0)
        c21 = c21.addingProduct(a2, b1)
        let a3 = SIMD4<Double>(repeating: aPointer[3])
        c30 = c30.addingProduct(a3, b0)
        c31 = c31.addingProduct(a3, b1)
        let a4 = SIMD4<Double>(repeating: aPointer[4])
        c40 = c40.addingProduct(a4, b0)
        c41 = c41.addingProduct(a4, b1)
        let a5 = SIMD4<Double>(repeating: aPointer[5])
        c50 = c50.addingProduct(a5, b0)
        c51 = c51.addingProduct(a5, b1)
        aPointer += 6
        bPointer += 8
    }
    storeRow(c00, c01, c, alpha, beta)
    storeRow(c10, c11, c + 1 * ldc, alpha, beta)
    storeRow(c20, c21, c + 2 * ldc, alpha, beta)
    storeRow(c30, c31, c + 3 * ldc, alpha, beta)
    storeRow(c40, c41, c + 4 * ldc, alpha, beta)
    storeRow(c50, c51, c + 5 * ldc, alpha, beta)
}
