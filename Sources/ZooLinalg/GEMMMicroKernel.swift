import ZooAVX2

#if arch(x86_64)
    import ZooAVX512
#endif

// MARK: - Register and cache blocking, per instruction set

/// The GEMM micro-kernel of one instruction set with its register blocking (the micro-tile of C
/// held in registers) and cache blocking (Goto & van de Geijn; Van Zee & van de Geijn, BLIS).
///
/// A `depthBlock × columnBlock` block of op(B) is packed once and reused from L3 by all row blocks;
/// a `rowBlock × depthBlock` block of op(A) sits in L2 while B micro-panels (`depthBlock ×
/// tileColumns`) stay in L1 and the A micro-panels stream past them. `rowBlock` is a multiple of
/// `tileRows`, `columnBlock` of `tileColumns`. The blocking is fixed per instruction set, so each entry
/// of C gets the same arithmetic whatever block or thread computes it: the FMA chain over p within
/// each KC block, in increasing order, then `α·acc + β·C`. Only KC enters that arithmetic.
struct GEMMKernel: Sendable {
    let instructionSet: InstructionSet
    /// MR: rows of C per micro-tile (the height of a packed A micro-panel).
    let tileRows: Int
    /// NR: columns of C per micro-tile (the width of a packed B micro-panel).
    let tileColumns: Int
    /// KC: the inner-dimension block.
    let depthBlock: Int
    /// MC: rows of op(A) packed together.
    let rowBlock: Int
    /// NC: columns of op(B) packed together.
    let columnBlock: Int

    /// Entries of one micro-tile.
    var tileCount: Int { tileRows * tileColumns }

    /// 6×8 tiles of `SIMD4<Double>` (12 ymm accumulators; the shape `avx2GEMMMicroKernel` computes),
    /// tuned on a Zen 3 (32 KiB L1d, 512 KiB L2). KC = 256: a B micro-panel is 16 KiB of L1; MC = 96:
    /// 192 KiB of A in L2; NC = 2048: 4 MiB of B in L3.
    static let avx2 = GEMMKernel(
        instructionSet: .avx2, tileRows: 6, tileColumns: 8,
        depthBlock: 256, rowBlock: 96, columnBlock: 2048)
    /// 8×24 tiles of `SIMD8<Double>` (24 zmm accumulators; the shape `avx512GEMMMicroKernel`
    /// computes), for Zen 4/5-class caches (48 KiB L1d, 1 MiB L2). MC = 144: 288 KiB of A in L2;
    /// NC = 2016: 4 MiB of B in L3. KC = 256 (a 48 KiB B micro-panel, streamed from L2 as much as
    /// held in L1) measured 5–10% faster on a Zen 5 than 128 or 192 and no slower than 320–512.
    /// It is also the AVX2 kernel's KC, and tile shape, MC and NC do not change any entry's
    /// arithmetic, so both instruction sets give bit-identical products (checked by the tests).
    static let avx512 = GEMMKernel(
        instructionSet: .avx512, tileRows: 8, tileColumns: 24,
        depthBlock: 256, rowBlock: 144, columnBlock: 2016)

    /// The kernel of the instruction set in force on the calling thread.
    static var current: GEMMKernel { kernel(for: InstructionSet.current) }

    static func kernel(for instructionSet: InstructionSet) -> GEMMKernel {
        instructionSet == .avx512 ? .avx512 : .avx2
    }

    /// `C[tile] = α · Ã·B̃ + β · C` on one full micro-tile (β = 0: C is not read).
    @inline(__always)
    func multiplyTile(
        depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int, alpha: Double, beta: Double
    ) {
        #if arch(x86_64)
            if instructionSet == .avx512 {
                avx512GEMMMicroKernel(depth: depth, a: a, b: b, c: c, ldc: ldc, alpha: alpha, beta: beta)
                return
            }
        #endif
        avx2GEMMMicroKernel(depth: depth, a: a, b: b, c: c, ldc: ldc, alpha: alpha, beta: beta)
    }
}

/// Loads four doubles from any address (no alignment required).
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
}

/// Stores four doubles to any address (no alignment required).
@inline(__always)
func storeVector(_ value: SIMD4<Double>, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Double>.self)
}

// MARK: - Partial tiles

/// A micro-tile of which only part is written: the `rows × columns` top-left corner, and with
/// `lowerShift` set only entries with `i + lowerShift ≥ j` (the lower triangle of a diagonal block).
///
/// The full kernel runs on the local tile `scratch` (`kernel.tileCount` doubles; padding in the
/// packed panels is zero), so every written entry gets exactly the arithmetic of a full tile.
func gemmPartialTile(
    _ kernel: GEMMKernel, depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, columns: Int,
    alpha: Double, beta: Double, lowerShift: Int?, scratch tile: UnsafeMutablePointer<Double>
) {
    let width = kernel.tileColumns
    tile.initialize(repeating: 0, count: kernel.tileCount)
    if beta != 0 {
        for i in 0..<rows {
            for j in 0..<columns { tile[i * width + j] = c[i * ldc + j] }
        }
    }
    kernel.multiplyTile(depth: depth, a: a, b: b, c: tile, ldc: width, alpha: alpha, beta: beta)
    for i in 0..<rows {
        let lastColumn = lowerShift.map { min(columns, i + $0 + 1) } ?? columns
        for j in 0..<max(0, lastColumn) { c[i * ldc + j] = tile[i * width + j] }
    }
}
