import ZooCore
import ZooLinalg

// MARK: - The fitted NTK regressor

/// f̂(x) = k(x, X)·α with α = (K + nλI)⁻¹y, for the arc-cosine tangent kernel `kernel`.
///
/// Predictions, kernel matrices and input gradients are computed for all query points at once, in row
/// blocks of at most `blockBytes` of kernel entries: U = X_q·Xᵀ by GEMM, the closed form applied four
/// entries at a time with the rows split across threads, and for the gradient a second GEMM,
///
///     ∇ₓf̂(xᵢ) = Σⱼ αⱼ(A_ij·xⱼ + B_ij·xᵢ) = [(α ⊙ A)·X]ᵢ + (Σⱼ αⱼB_ij)·xᵢ,
///
/// so one gradient for m points costs two m×n×d products and O(mn) elementwise work, and the
/// predictions at the same points come with it for a few more flops per entry
/// (`predictionsAndInputGradients`, what a gradient attack asks at each step).
public struct TangentKernelFit: KernelModel, DifferentiableModel, TrainingPointsModel {
    let kernelFunction: ArcCosineTangentKernel
    public let trainingSet: Dataset
    /// α, one coefficient per training point.
    public let coefficients: [Double]
    let trainingNorms: RowNorms
    public let diagnostics: [String: String]

    /// Kernel entries per block of query rows (32 MiB).
    static let blockBytes = 32 << 20

    init(kernel: ArcCosineTangentKernel, training: Dataset, coefficients: [Double], diagnostics: [String: String]) {
        kernelFunction = kernel
        trainingSet = training
        self.coefficients = coefficients
        trainingNorms = RowNorms(training.features)
        self.diagnostics = diagnostics
    }

    // MARK: KernelModel

    public func kernel(_ a: Matrix, _ b: Matrix) -> Matrix {
        var inner = Matrix.multiply(a, .none, b, .transpose)
        kernelFunction.transform(&inner, rows: RowNorms(a), columns: RowNorms(b))
        return inner
    }

    // MARK: Predictions

    public func predict(_ inputs: Matrix) -> [Double] {
        var result = [Double](repeating: 0, count: inputs.rows)
        let n = trainingSet.count
        forEachBlock(of: inputs) { start, block in
            var inner = Matrix.multiply(block, .none, trainingSet.features, .transpose)
            let norms = RowNorms(block)
            inner.withUnsafeMutableBufferPointer { buffer in
                trainingNorms.norms.withUnsafeBufferPointer { normsB in
                    trainingNorms.inverses.withUnsafeBufferPointer { inversesB in
                        coefficients.withUnsafeBufferPointer { alpha in
                            result.withUnsafeMutableBufferPointer { output in
                                Parallelism.forEachRange(count: block.rows, minimumPerThread: 16) { rows in
                                    for i in rows {
                                        let row = buffer.baseAddress! + i * n
                                        kernelFunction.transformRow(
                                            row, count: n, norm: norms.norms[i], inverse: norms.inverses[i],
                                            norms: normsB.baseAddress!, inverses: inversesB.baseAddress!)
                                        output[start + i] = Self.dot(row, alpha.baseAddress!, n)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    // MARK: DifferentiableModel

    public func inputGradient(_ inputs: Matrix) -> Matrix {
        predictionsAndInputGradients(inputs).gradients
    }

    /// f̂ and ∇ₓf̂ at every row of `inputs`, sharing the cross inner products and the arccosines.
    public func predictionsAndInputGradients(_ inputs: Matrix) -> (predictions: [Double], gradients: Matrix) {
        let n = trainingSet.count
        let d = inputs.columns
        var gradient = Matrix(rows: inputs.rows, columns: d)
        var predictions = [Double](repeating: 0, count: inputs.rows)
        forEachBlock(of: inputs) { start, block in
            // Row i of `weights` becomes αⱼA_ij; `selfWeights[i]` = Σⱼ αⱼB_ij.
            var weights = Matrix.multiply(block, .none, trainingSet.features, .transpose)
            let norms = RowNorms(block)
            var selfWeights = [Double](repeating: 0, count: block.rows)
            weights.withUnsafeMutableBufferPointer { buffer in
                trainingNorms.norms.withUnsafeBufferPointer { normsB in
                    trainingNorms.inverses.withUnsafeBufferPointer { inversesB in
                        coefficients.withUnsafeBufferPointer { alpha in
                            selfWeights.withUnsafeMutableBufferPointer { output in
                                predictions.withUnsafeMutableBufferPointer { values in
                                    Parallelism.forEachRange(count: block.rows, minimumPerThread: 16) { rows in
                                        for i in rows {
                                            (values[start + i], output[i]) = kernelFunction.gradientRow(
                                                buffer.baseAddress! + i * n, count: n, norm: norms.norms[i],
                                                inverse: norms.inverses[i],
                                                norms: normsB.baseAddress!, inverses: inversesB.baseAddress!,
                                                alpha: alpha.baseAddress!)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let combined = Matrix.multiply(weights, .none, trainingSet.features, .none)
            gradient.withUnsafeMutableBufferPointer { output in
                combined.withUnsafeBufferPointer { product in
                    block.withUnsafeBufferPointer { x in
                        for i in 0..<block.rows {
                            let target = output.baseAddress! + (start + i) * d
                            let source = product.baseAddress! + i * d
                            let point = x.baseAddress! + i * d
                            for j in 0..<d { target[j] = source[j].addingProduct(selfWeights[i], point[j]) }
                        }
                    }
                }
            }
        }
        return (predictions, gradient)
    }

    // MARK: Blocks

    /// Runs `body(firstRow, block)` over consecutive row blocks of `inputs` (the whole matrix when it fits).
    private func forEachBlock(of inputs: Matrix, _ body: (Int, Matrix) -> Void) {
        let rowsPerBlock = max(64, Self.blockBytes / (8 * max(1, trainingSet.count)))
        if inputs.rows <= rowsPerBlock {
            body(0, inputs)
            return
        }
        for start in stride(from: 0, to: inputs.rows, by: rowsPerBlock) {
            let end = min(inputs.rows, start + rowsPerBlock)
            body(start, inputs.rows(at: Array(start..<end)))
        }
    }

    /// Σ a_j b_j in a fixed order (four lanes, then a fixed lane sum).
    @inline(__always)
    static func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var sum = SIMD4<Double>()
        var j = 0
        while j < n {
            let lanes = min(4, n - j)
            sum = sum.addingProduct(Lanes.load(a + j, lanes, padding: 0), Lanes.load(b + j, lanes, padding: 0))
            j += 4
        }
        return sum.sum()
    }
}
