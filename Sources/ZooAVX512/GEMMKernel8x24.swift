// The AVX-512 GEMM micro-kernel (compiled with -march=x86-64-v4; called only after the run-time
// check in ZooLinalg's `InstructionSet` found AVX-512 and OS support for the zmm state).
//
// Rules for this module, so that no zmm or opmask instruction can run on an AVX2-only CPU: raw
// pointers and SIMD values only; no generics, arrays, closures, strings or other stdlib types
// whose specialisations the compiler would emit here as weak symbols (the linker may keep this
// module's copy and hand it to baseline code); kernels `@inline(never)` and not `@inlinable`.
// `DisassemblyTests` (ZooLinalgTests) checks the linked binary.
#if arch(x86_64)

    @inline(__always)
    private func load8(_ pointer: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    private func store8(_ value: SIMD8<Double>, _ pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Double>.self)
    }

    /// Writes one row of the tile: `c[0..<24] = α·acc + β·c` (β = 0: C is not read).
    @inline(__always)
    private func storeRow(
        _ r0: SIMD8<Double>, _ r1: SIMD8<Double>, _ r2: SIMD8<Double>,
        _ c: UnsafeMutablePointer<Double>, _ alpha: Double, _ beta: Double
    ) {
        let s0 = r0 * alpha
        let s1 = r1 * alpha
        let s2 = r2 * alpha
        if beta == 0 {
            store8(s0, c)
            store8(s1, c + 8)
            store8(s2, c + 16)
        } else {
            store8(s0.addingProduct(load8(c), beta), c)
            store8(s1.addingProduct(load8(c + 8), beta), c + 8)
            store8(s2.addingProduct(load8(c + 16), beta), c + 16)
        }
    }

    /// The 8×24 micro-kernel: `C[8×24] = α · Ã·B̃ + β · C` over `depth` rank-1 updates, 24 zmm
    /// accumulators.
    ///
    /// Keep this source shape (statements written out, `for _ in 0..<depth`): small changes, such as
    /// an `inout` helper per row or a `while` counter, made the compiler hoist the broadcasts and spill
    /// accumulators to the stack inside the loop, which halved the speed (one Zen 5 core, panels in
    /// L1: AVX-512 8×24 70 against 110 GFLOP/s, AVX2 6×8 26 against 55). After editing, check the inner
    /// loop's disassembly for stack accesses.
    ///
    /// `a` is a packed A micro-panel (8 entries per step of the inner dimension), `b` a packed B
    /// micro-panel (24 entries per step). Every entry of C is the FMA chain `fma(a_p, b_p, …)` over p in
    /// increasing order, then `α·acc (+ β·c)`, whichever tile or thread computes it.
    @inline(never)
    public func avx512GEMMMicroKernel(
        depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        var c00 = SIMD8<Double>()
        var c01 = SIMD8<Double>()
        var c02 = SIMD8<Double>()
        var c10 = SIMD8<Double>()
        var c11 = SIMD8<Double>()
        var c12 = SIMD8<Double>()
        var c20 = SIMD8<Double>()
        var c21 = SIMD8<Double>()
        var c22 = SIMD8<Double>()
        var c30 = SIMD8<Double>()
        var c31 = SIMD8<Double>()
        var c32 = SIMD8<Double>()
        var c40 = SIMD8<Double>()
        var c41 = SIMD8<Double>()
        var c42 = SIMD8<Double>()
        var c50 = SIMD8<Double>()
        var c51 = SIMD8<Double>()
        var c52 = SIMD8<Double>()
        var c60 = SIMD8<Double>()
        var c61 = SIMD8<Double>()
        var c62 = SIMD8<Double>()
        var c70 = SIMD8<Double>()
        var c71 = SIMD8<Double>()
        var c72 = SIMD8<Double>()
        var aPointer = a
        var bPointer = b
        for _ in 0..<depth {
            let b0 = load8(bPointer)
            let b1 = load8(bPointer + 8)
            let b2 = load8(bPointer + 16)
            let a0 = SIMD8<Double>(repeating: aPointer[0])
            c00 = c00.addingProduct(a0, b0)
            c01 = c01.addingProduct(a0, b1)
            c02 = c02.addingProduct(a0, b2)
            let a1 = SIMD8<Double>(repeating: aPointer[1])
            c10 = c10.addingProduct(a1, b0)
            c11 = c11.addingProduct(a1, b1)
            c12 = c12.addingProduct(a1, b2)
            let a2 = SIMD8<Double>(repeating: aPointer[2])
            c20 = c20.addingProduct(a2, b0)
            c21 = c21.addingProduct(a2, b1)
            c22 = c22.addingProduct(a2, b2)
            let a3 = SIMD8<Double>(repeating: aPointer[3])
            c30 = c30.addingProduct(a3, b0)
            c31 = c31.addingProduct(a3, b1)
            c32 = c32.addingProduct(a3, b2)
            let a4 = SIMD8<Double>(repeating: aPointer[4])
            c40 = c40.addingProduct(a4, b0)
            c41 = c41.addingProduct(a4, b1)
            c42 = c42.addingProduct(a4, b2)
            let a5 = SIMD8<Double>(repeating: aPointer[5])
            c50 = c50.addingProduct(a5, b0)
            c51 = c51.addingProduct(a5, b1)
            c52 = c52.addingProduct(a5, b2)
            let a6 = SIMD8<Double>(repeating: aPointer[6])
            c60 = c60.addingProduct(a6, b0)
            c61 = c61.addingProduct(a6, b1)
            c62 = c62.addingProduct(a6, b2)
            let a7 = SIMD8<Double>(repeating: aPointer[7])
            c70 = c70.addingProduct(a7, b0)
            c71 = c71.addingProduct(a7, b1)
            c72 = c72.addingProduct(a7, b2)
            aPointer += 8
            bPointer += 24
        }
        storeRow(c00, c01, c02, c, alpha, beta)
        storeRow(c10, c11, c12, c + 1 * ldc, alpha, beta)
        storeRow(c20, c21, c22, c + 2 * ldc, alpha, beta)
        storeRow(c30, c31, c32, c + 3 * ldc, alpha, beta)
        storeRow(c40, c41, c42, c + 4 * ldc, alpha, beta)
        storeRow(c50, c51, c52, c + 5 * ldc, alpha, beta)
        storeRow(c60, c61, c62, c + 6 * ldc, alpha, beta)
        storeRow(c70, c71, c72, c + 7 * ldc, alpha, beta)
    }

#endif
