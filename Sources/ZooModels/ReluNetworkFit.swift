import ZooCore
import ZooLinalg

// MARK: - A fitted ReLU network

/// f̂(x) = Σₖ cₖ relu(sₖᵀx), k = 1 … K: the fitted model of the network estimators, with the centred
/// network f(x) − f₀(x) = m^(−1/2)[Σⱼ aⱼ relu(wⱼᵀx) − Σⱼ a⁰ⱼ relu(w⁰ⱼᵀx)] written as one sum over the
/// trained and the initial units (K = 2m; K = m when the first layer did not move).
///
/// Capabilities: input gradient, ∇ₓf̂(x) = Σₖ cₖ 1[sₖᵀx > 0] sₖ, batched as (1[XSᵀ > 0] ⊙ 1cᵀ)·S. Work is
/// done in blocks of rows: one GEMM for the pre-activations XSᵀ, shared by the prediction and the
/// gradient when both are asked for.
public struct ReluNetworkFit: DifferentiableModel {
    /// S, K × d: row k is sₖ.
    public let units: Matrix
    /// c, one output weight per unit (the m^(−1/2) scale included).
    public let outputWeights: [Double]
    public let diagnostics: [String: String]
    /// Whether the units are a trained network's m units followed by its initial network's m units
    /// (unit j paired with unit m + j), which the certified bounds relax together.
    public let stacksInitialNetwork: Bool

    public init(
        units: Matrix, outputWeights: [Double], diagnostics: [String: String] = [:],
        stacksInitialNetwork: Bool = false
    ) {
        precondition(units.rows == outputWeights.count, "ReluNetworkFit: one output weight per unit")
        precondition(!stacksInitialNetwork || units.rows % 2 == 0, "ReluNetworkFit: a stacked network has 2m units")
        self.units = units
        self.outputWeights = outputWeights
        self.diagnostics = diagnostics
        self.stacksInitialNetwork = stacksInitialNetwork
    }

    /// The network `network` centred at `initial`: f − f₀ (f₀'s units dropped when its first layer is
    /// the same, so the output weights merge into a − a⁰).
    public init(centring network: ReluNetwork, at initial: ReluNetwork, diagnostics: [String: String] = [:]) {
        let s = network.scale
        if !network.trainsHidden {
            self.init(
                units: network.hidden, outputWeights: zip(network.output, initial.output).map { s * ($0 - $1) },
                diagnostics: diagnostics)
        } else {
            let stacked = Matrix(
                rows: 2 * network.width, columns: network.dimension,
                elements: network.hidden.elements + initial.hidden.elements)
            self.init(
                units: stacked, outputWeights: network.output.map { s * $0 } + initial.output.map { -s * $0 },
                diagnostics: diagnostics, stacksInitialNetwork: true)
        }
    }

    public func predict(_ inputs: Matrix) -> [Double] { evaluate(inputs, gradients: false).predictions }

    public func inputGradient(_ inputs: Matrix) -> Matrix { evaluate(inputs, predictions: false).gradients }

    public func predictionsAndInputGradients(_ inputs: Matrix) -> (predictions: [Double], gradients: Matrix) {
        evaluate(inputs)
    }

    // MARK: Blocked evaluation

    /// Rows per block and fixed row chunks: fewer, larger GEMMs than training uses, because every call
    /// repacks all 2·width units (the test batches of an attack are a few hundred rows).
    static let blockRows = 256
    static let rowChunks = 2

    /// Rows in fixed chunks (as `ReluNetwork`), chunks in parallel, each chunk's blocks in order on one
    /// thread with single-threaded GEMMs: the same arithmetic whatever the thread count.
    func evaluate(
        _ inputs: Matrix, predictions wantPredictions: Bool = true,
        gradients wantGradients: Bool = true
    ) -> (predictions: [Double], gradients: Matrix) {
        let n = inputs.rows
        let d = units.columns
        let k = units.rows
        precondition(inputs.columns == d, "ReluNetworkFit: inputs have \(inputs.columns) columns, expected \(d)")
        var predictions = [Double](repeating: 0, count: wantPredictions ? n : 0)
        var gradients = Matrix(rows: wantGradients ? n : 0, columns: wantGradients ? d : 0)
        guard n > 0, k > 0, d > 0 else { return (predictions, gradients) }
        let ranges = ReluNetwork.chunkRanges(rows: n, chunks: Self.rowChunks)
        inputs.withUnsafeBufferPointer { x in
            units.withUnsafeBufferPointer { s in
                outputWeights.withUnsafeBufferPointer { c in
                    predictions.withUnsafeMutableBufferPointer { out in
                        gradients.withUnsafeMutableBufferPointer { g in
                            let shared = UncheckedBox(
                                (
                                    x.baseAddress!, s.baseAddress!, c.baseAddress!,
                                    wantPredictions ? out.baseAddress : nil, wantGradients ? g.baseAddress : nil
                                ))
                            Parallelism.forEach(chunks: ranges.count) { chunk in
                                let (x, s, c, out, g) = shared.value
                                let range = ranges[chunk]
                                guard !range.isEmpty else { return }
                                let block = min(Self.blockRows, range.count)
                                let z = UnsafeMutablePointer<Double>.allocate(capacity: block * k)
                                defer { z.deallocate() }
                                Parallelism.withThreadLimit(1) {
                                    for start in stride(from: range.lowerBound, to: range.upperBound, by: block) {
                                        let rows = min(block, range.upperBound - start)
                                        // Z = X_block Sᵀ
                                        gemm(
                                            .none, .transpose, m: rows, n: k, k: d, alpha: 1, a: x + start * d, lda: d,
                                            b: s, ldb: d, beta: 0, c: z, ldc: k)
                                        for i in 0..<rows {
                                            // f̂ = c·relu(z); then z ← 1[z > 0] ⊙ c for the gradient
                                            if let out { out[start + i] = ReluKernels.reluDot(c, z + i * k, count: k) }
                                            if g != nil {
                                                ReluKernels.maskInPlace(z + i * k, c, weight: 1, range: 0..<k)
                                            }
                                        }
                                        // ∇ₓf̂ rows = (1[Z > 0] ⊙ c) S
                                        if let g {
                                            gemm(
                                                .none, .none, m: rows, n: d, k: k, alpha: 1, a: z, lda: k,
                                                b: s, ldb: d, beta: 0, c: g + start * d, ldc: d)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (predictions, gradients)
    }
}
