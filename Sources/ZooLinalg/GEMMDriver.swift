import Foundation

// MARK: - Cache blocking

/// Cache blocking of the BLIS-style loop nest (Goto & van de Geijn; Van Zee & van de Geijn, BLIS).
///
/// A `depthBlock × columnBlock` block of op(B) is packed once and reused from L3 by all row blocks;
/// a `rowBlock × depthBlock` block of op(A) sits in L2 while B micro-panels (`depthBlock × 8`)
/// stream through L1. `rowBlock` is a multiple of `MicroTile.rows`, `columnBlock` of `MicroTile.columns`.
enum GEMMBlocking {
    /// KC: the inner-dimension block (one packed B micro-panel is 8·KC doubles, 16 KiB in L1).
    static let depthBlock = 256
    /// MC: rows of op(A) packed together (MC·KC doubles, 192 KiB in the 512 KiB L2).
    static let rowBlock = 96
    /// NC: columns of op(B) packed together (KC·NC doubles, 4 MiB in L3).
    static let columnBlock = 2048
}

/// Per-thread packing buffers for one loop nest, 64-byte aligned, taken from `GEMMWorkspacePool`
/// and handed back when the loop nest ends.
struct GEMMWorkspace: ~Copyable {
    let packedA: UnsafeMutablePointer<Double>
    let packedB: UnsafeMutablePointer<Double>
    /// Where the early loads of C tiles are stored, so the compiler keeps them.
    let sink: UnsafeMutablePointer<Double>
    private let storage: GEMMWorkspacePool.Buffer

    /// Buffers for an m×n×k product: no larger than the blocks it needs, so small products do not pay
    /// for (and page-fault through) full-size buffers.
    init(rows: Int, columns: Int, depth: Int) {
        let rowCapacity = min(GEMMBlocking.rowBlock, roundUp(max(rows, 1), to: MicroTile.rows))
        let columnCapacity = min(GEMMBlocking.columnBlock, roundUp(max(columns, 1), to: MicroTile.columns))
        let depthCapacity = min(GEMMBlocking.depthBlock, max(depth, 1))
        // One allocation: packed A, then packed B, then the sink, each starting on a 64-byte line.
        let aCount = roundUp(rowCapacity * depthCapacity, to: 8)
        let bCount = roundUp(depthCapacity * columnCapacity, to: 8)
        storage = GEMMWorkspacePool.shared.take(doubles: aCount + bCount + 8)
        packedA = storage.base
        packedB = storage.base + aCount
        sink = storage.base + aCount + bCount
    }

    deinit { GEMMWorkspacePool.shared.giveBack(storage) }
}

/// A small process-wide pool of packing buffers, so that repeated products reuse warm, already
/// mapped memory instead of allocating (and page-faulting through) fresh buffers on every call.
///
/// At most `capacity` buffers are kept; a buffer is handed to one thread at a time.
final class GEMMWorkspacePool: @unchecked Sendable {
    /// One 64-byte aligned allocation of `count` doubles.
    struct Buffer: @unchecked Sendable {
        let base: UnsafeMutablePointer<Double>
        let count: Int
    }

    static let shared = GEMMWorkspacePool()
    /// Buffers kept for reuse (one per thread is typical; a few spare for nested or concurrent calls).
    static let capacity = 4

    private let lock = NSLock()
    private var free: [Buffer] = []

    /// A buffer of at least `doubles` entries: the smallest free one that fits, or a new allocation.
    func take(doubles: Int) -> Buffer {
        lock.lock()
        var best: Int? = nil
        for (index, buffer) in free.enumerated() where buffer.count >= doubles {
            if best == nil || buffer.count < free[best!].count { best = index }
        }
        let reused = best.map { free.remove(at: $0) }
        lock.unlock()
        if let reused { return reused }
        let base = UnsafeMutableRawPointer.allocate(byteCount: doubles * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: doubles)
        return Buffer(base: base, count: doubles)
    }

    /// Returns `buffer` to the pool; when the pool is full the smallest buffer is freed instead.
    func giveBack(_ buffer: Buffer) {
        lock.lock()
        free.append(buffer)
        var evicted: Buffer? = nil
        if free.count > Self.capacity, let smallest = free.indices.min(by: { free[$0].count < free[$1].count }) {
            evicted = free.remove(at: smallest)
        }
        lock.unlock()
        evicted?.base.deallocate()
    }
}

/// The smallest multiple of `step` that is at least `value`.
@inline(__always)
func roundUp(_ value: Int, to step: Int) -> Int { (value + step - 1) / step * step }

// MARK: - Serial loop nest

/// `C = α·op(A)·op(B) + β·C` for one block of C, on the calling thread.
///
/// `a` points at row 0 of op(A) (m×k), `b` at column 0 of op(B) (k×n), `c` at the block (m×n).
/// With `lowerShift` set, only entries with `i + lowerShift ≥ j` are computed and written (the lower
/// triangle of C when the block starts `lowerShift` rows below the diagonal); tiles entirely above it
/// are skipped. The inner dimension is never split across threads, and blocking in k is fixed, so each
/// entry of C is computed the same way whatever block or thread it falls in.
func gemmSerial(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, lowerShift: Int? = nil
) {
    guard m > 0, n > 0 else { return }
    if k == 0 || alpha == 0 {
        scaleBlock(m: m, n: n, beta: beta, c: c, ldc: ldc, lowerShift: lowerShift)
        return
    }
    let workspace = GEMMWorkspace(rows: m, columns: n, depth: k)
    for columnStart in stride(from: 0, to: n, by: GEMMBlocking.columnBlock) {
        let columnCount = min(GEMMBlocking.columnBlock, n - columnStart)
        for depthStart in stride(from: 0, to: k, by: GEMMBlocking.depthBlock) {
            let depth = min(GEMMBlocking.depthBlock, k - depthStart)
            let blockBeta = depthStart == 0 ? beta : 1
            packPanelsOfB(transB, b: b, ldb: ldb, depthStart: depthStart, depth: depth,
                          columnStart: columnStart, columnCount: columnCount, into: workspace.packedB)
            for rowStart in stride(from: 0, to: m, by: GEMMBlocking.rowBlock) {
                let rowCount = min(GEMMBlocking.rowBlock, m - rowStart)
                if let shift = lowerShift, rowStart + rowCount - 1 + shift < columnStart { continue }
                packPanelsOfA(transA, a: a, lda: lda, rowStart: rowStart, rowCount: rowCount,
                              depthStart: depthStart, depth: depth, into: workspace.packedA)
                gemmMacroKernel(
                    depth: depth, packedA: workspace.packedA, packedB: workspace.packedB,
                    prefetchSink: workspace.sink,
                    rowStart: rowStart, rowCount: rowCount, columnStart: columnStart, columnCount: columnCount,
                    alpha: alpha, beta: blockBeta, c: c, ldc: ldc, lowerShift: lowerShift)
            }
        }
    }
}

/// Runs the micro-kernel over every tile of one packed (row block × column block) pair.
@inline(__always)
private func gemmMacroKernel(
    depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>, prefetchSink: UnsafeMutablePointer<Double>,
    rowStart: Int, rowCount: Int, columnStart: Int, columnCount: Int,
    alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, lowerShift: Int?
) {
    for tileColumn in stride(from: 0, to: columnCount, by: MicroTile.columns) {
        let columnsHere = min(MicroTile.columns, columnCount - tileColumn)
        let column = columnStart + tileColumn
        let panelOfB = packedB + tileColumn * depth
        for tileRow in stride(from: 0, to: rowCount, by: MicroTile.rows) {
            let rowsHere = min(MicroTile.rows, rowCount - tileRow)
            let row = rowStart + tileRow
            var tileShift: Int? = nil
            if let shift = lowerShift {
                if row + rowsHere - 1 + shift < column { continue }  // entirely above the diagonal
                if row + shift < column + columnsHere - 1 { tileShift = row + shift - column }
            }
            let panelOfA = packedA + tileRow * depth
            let target = c + row * ldc + column
            // Touch the six C rows of this tile early (a software prefetch through ordinary loads):
            // C usually lives in L3 or memory, and the kernel would otherwise wait for it (to read
            // it, or to own the lines it writes) at the end.
            var touched = 0.0
            for r in 0..<rowsHere { touched += target[r * ldc] }
            prefetchSink.pointee = touched
            if rowsHere == MicroTile.rows && columnsHere == MicroTile.columns && tileShift == nil {
                gemmMicroKernel(depth: depth, a: panelOfA, b: panelOfB, c: target, ldc: ldc,
                                alpha: alpha, beta: beta)
            } else {
                gemmPartialTile(depth: depth, a: panelOfA, b: panelOfB, c: target, ldc: ldc,
                                rows: rowsHere, columns: columnsHere, alpha: alpha, beta: beta,
                                lowerShift: tileShift)
            }
        }
    }
}

/// `C = β·C` on a block (β = 0 writes zeros without reading), restricted like `gemmSerial`.
func scaleBlock(m: Int, n: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, lowerShift: Int?) {
    for i in 0..<m {
        let end = lowerShift.map { min(n, max(0, i + $0 + 1)) } ?? n
        let row = c + i * ldc
        if beta == 0 {
            for j in 0..<end { row[j] = 0 }
        } else if beta != 1 {
            for j in 0..<end { row[j] *= beta }
        }
    }
}
