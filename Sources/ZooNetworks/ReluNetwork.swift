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
/// Both are computed in blocks of `blockRows` rows: one GEMM for the block's pre-activations, one
/// pass over them (outputs, residuals, ∇_a and G in place) and one GEMM accumulating GᵀX into ∇_W,
/// so the n × m activations never leave the cache. Blocks run in order and every parallel step splits
/// outputs only, so results are bit-identical for every thread count.
public struct ReluNetwork: Sendable {
    /// W, width × d: row j is wⱼ.
    public var hidden: Matrix
    /// a, one weight per hidden unit.
    public var output: [Double]
    /// Which layers gradient steps move.
    public let trainsHidden: Bool
    public let trainsOutput: Bool

    /// Rows per block of the fused forward/backward sweep (block × width doubles of scratch).
    static let blockRows = 256

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
        forEachBlock(inputs) { rows, z, _ in
            self.rowOutputs(z, rows: rows.count) { i, value in result[rows.lowerBound + i] = value }
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
    public func backpropagate(_ inputs: Matrix, _ residuals: Residuals) -> (loss: Double, hidden: Matrix?, output: [Double]?) {
        let n = inputs.rows, d = dimension, m = width, s = scale
        var gradientHidden = Matrix(rows: trainsHidden ? m : 0, columns: trainsHidden ? d : 0)
        let gradientOutput = UnsafeMutableBufferPointer<Double>.allocate(capacity: trainsOutput ? m : 0)
        gradientOutput.initialize(repeating: 0)
        defer { gradientOutput.deallocate() }
        let r = UnsafeMutableBufferPointer<Double>.allocate(capacity: min(Self.blockRows, n))
        defer { r.deallocate() }
        var squaredError = 0.0
        output.withUnsafeBufferPointer { a in
            let shared = UncheckedBox((a.baseAddress!, r.baseAddress!, gradientOutput.baseAddress))
            let (trainsHidden, trainsOutput) = (self.trainsHidden, self.trainsOutput)
            forEachBlock(inputs) { rows, z, x in
                // residuals of the block's rows
                switch residuals {
                case .meanSquaredError(let targets):
                    rowOutputs(z, rows: rows.count) { i, value in
                        let error = value - targets[rows.lowerBound + i]
                        r[i] = error / Double(n)
                        squaredError += error * error
                    }
                case .given(let v):
                    for i in 0..<rows.count { r[i] = v[rows.lowerBound + i] }
                }
                // one pass over Z: ∇_a += m^(−1/2) relu(Z)ᵀr, then Z ← G = 1[Z > 0] ⊙ r aᵀ in place
                let zBox = UncheckedBox(z)
                Parallelism.forEachRange(count: m, granularity: 64, minimumPerThread: 256) { columns in
                    let (a, r, sum) = shared.value
                    let z = zBox.value
                    for i in 0..<rows.count {
                        let ri = r[i], sri = s * r[i]
                        let row = z + i * m
                        if trainsOutput, let sum { ReluKernels.accumulateRelu(sum, row, weight: sri, range: columns) }
                        if trainsHidden { ReluKernels.maskInPlace(row, a, weight: ri, range: columns) }
                    }
                }
                // ∇_W += m^(−1/2) GᵀX_block
                if trainsHidden {
                    gradientHidden.withUnsafeMutableBufferPointer { g in
                        gemm(.transpose, .none, m: m, n: d, k: rows.count, alpha: s, a: z, lda: m, b: x, ldb: d,
                             beta: rows.lowerBound == 0 ? 0 : 1, c: g.baseAddress!, ldc: d)
                    }
                }
            }
        }
        let loss = squaredError / (2 * Double(max(n, 1)))
        return (loss, trainsHidden ? gradientHidden : nil, trainsOutput ? Array(gradientOutput) : nil)
    }

    /// Moves the trained layers: W ← W − η·∇_W, a ← a − η·∇_a.
    public mutating func apply(hidden gradientHidden: Matrix?, output gradientOutput: [Double]?, stepSize: Double) {
        if let gradientHidden { Self.subtract(stepSize, gradientHidden.elements, from: &hidden.elements) }
        if let gradientOutput { Self.subtract(stepSize, gradientOutput, from: &output) }
    }

    // MARK: Blocks

    /// Calls `body(rows, Z, X_rows)` for consecutive row blocks of `inputs`, with Z = X_rows·Wᵀ
    /// (rows × width, row-major, writable scratch) and a pointer to the block's first input row.
    func forEachBlock(_ inputs: Matrix,
                      _ body: (Range<Int>, UnsafeMutablePointer<Double>, UnsafePointer<Double>) -> Void) {
        let n = inputs.rows, d = dimension, m = width
        guard n > 0, m > 0 else { return }
        precondition(inputs.columns == d, "ReluNetwork: inputs have \(inputs.columns) columns, expected \(d)")
        let block = min(Self.blockRows, n)
        var scratch = [Double](repeating: 0, count: block * m)
        inputs.withUnsafeBufferPointer { xp in
            hidden.withUnsafeBufferPointer { wp in
                scratch.withUnsafeMutableBufferPointer { zp in
                    for start in stride(from: 0, to: n, by: block) {
                        let rows = start..<min(n, start + block)
                        let x = xp.baseAddress! + start * d
                        if d > 0 {
                            gemm(.none, .transpose, m: rows.count, n: m, k: d, alpha: 1, a: x, lda: d,
                                 b: wp.baseAddress!, ldb: d, beta: 0, c: zp.baseAddress!, ldc: m)
                        } else {
                            zp.update(repeating: 0)
                        }
                        body(rows, zp.baseAddress!, x)
                    }
                }
            }
        }
    }

    /// g for each of the block's `rows` rows of pre-activations `z`: m^(−1/2) Σⱼ aⱼ relu(zᵢⱼ),
    /// rows split between threads, delivered in row order.
    func rowOutputs(_ z: UnsafeMutablePointer<Double>, rows: Int, _ deliver: (Int, Double) -> Void) {
        let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: rows)
        defer { values.deallocate() }
        let m = width, s = scale
        output.withUnsafeBufferPointer { a in
            let shared = UncheckedBox((a.baseAddress!, z, values.baseAddress!))
            Parallelism.forEachRange(count: rows, minimumPerThread: 16) { range in
                let (a, z, out) = shared.value
                for i in range { out[i] = s * ReluKernels.reluDot(a, z + i * m, count: m) }
            }
        }
        for i in 0..<rows { deliver(i, values[i]) }
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
