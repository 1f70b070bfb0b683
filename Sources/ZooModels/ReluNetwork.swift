import ZooCore
import ZooLinalg

// MARK: - A two-layer ReLU network in the NTK parameterisation

/// g(x) = m^(−1/2) Σⱼ aⱼ relu(wⱼᵀx), j = 1 … m: the trainable state of `two-layer` (and of the
/// adversarially trained network built on it).
///
/// Loss on a batch (X, t): L = (1/2n)‖t − g(X)‖², a mean over the n rows. With rᵢ = (g(xᵢ) − tᵢ)/n,
///
///     ∂L/∂aⱼ = m^(−1/2) Σᵢ rᵢ relu(wⱼᵀxᵢ),   ∂L/∂wⱼ = m^(−1/2) aⱼ Σᵢ rᵢ 1[wⱼᵀxᵢ > 0] xᵢ,
///
/// i.e. ∇_a L = m^(−1/2) relu(Z)ᵀr and ∇_W L = m^(−1/2) Gᵀ X with Z = XWᵀ and G = 1[Z > 0] ⊙ r aᵀ.
///
/// How it runs: the rows are cut into `rowChunks` fixed contiguous chunks (fixed: independent of the
/// thread count), which the threads share out; each chunk walks its rows in blocks of `blockRows`: one
/// single-threaded GEMM for the block's pre-activations, one pass over them (outputs, residuals, ∇_a and
/// G in place), and one GEMM accumulating XᵀG into the chunk's partial ∇_Wᵀ, so the n × m activations
/// never leave the cache and a step synchronises the threads once. The chunks' partial gradients are
/// then added in chunk order. Every chunk's work is the same whichever thread does it and the sum has a
/// fixed order, so results are bit-identical for every thread count.
public struct ReluNetwork: Sendable {
    /// W, width × d: row j is wⱼ.
    public var hidden: Matrix
    /// a, one weight per hidden unit.
    public var output: [Double]
    /// Which layers gradient steps move.
    public let trainsHidden: Bool
    public let trainsOutput: Bool

    /// Rows per block of the fused forward/backward sweep (block × width doubles of scratch per thread).
    static let blockRows = 128
    /// Fixed row chunks shared out between threads (at most this many threads work on one network).
    static let rowChunks = 4

    /// Bytes a gradient-descent fit of a width-`width` network on n points in d dimensions needs beyond the
    /// data: the weights and their gradients, the per-chunk activation blocks and the residuals.
    public static func estimatedFitBytes(width: Int, samples n: Int, dimension d: Int) -> Double {
        let m = Double(width)
        let rows = Double(min(n, blockRows))
        let chunks = Double(rowChunks)
        return 8 * (10 * m * Double(d) + 2 * chunks * rows * m + 8 * m + 4 * Double(n))
    }

    public init(hidden: Matrix, output: [Double], trainsHidden: Bool, trainsOutput: Bool) {
        precondition(hidden.rows == output.count, "ReluNetwork: one output weight per hidden unit")
        self.hidden = hidden
        self.output = output
        self.trainsHidden = trainsHidden
        self.trainsOutput = trainsOutput
    }

    public var width: Int { hidden.rows }
    public var dimension: Int { hidden.columns }
    /// m^(−1/2), the NTK parameterisation's output scale.
    public var scale: Double { 1 / Double(width).squareRoot() }

    // MARK: Forward

    /// g(xᵢ) for every row of `inputs`.
    public func outputs(_ inputs: Matrix) -> [Double] {
        var result = [Double](repeating: 0, count: inputs.rows)
        let m = width
        let s = scale
        result.withUnsafeMutableBufferPointer { out in
            output.withUnsafeBufferPointer { a in
                let shared = UncheckedBox((out.baseAddress!, a.baseAddress!))
                forEachChunk(inputs) { _, rows, z, _ in
                    let (out, a) = shared.value
                    for i in 0..<rows.count {
                        out[rows.lowerBound + i] = s * ReluKernels.reluDot(a, z + i * m, count: m)
                    }
                }
            }
        }
        return result
    }

    // MARK: Backward

    /// What the backward sweep multiplies the Jacobian by: the mean-squared-error residuals
    /// (g(xᵢ) − tᵢ)/n for targets t, or a given vector v (for Jᵀv, the curvature estimate).
    public enum Residuals: Sendable {
        case meanSquaredError(targets: [Double])
        case given([Double])
    }

    /// The parameter gradient Jᵀr of the trained layers (∇_W nil when the first layer is frozen, ∇_a
    /// nil when the second is), and the loss (1/2n)‖t − g(X)‖² for `.meanSquaredError` (0 otherwise).
    public func backpropagate(_ inputs: Matrix, _ residuals: Residuals) -> (
        loss: Double, hidden: Matrix?, output: [Double]?
    ) {
        let n = inputs.rows
        let d = dimension
        let m = width
        let s = scale
        let chunks = Self.rowChunks
        let hiddenSize = trainsHidden ? m * d : 0
        let outputSize = trainsOutput ? m : 0
        // per chunk: a partial ∇_W, a partial ∇_a, a squared-error sum, residual scratch
        let partialHidden = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * hiddenSize)
        let partialOutput = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * outputSize)
        let squaredErrors = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks)
        let residualScratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks * Self.blockRows)
        partialHidden.initialize(repeating: 0)
        partialOutput.initialize(repeating: 0)
        squaredErrors.initialize(repeating: 0)
        defer {
            partialHidden.deallocate()
            partialOutput.deallocate()
            squaredErrors.deallocate()
            residualScratch.deallocate()
        }
        let (trainsHidden, trainsOutput) = (self.trainsHidden, self.trainsOutput)
        output.withUnsafeBufferPointer { a in
            let shared = UncheckedBox(
                (
                    a.baseAddress!, partialHidden.baseAddress!, partialOutput.baseAddress!,
                    squaredErrors.baseAddress!, residualScratch.baseAddress!
                ))
            forEachChunk(inputs) { chunk, rows, z, x in
                let (a, partialHidden, partialOutput, squaredErrors, scratch) = shared.value
                let r = scratch + chunk * Self.blockRows
                let gradientOutput = partialOutput + chunk * outputSize
                // residuals of the block's rows
                for i in 0..<rows.count {
                    switch residuals {
                    case .meanSquaredError(let targets):
                        let error = s * ReluKernels.reluDot(a, z + i * m, count: m) - targets[rows.lowerBound + i]
                        r[i] = error / Double(n)
                        squaredErrors[chunk] += error * error
                    case .given(let v):
                        r[i] = v[rows.lowerBound + i]
                    }
                }
                // one pass over Z: ∇_a += m^(−1/2) relu(Z)ᵀr, then Z ← G = 1[Z > 0] ⊙ r aᵀ in place
                for i in 0..<rows.count {
                    let row = z + i * m
                    if trainsOutput { ReluKernels.accumulateRelu(gradientOutput, row, weight: s * r[i], range: 0..<m) }
                    if trainsHidden { ReluKernels.maskInPlace(row, a, weight: r[i], range: 0..<m) }
                }
                // ∇_Wᵀ (this chunk's part, d × m) += m^(−1/2) X_blockᵀG: G streams as the packed right operand
                if trainsHidden {
                    gemm(
                        .transpose, .none, m: d, n: m, k: rows.count, alpha: s, a: x, lda: d, b: z, ldb: m,
                        beta: 1, c: partialHidden + chunk * hiddenSize, ldc: m)
                }
            }
        }
        // the chunks' parts, added in chunk order (split over entries: outputs only)
        var transposedHidden = Matrix(rows: trainsHidden ? d : 0, columns: trainsHidden ? m : 0)
        transposedHidden.withUnsafeMutableBufferPointer { g in
            Self.sumChunks(partialHidden, into: g, size: hiddenSize, chunks: chunks)
        }
        let gradientHidden = transposedHidden.transposed
        var gradientOutput = [Double](repeating: 0, count: outputSize)
        gradientOutput.withUnsafeMutableBufferPointer { g in
            Self.sumChunks(partialOutput, into: g, size: outputSize, chunks: chunks)
        }
        let loss = squaredErrors.reduce(0, +) / (2 * Double(max(n, 1)))
        return (loss, trainsHidden ? gradientHidden : nil, trainsOutput ? gradientOutput : nil)
    }

    /// Moves the trained layers: W ← W − η·∇_W, a ← a − η·∇_a.
    public mutating func apply(hidden gradientHidden: Matrix?, output gradientOutput: [Double]?, stepSize: Double) {
        if let gradientHidden { Self.subtract(stepSize, gradientHidden.elements, from: &hidden.elements) }
        if let gradientOutput { Self.subtract(stepSize, gradientOutput, from: &output) }
    }

    // MARK: Chunks and blocks

    /// The fixed row ranges of the chunks (multiples of 8 rows, the last takes the remainder).
    static func chunkRanges(rows n: Int, chunks: Int = rowChunks) -> [Range<Int>] {
        let per = ((n + chunks - 1) / chunks + 7) / 8 * 8
        return (0..<chunks).map { c in min(n, c * per)..<min(n, (c + 1) * per) }
    }

    /// Calls `body(chunk, rows, Z, X_rows)` for consecutive row blocks of every chunk of `inputs`, chunks
    /// in parallel, blocks of a chunk in order on one thread, with Z = X_rows·Wᵀ (rows × width, row-major,
    /// writable scratch of that thread) from a single-threaded GEMM, and a pointer to the block's first
    /// input row.
    func forEachChunk(
        _ inputs: Matrix,
        _ body: @escaping (Int, Range<Int>, UnsafeMutablePointer<Double>, UnsafePointer<Double>) -> Void
    ) {
        let n = inputs.rows
        let d = dimension
        let m = width
        guard n > 0, m > 0 else { return }
        precondition(inputs.columns == d, "ReluNetwork: inputs have \(inputs.columns) columns, expected \(d)")
        let ranges = Self.chunkRanges(rows: n)
        inputs.withUnsafeBufferPointer { xp in
            hidden.withUnsafeBufferPointer { wp in
                let shared = UncheckedBox((xp.baseAddress!, wp.baseAddress!, body))
                Parallelism.forEach(chunks: ranges.count) { chunk in
                    let (xp, wp, body) = shared.value
                    let range = ranges[chunk]
                    guard !range.isEmpty else { return }
                    let block = min(Self.blockRows, range.count)
                    let z = UnsafeMutablePointer<Double>.allocate(capacity: block * m)
                    defer { z.deallocate() }
                    Parallelism.withThreadLimit(1) {
                        for start in stride(from: range.lowerBound, to: range.upperBound, by: block) {
                            let rows = start..<min(range.upperBound, start + block)
                            let x = xp + start * d
                            if d > 0 {
                                gemm(
                                    .none, .transpose, m: rows.count, n: m, k: d, alpha: 1, a: x, lda: d,
                                    b: wp, ldb: d, beta: 0, c: z, ldc: m)
                            } else {
                                z.update(repeating: 0, count: rows.count * m)
                            }
                            body(chunk, rows, z, x)
                        }
                    }
                }
            }
        }
    }

    /// target[k] = Σ_c parts[c·size + k], c in increasing order, entries split between threads.
    static func sumChunks(
        _ parts: UnsafeMutableBufferPointer<Double>, into target: UnsafeMutableBufferPointer<Double>,
        size: Int, chunks: Int
    ) {
        guard size > 0 else { return }
        let shared = UncheckedBox((parts.baseAddress!, target.baseAddress!))
        Parallelism.forEachRange(count: size, granularity: 64, minimumPerThread: 1 << 15) { range in
            let (parts, target) = shared.value
            for k in range {
                var sum = parts[k]
                for c in 1..<chunks { sum += parts[c * size + k] }
                target[k] = sum
            }
        }
    }

    static func subtract(_ alpha: Double, _ x: [Double], from y: inout [Double]) {
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for i in 0..<yp.count { yp[i] -= alpha * xp[i] }
            }
        }
    }
}

// MARK: - Carrying values into parallel regions

/// Values (pointers included) carried into a parallel region whose threads write disjoint ranges.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
