import Foundation

// MARK: - Workspace

/// Per-thread packing buffers for one loop nest, 64-byte aligned, taken from `GEMMWorkspacePool`
/// and handed back when the loop nest ends.
struct GEMMWorkspace: ~Copyable {
    let packedA: UnsafeMutablePointer<Double>
    let packedB: UnsafeMutablePointer<Double>
    /// One micro-tile of C, for tiles at the edges of C.
    let tile: UnsafeMutablePointer<Double>
    private let storage: GEMMWorkspacePool.Buffer

    /// Buffers for an m×n×k product whose column blocks are at most `columns` wide: no larger than the
    /// blocks it needs, so small products do not pay for (and page-fault through) full-size buffers.
    init(_ kernel: GEMMKernel, rows: Int, columns: Int, depth: Int) {
        let rowCapacity = min(kernel.rowBlock, roundUp(max(rows, 1), to: kernel.tileRows))
        let columnCapacity = roundUp(max(columns, 1), to: kernel.tileColumns)
        let depthCapacity = min(kernel.depthBlock, max(depth, 1))
        // One allocation: packed A, then packed B, then the edge tile, each starting on a 64-byte line.
        let aCount = roundUp(rowCapacity * depthCapacity, to: 8)
        let bCount = roundUp(depthCapacity * columnCapacity, to: 8)
        storage = GEMMWorkspacePool.shared.take(doubles: aCount + bCount + roundUp(kernel.tileCount, to: 8))
        packedA = storage.base
        packedB = storage.base + aCount
        tile = storage.base + aCount + bCount
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
/// entry of C is computed the same way whatever block or thread it falls in. `kernel` is resolved by
/// the caller on its own thread (`GEMMKernel.current`), since worker threads do not see the task's
/// instruction-set override.
func gemmSerial(
    _ kernel: GEMMKernel, _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, lowerShift: Int? = nil
) {
    guard m > 0, n > 0 else { return }
    if k == 0 || alpha == 0 {
        scaleBlock(m: m, n: n, beta: beta, c: c, ldc: ldc, lowerShift: lowerShift)
        return
    }
    // Column blocks of (nearly) equal width, at most NC rounded up to whole tiles: a thin last block
    // (4096 = 2016 + 2016 + 64) would repack all of op(A) for a few columns. Only KC enters the
    // arithmetic of an entry, so the block widths do not change any result.
    let columnBlocks = (n + kernel.columnBlock - 1) / kernel.columnBlock
    let columnBlock = roundUp((n + columnBlocks - 1) / columnBlocks, to: kernel.tileColumns)
    let workspace = GEMMWorkspace(kernel, rows: m, columns: min(n, columnBlock), depth: k)
    for columnStart in stride(from: 0, to: n, by: columnBlock) {
        let columnCount = min(columnBlock, n - columnStart)
        for depthStart in stride(from: 0, to: k, by: kernel.depthBlock) {
            let depth = min(kernel.depthBlock, k - depthStart)
            let blockBeta = depthStart == 0 ? beta : 1
            packPanelsOfB(
                transB, b: b, ldb: ldb, depthStart: depthStart, depth: depth,
                columnStart: columnStart, columnCount: columnCount,
                panelColumns: kernel.tileColumns, into: workspace.packedB)
            for rowStart in stride(from: 0, to: m, by: kernel.rowBlock) {
                let rowCount = min(kernel.rowBlock, m - rowStart)
                if let shift = lowerShift, rowStart + rowCount - 1 + shift < columnStart { continue }
                packPanelsOfA(
                    transA, a: a, lda: lda, rowStart: rowStart, rowCount: rowCount,
                    depthStart: depthStart, depth: depth, panelRows: kernel.tileRows,
                    into: workspace.packedA)
                gemmMacroKernel(
                    kernel, depth: depth, packedA: workspace.packedA, packedB: workspace.packedB,
                    edgeTile: workspace.tile,
                    rowStart: rowStart, rowCount: rowCount, columnStart: columnStart, columnCount: columnCount,
                    alpha: alpha, beta: blockBeta, c: c, ldc: ldc, lowerShift: lowerShift)
            }
        }
    }
}

/// Runs the micro-kernel over every tile of one packed (row block × column block) pair.
@inline(__always)
private func gemmMacroKernel(
    _ kernel: GEMMKernel, depth: Int, packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
    edgeTile: UnsafeMutablePointer<Double>,
    rowStart: Int, rowCount: Int, columnStart: Int, columnCount: Int,
    alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, lowerShift: Int?
) {
    let tileRows = kernel.tileRows
    let tileColumns = kernel.tileColumns
    for tileColumn in stride(from: 0, to: columnCount, by: tileColumns) {
        let columnsHere = min(tileColumns, columnCount - tileColumn)
        let column = columnStart + tileColumn
        let panelOfB = packedB + tileColumn * depth
        for tileRow in stride(from: 0, to: rowCount, by: tileRows) {
            let rowsHere = min(tileRows, rowCount - tileRow)
            let row = rowStart + tileRow
            var tileShift: Int? = nil
            if let shift = lowerShift {
                if row + rowsHere - 1 + shift < column { continue }  // entirely above the diagonal
                if row + shift < column + columnsHere - 1 { tileShift = row + shift - column }
            }
            let panelOfA = packedA + tileRow * depth
            let target = c + row * ldc + column
            // Prefetch this tile of C (for writing): C usually lives in L3 or memory, and the kernel
            // would otherwise stall on it at the end; the depth loop hides the latency. Measured on
            // a Zen 5 core (n = 2048): +10–17% with AVX-512, +4–16% with AVX2.
            prefetchTile(target, rows: rowsHere, columns: columnsHere, ldc: ldc)
            if rowsHere == tileRows && columnsHere == tileColumns && tileShift == nil {
                kernel.multiplyTile(
                    depth: depth, a: panelOfA, b: panelOfB, c: target, ldc: ldc,
                    alpha: alpha, beta: beta)
            } else {
                gemmPartialTile(
                    kernel, depth: depth, a: panelOfA, b: panelOfB, c: target, ldc: ldc,
                    rows: rowsHere, columns: columnsHere, alpha: alpha, beta: beta,
                    lowerShift: tileShift, scratch: edgeTile)
            }
        }
    }
}

/// Prefetches every cache line of a `rows × columns` tile of C.
@inline(__always)
private func prefetchTile(_ c: UnsafeMutablePointer<Double>, rows: Int, columns: Int, ldc: Int) {
    for r in 0..<rows {
        let row = c + r * ldc
        var offset = 0
        while offset < columns {
            prefetchForWriting(row + offset)
            offset += 8
        }
        prefetchForWriting(row + columns - 1)  // the last line, when the row is not line-aligned
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
