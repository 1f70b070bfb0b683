// MARK: - A Gaussian design matrix that is never stored

/// The n×d matrix X = Z·diag(scales), Z the standard normals of
/// `Matrix.standardNormal(rows: n, columns: d, seed:, stream:)`, regenerated block by block instead of
/// held: X takes n·d·8 bytes (32 GB at n = 4000, d = 10⁶), a pass over it holds one column block.
///
/// Every pass produces X's column blocks left to right, `blockWidth` columns at a time, with one
/// `NormalRowCursor` per row, so each entry is generated once per pass and equals the stored matrix's
/// entry bit for bit (`materialized()`). The products below are what the ridge path and the harness
/// need: the Gram matrix XXᵀ (a symmetric rank-`blockWidth` update per block, memory
/// O(n² + n·blockWidth)), X·v for several v, and Xᵀv. Each is bit-identical for every thread count:
/// blocks are summed in column order and every thread owns whole output entries.
public struct StreamedGaussianDesign: DesignMatrix, Equatable {
    public let rows: Int
    public let columns: Int
    public let seed: UInt64
    public let stream: UInt64
    /// √Σ_jj for each column (nil: all 1, X = Z).
    public let columnScales: [Double]?
    /// Columns per block, fixed by `rows` alone (never by the thread count).
    public let blockWidth: Int

    /// Bytes one column block may take (n·blockWidth·8).
    public static let blockBytes = 128 << 20

    /// `blockWidth` nil chooses it from `rows` (blocks of about `blockBytes`); tests pass small widths.
    public init(
        rows: Int, columns: Int, seed: UInt64, stream: UInt64, columnScales: [Double]? = nil,
        blockWidth: Int? = nil
    ) {
        precondition(rows > 0 && columns > 0, "StreamedGaussianDesign: empty design \(rows)×\(columns)")
        precondition(
            columnScales.map { $0.count == columns } ?? true, "StreamedGaussianDesign: \(columns) column scales needed")
        self.rows = rows
        self.columns = columns
        self.seed = seed
        self.stream = stream
        self.columnScales = columnScales
        precondition(blockWidth.map { $0 > 0 } ?? true, "StreamedGaussianDesign: block width must be positive")
        let fitting = max(256, Self.blockBytes / (8 * rows)) / 64 * 64
        self.blockWidth = min(columns, blockWidth ?? fitting)
    }

    /// Bytes a pass holds beside its outputs: one block and the per-row generator state.
    public var passBytes: Double {
        Double(rows) * (Double(blockWidth) * 8 + Double(PhiloxBlockCounter.wordsPerBatch) * 8 + 64)
    }

    // MARK: Passes

    /// Called on the calling thread after each column block of every pass, where set (the harness sets
    /// it for a streamed cell, to show progress within the cell's long passes).
    @TaskLocal public static var passObserver: StreamingPassObserver?

    /// Calls `body(columns, block)` for consecutive column ranges covering 0..<limit (default d), where
    /// `block` holds X[:, columns] row-major (row i at `block + i·columns.count`). The pointer is valid
    /// during the call. Stopping at `limit` skips generating the columns after it.
    public func forEachColumnBlock(
        upTo limit: Int? = nil, _ body: (_ columns: Range<Int>, _ block: UnsafePointer<Double>) -> Void
    ) {
        pass(upTo: limit, keepsBlock: true, row: { _, _, _ in }, block: body)
    }

    /// Calls `body(i, columns, segment)` for every row i and consecutive column range, with `segment` =
    /// X[i, columns]; rows of one range run in parallel (`body` must touch only row i's outputs). No
    /// block is held: each row's segment is produced into a per-thread buffer and used at once, in cache.
    func forEachRowSegment(
        upTo limit: Int? = nil, _ body: (_ row: Int, _ columns: Range<Int>, _ segment: UnsafePointer<Double>) -> Void
    ) {
        pass(upTo: limit, keepsBlock: false, row: body, block: { _, _ in })
    }

    /// The pass loop: for each column block, the rows (in parallel) continue their cursors into the block
    /// (`keepsBlock`) or into a per-thread row buffer, scale by √Σ, and call `rowBody`; then `blockBody`
    /// runs on the calling thread, and the pass observer hears of it.
    private func pass(
        upTo limit: Int?, keepsBlock: Bool,
        row rowBody: (Int, Range<Int>, UnsafePointer<Double>) -> Void,
        block blockBody: (Range<Int>, UnsafePointer<Double>) -> Void
    ) {
        let n = rows
        let d = columns
        let end = min(d, limit ?? d)
        let block = keepsBlock ? UnsafeMutablePointer<Double>.allocate(capacity: n * blockWidth) : nil
        let secondaryBuffers = UnsafeMutablePointer<UInt64>.allocate(capacity: n * PhiloxBlockCounter.wordsPerBatch)
        var cursors = [NormalRowCursor?](repeating: nil, count: n)
        defer {
            block?.deallocate()
            secondaryBuffers.deallocate()
        }
        withoutActuallyEscaping(rowBody) { rowCall in
            cursors.withUnsafeMutableBufferPointer { cursorBuffer in
                let shared = UncheckedSendableBox((cursorBuffer.baseAddress!, block, secondaryBuffers, rowCall))
                // Each row's cursor replays at most one fill block before its start: 0.4% of a pass at d = 10⁶.
                Parallelism.forEachRange(count: n, minimumPerThread: 16) { range in
                    let (cursors, _, secondary, _) = shared.value
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: NormalRowCursor.scratchWords) { scratch in
                        for i in range {
                            cursors[i] = NormalRowCursor(
                                seed: seed, stream: stream, start: i * d,
                                secondaryBuffer: secondary + i * PhiloxBlockCounter.wordsPerBatch,
                                scratch: scratch.baseAddress!)
                        }
                    }
                }
                for start in stride(from: 0, to: end, by: blockWidth) {
                    let width = min(blockWidth, end - start)
                    let columnRange = start..<(start + width)
                    Parallelism.forEachRange(count: n, minimumPerThread: 16) { range in
                        let (cursors, block, _, rowCall) = shared.value
                        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: NormalRowCursor.scratchWords) {
                            scratch in
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: block == nil ? width : 0) {
                                rowBuffer in
                                for i in range {
                                    let row = block.map { $0 + i * width } ?? rowBuffer.baseAddress!
                                    cursors[i]!.produce(width, into: row, scratch: scratch.baseAddress!)
                                    if let columnScales {
                                        for j in 0..<width { row[j] *= columnScales[start + j] }
                                    }
                                    rowCall(i, columnRange, UnsafePointer(row))
                                }
                            }
                        }
                    }
                    if let block { blockBody(columnRange, UnsafePointer(block)) }
                    Self.passObserver?.report(StreamingPassProgress(rows: n, columns: end, columnsDone: start + width))
                }
            }
        }
    }

    /// X as a stored matrix, equal bit for bit to `Matrix.standardNormal` scaled column by column (for
    /// tests and for small designs).
    public func materialized() -> Matrix {
        var x = Matrix(rows: rows, columns: columns)
        x.withUnsafeMutableBufferPointer { output in
            forEachColumnBlock { range, block in
                for i in 0..<rows {
                    for j in 0..<range.count { output[i * columns + range.lowerBound + j] = block[i * range.count + j] }
                }
            }
        }
        return x
    }

    // MARK: Design matrix

    /// Nil: X is regenerated on every pass.
    public var storedMatrix: Matrix? { nil }
    /// True: X is finite by construction.
    public var isFinite: Bool { true }
    public var storageDiagnostic: String? { "streamed(block=\(blockWidth))" }
    /// The seed, the stream and the column scales' bit patterns (X is a function of them and the shape).
    public func identityWords(samples _: Int) -> [UInt64] {
        [seed, stream] + (columnScales ?? []).map(\.bitPattern)
    }

    // MARK: Products

    /// The Gram matrix XXᵀ (n×n, both triangles): Σ over column blocks of X_B·X_Bᵀ, each a symmetric
    /// rank-k update into the lower triangle, mirrored at the end. Only `.rows`: a streamed design has
    /// n ≤ d, so XᵀX (d×d) is never the small side.
    public func gram(_ side: GramSide = .rows) -> Matrix {
        precondition(side == .rows, "StreamedGaussianDesign: a streamed design forms XXᵀ only")
        let n = rows
        var g = Matrix(rows: n, columns: n)
        g.withUnsafeMutableBufferPointer { gp in
            let c = gp.baseAddress!
            var first = true
            forEachColumnBlock { range, block in
                syrkLower(
                    .none, n: n, k: range.count, alpha: 1, a: block, lda: range.count,
                    beta: first ? 0 : 1, c: c, ldc: n, threads: Parallelism.threadCount)
                first = false
            }
            mirrorLowerToUpper(c, n: n, ldc: n, threads: Parallelism.threadCount)
        }
        return g
    }

    /// X·v for each v (d entries each), in one pass: row i's products are summed block by block. The pass
    /// stops after the last column where some v is non-zero (θ* of a spiked model: the first k columns).
    public func multiplyEach(_ vectors: [[Double]]) -> [[Double]] {
        precondition(vectors.allSatisfy { $0.count == columns }, "multiplyEach: every vector needs \(columns) entries")
        let k = vectors.count
        let n = rows
        guard k > 0 else { return [] }
        var output = [Double](repeating: 0, count: k * n)  // k × n
        let packed = vectors.flatMap { $0 }
        let used = 1 + (vectors.map { $0.lastIndex(where: { $0 != 0 }) ?? -1 }.max() ?? -1)
        guard used > 0 else { return vectors.map { _ in [Double](repeating: 0, count: n) } }
        packed.withUnsafeBufferPointer { v in
            output.withUnsafeMutableBufferPointer { y in
                let operands = UncheckedSendableBox((v.baseAddress!, y.baseAddress!))
                // Each row's segment is used while in cache (no block is held); row i's sums are the
                // same block by block as from a held block.
                forEachRowSegment(upTo: used) { i, range, row in
                    let (v, y) = operands.value
                    for j in 0..<k {
                        y[j * n + i] += SolverVectorKernels.dot(row, v + j * columns + range.lowerBound, range.count)
                    }
                }
            }
        }
        return (0..<k).map { j in Array(output[(j * n)..<((j + 1) * n)]) }
    }

    /// X·v (`.none`) or Xᵀv (`.transpose`, `multiplyTranspose`), one pass.
    public func multiply(_ v: [Double], _ trans: Transpose = .none) -> [Double] {
        trans == .none ? multiplyEach([v])[0] : multiplyTranspose(v)
    }

    /// A·X for a k×n matrix A (k×d out), one pass: a GEMM per column block (the lifted Lanczos basis of
    /// a streamed ridge path: every θ̂(λ) is then a combination of its rows).
    public func leftMultiply(_ a: Matrix) -> Matrix {
        precondition(a.columns == rows, "leftMultiply: A needs \(rows) columns, got \(a.columns)")
        var output = Matrix(rows: a.rows, columns: columns)
        guard a.rows > 0 else { return output }
        a.withUnsafeBufferPointer { ap in
            output.withUnsafeMutableBufferPointer { out in
                forEachColumnBlock { range, block in
                    gemm(
                        .none, .none, m: a.rows, n: range.count, k: rows, alpha: 1, a: ap.baseAddress!, lda: rows,
                        b: block, ldb: range.count, beta: 0, c: out.baseAddress! + range.lowerBound, ldc: columns)
                }
            }
        }
        return output
    }

    /// Xᵀv (n entries in, d out), one pass: each thread owns a slice of the block's columns and adds the
    /// rows in order.
    public func multiplyTranspose(_ v: [Double]) -> [Double] {
        precondition(v.count == rows, "multiplyTranspose: \(rows) entries needed, got \(v.count)")
        var output = [Double](repeating: 0, count: columns)
        v.withUnsafeBufferPointer { vp in
            output.withUnsafeMutableBufferPointer { out in
                let operands = UncheckedSendableBox((vp.baseAddress!, out.baseAddress!))
                forEachColumnBlock { range, block in
                    let shared = UncheckedSendableBox(block)
                    let width = range.count
                    Parallelism.forEachRange(count: width, granularity: 64, minimumPerThread: 256) { slice in
                        let (v, out) = operands.value
                        let target = out + range.lowerBound + slice.lowerBound
                        for i in 0..<rows {
                            SolverVectorKernels.axpy(
                                v[i], shared.value + i * width + slice.lowerBound, target, slice.count)
                        }
                    }
                }
            }
        }
        return output
    }
}

/// How far one pass over a streamed design is: `columnsDone` of the `columns` it covers, of `rows` rows.
public struct StreamingPassProgress: Sendable {
    public let rows: Int
    public let columns: Int
    public let columnsDone: Int
}

/// Receives `StreamingPassProgress` after each column block (see `StreamedGaussianDesign.passObserver`).
public final class StreamingPassObserver: @unchecked Sendable {
    private let handler: (StreamingPassProgress) -> Void

    /// `handler` runs on the thread that runs the pass, the one that installed the observer.
    public init(_ handler: @escaping (StreamingPassProgress) -> Void) { self.handler = handler }

    func report(_ progress: StreamingPassProgress) { handler(progress) }
}
