// MARK: - Recorded QL sweeps and their application to Vᵀ

/// The Givens rotations of consecutive QL sweeps, applied in batches to the rows of Vᵀ.
///
/// A sweep over the block first…last holds rotations for i = last−1 down to first, each acting on
/// rows (i, i+1) of Vᵀ (row-major, so each row is contiguous):
///
///     row_{i+1} ← s·row_i + c·row_{i+1},   row_i ← c·row_i − s·row_{i+1}.
///
/// The new row_i is the input of the next rotation of the same sweep, so it stays in registers
/// ("carry"): every sweep loads and stores each touched row segment once. Vᵀ is processed in column
/// chunks of `chunkWidth` columns; each chunk is copied into a contiguous n × 16 buffer (256 KiB at
/// n = 2000, so it stays in L2 and needs few TLB entries), receives all recorded sweeps in order, and is
/// copied back. The chunks are split across threads (columns are independent, so results are identical
/// for every thread count).
struct TridiagonalRotationLog {
    /// One recorded sweep: rotations for planes (i, i+1), i = last−1 … first, stored from `offset`.
    struct Sweep {
        var first: Int
        var last: Int
        var offset: Int
    }

    /// Rotations interleaved as (c, s) pairs.
    private(set) var rotations: [Double] = []
    private(set) var sweeps: [Sweep] = []
    private var openOffset = 0
    private var openLast = 0
    /// Flush threshold in rotations: the log is applied when it holds this many.
    let capacity: Int

    /// Columns per cache-resident chunk of Vᵀ (four SIMD4 registers carried per sweep).
    static let chunkWidth = 16
    /// Default flush threshold: 2²² rotations (64 MiB). Every flush costs one pass over Vᵀ, and QL
    /// needs about n² rotations, so up to n ≈ 2000 everything is applied in one or two flushes.
    static let defaultCapacity = 1 << 22

    init(dimension: Int, capacity: Int = defaultCapacity) {
        self.capacity = capacity
        if dimension > 0 { rotations.reserveCapacity(2 * min(capacity + dimension, dimension * dimension + dimension)) }
    }

    var isFull: Bool { rotations.count / 2 >= capacity }

    // MARK: Recording

    mutating func beginSweep(last: Int) {
        openOffset = rotations.count / 2
        openLast = last
    }

    @inline(__always)
    mutating func record(cosine: Double, sine: Double) {
        rotations.append(cosine)
        rotations.append(sine)
    }

    mutating func endSweep(first: Int) {
        if rotations.count / 2 > openOffset {
            sweeps.append(Sweep(first: first, last: openLast, offset: openOffset))
        }
    }

    // MARK: Application

    /// Applies every recorded sweep, in order, to the rows of `transposedVectors` (n×n), then empties the log.
    mutating func apply(to transposedVectors: inout Matrix) {
        defer { rotations.removeAll(keepingCapacity: true); sweeps.removeAll(keepingCapacity: true) }
        if sweeps.isEmpty { return }
        let n = transposedVectors.columns
        let width = Self.chunkWidth
        rotations.withUnsafeBufferPointer { rotationBuffer in
            sweeps.withUnsafeBufferPointer { sweepBuffer in
                transposedVectors.withUnsafeMutableBufferPointer { storage in
                    let box = UncheckedSendableBox((storage.baseAddress!, rotationBuffer.baseAddress!, sweepBuffer))
                    Parallelism.forEachRange(count: n, granularity: width, minimumPerThread: 2 * width) { range in
                        let (base, rotations, sweeps) = box.value
                        // Each 16-column chunk is packed into a contiguous n × 16 buffer first: the
                        // rows of a strided chunk would each sit on their own page (TLB misses).
                        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
                        defer { scratch.deallocate() }
                        var column = range.lowerBound
                        while column + width <= range.upperBound {
                            for row in 0..<n { (scratch + row * width).update(from: base + row * n + column, count: width) }
                            TridiagonalRotationKernels.applySixteen(scratch, stride: width, sweeps: sweeps,
                                                                   rotations: rotations)
                            for row in 0..<n { (base + row * n + column).update(from: scratch + row * width, count: width) }
                            column += width
                        }
                        while column + 4 <= range.upperBound {
                            TridiagonalRotationKernels.applyFour(base + column, stride: n, sweeps: sweeps,
                                                                rotations: rotations)
                            column += 4
                        }
                        while column < range.upperBound {
                            TridiagonalRotationKernels.applyOne(base + column, stride: n, sweeps: sweeps,
                                                               rotations: rotations)
                            column += 1
                        }
                    }
                }
            }
        }
    }
}
