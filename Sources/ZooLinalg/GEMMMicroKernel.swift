// MARK: - Register-level micro-kernel

/// Register blocking of the GEMM micro-kernel: a `microRows × microColumns` tile of C lives in
/// twelve `SIMD4<Double>` registers while the packed panels stream through.
enum MicroTile {
    /// Rows of C per micro-tile (the height of a packed A micro-panel).
    static let rows = 6
    /// Columns of C per micro-tile (the width of a packed B micro-panel).
    static let columns = 8
    /// Entries of one micro-tile.
    static let count = rows * columns
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

/// Updates one row of a micro-tile: `c[0..<8] = α·acc + β·c` (β = 0: C is not read).
@inline(__always)
func storeTileRow(
    _ low: SIMD4<Double>, _ high: SIMD4<Double>, _ c: UnsafeMutablePointer<Double>, alpha: Double, beta: Double
) {
    let scaledLow = low * alpha, scaledHigh = high * alpha
    if beta == 0 {
        storeVector(scaledLow, c)
        storeVector(scaledHigh, c + 4)
    } else {
        storeVector(scaledLow.addingProduct(loadVector(c), beta), c)
        storeVector(scaledHigh.addingProduct(loadVector(c + 4), beta), c + 4)
    }
}

/// The 6×8 micro-kernel: `C[6×8] = α · Ã·B̃ + β · C` over `depth` rank-1 updates.
///
/// `a` is a packed A micro-panel (6 entries per step of the inner dimension, column after column) and
/// `b` a packed B micro-panel (8 entries per step, row after row). Each step broadcasts six entries of
/// A and performs twelve fused multiply-adds into the accumulators. Every entry of C is the FMA chain
/// `fma(a_p, b_p, …)` over p in increasing order, whichever tile or thread computes it.
@inline(never)
func gemmMicroKernel(
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
    for _ in 0..<depth {
        let b0 = loadVector(bPointer), b1 = loadVector(bPointer + 4)
        let a0 = SIMD4<Double>(repeating: aPointer[0])
        c00 = c00.addingProduct(a0, b0); c01 = c01.addingProduct(a0, b1)
        let a1 = SIMD4<Double>(repeating: aPointer[1])
        c10 = c10.addingProduct(a1, b0); c11 = c11.addingProduct(a1, b1)
        let a2 = SIMD4<Double>(repeating: aPointer[2])
        c20 = c20.addingProduct(a2, b0); c21 = c21.addingProduct(a2, b1)
        let a3 = SIMD4<Double>(repeating: aPointer[3])
        c30 = c30.addingProduct(a3, b0); c31 = c31.addingProduct(a3, b1)
        let a4 = SIMD4<Double>(repeating: aPointer[4])
        c40 = c40.addingProduct(a4, b0); c41 = c41.addingProduct(a4, b1)
        let a5 = SIMD4<Double>(repeating: aPointer[5])
        c50 = c50.addingProduct(a5, b0); c51 = c51.addingProduct(a5, b1)
        aPointer += MicroTile.rows
        bPointer += MicroTile.columns
    }
    storeTileRow(c00, c01, c, alpha: alpha, beta: beta)
    storeTileRow(c10, c11, c + ldc, alpha: alpha, beta: beta)
    storeTileRow(c20, c21, c + 2 * ldc, alpha: alpha, beta: beta)
    storeTileRow(c30, c31, c + 3 * ldc, alpha: alpha, beta: beta)
    storeTileRow(c40, c41, c + 4 * ldc, alpha: alpha, beta: beta)
    storeTileRow(c50, c51, c + 5 * ldc, alpha: alpha, beta: beta)
}

// MARK: - Partial tiles

/// A micro-tile of which only part is written: the `rows × columns` top-left corner, and with
/// `lowerShift` set only entries with `i + lowerShift ≥ j` (the lower triangle of a diagonal block).
///
/// The full kernel runs on a local 6×8 tile (padding in the packed panels is zero), so every written
/// entry gets exactly the arithmetic of a full tile.
func gemmPartialTile(
    depth: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, columns: Int,
    alpha: Double, beta: Double, lowerShift: Int?
) {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: MicroTile.count) { tileBuffer in
        let tile = tileBuffer.baseAddress!
        tile.initialize(repeating: 0, count: MicroTile.count)
        if beta != 0 {
            for i in 0..<rows {
                for j in 0..<columns { tile[i * MicroTile.columns + j] = c[i * ldc + j] }
            }
        }
        gemmMicroKernel(depth: depth, a: a, b: b, c: tile, ldc: MicroTile.columns, alpha: alpha, beta: beta)
        for i in 0..<rows {
            let lastColumn = lowerShift.map { min(columns, i + $0 + 1) } ?? columns
            for j in 0..<max(0, lastColumn) { c[i * ldc + j] = tile[i * MicroTile.columns + j] }
        }
    }
}
