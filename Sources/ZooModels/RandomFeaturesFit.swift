import ZooCore
import ZooLinalg

// MARK: - The fitted random-features model

/// f̂(x) = θᵀσ(Wx), σ(t) = max(t, 0) − 1/√(2π), with its batched input gradient
///
///     ∇ₓf̂(x) = Wᵀ(θ ⊙ 1[Wx > 0]),
///
/// computed for m points at once: Z = X_q·Wᵀ (GEMM), the masked weights M = θ ⊙ 1[Z > 0] entrywise,
/// then M·W (GEMM), in row blocks of at most `blockBytes` of feature entries.
public struct RandomFeaturesFit: DifferentiableModel, OutputWeightsModel {
    /// W (N×d), rows on the unit sphere.
    public let directions: Matrix
    /// θ̂, one weight per feature.
    public let weights: [Double]
    public let diagnostics: [String: String]

    /// The centring constant of σ(t) = max(t, 0) − 1/√(2π): E relu(g) = 1/√(2π), g ~ N(0, 1).
    public static let centring = 1 / (2 * Double.pi).squareRoot()

    public init(directions: Matrix, weights: [Double], diagnostics: [String: String] = [:]) {
        precondition(directions.rows == weights.count, "RandomFeaturesFit: one weight per feature")
        self.directions = directions
        self.weights = weights
        self.diagnostics = diagnostics
    }

    /// Feature entries per block of query rows (32 MiB).
    public static let blockBytes = 32 << 20

    // MARK: Features

    /// Φ = σ(X·Wᵀ) (n×N): one GEMM, then σ entrywise four at a time, rows split across threads.
    public static func features(_ x: Matrix, directions: Matrix) -> Matrix {
        var phi = Matrix.multiply(x, .none, directions, .transpose)
        let count = phi.elements.count
        phi.withUnsafeMutableBufferPointer { buffer in
            Parallelism.forEachRange(count: count, granularity: 4, minimumPerThread: 1 << 14) { range in
                let base = buffer.baseAddress!
                var j = range.lowerBound
                let zero = SIMD4<Double>()
                let shift = SIMD4<Double>(repeating: Self.centring)
                while j + 4 <= range.upperBound {
                    let z = UnsafeRawPointer(base + j).loadUnaligned(as: SIMD4<Double>.self)
                    UnsafeMutableRawPointer(base + j).storeBytes(
                        of: z.replacing(with: zero, where: z .< 0) - shift, as: SIMD4<Double>.self)
                    j += 4
                }
                while j < range.upperBound {
                    base[j] = max(base[j], 0) - Self.centring
                    j += 1
                }
            }
        }
        return phi
    }

    // MARK: Predictions

    public func predict(_ inputs: Matrix) -> [Double] {
        var result = [Double]()
        result.reserveCapacity(inputs.rows)
        forEachBlock(of: inputs) { block in
            result += Self.features(block, directions: directions).multiply(weights)
        }
        return result
    }

    // MARK: DifferentiableModel

    public func inputGradient(_ inputs: Matrix) -> Matrix {
        predictionsAndInputGradients(inputs).gradients
    }

    /// f̂ and ∇ₓf̂ at every row of `inputs` from one product Z = X·Wᵀ: f̂ = σ(Z)·θ, then Z is
    /// overwritten by θ ⊙ 1[Z > 0] and multiplied by W.
    public func predictionsAndInputGradients(_ inputs: Matrix) -> (predictions: [Double], gradients: Matrix) {
        var gradient = [Double]()
        var predictions = [Double](repeating: 0, count: inputs.rows)
        gradient.reserveCapacity(inputs.rows * inputs.columns)
        let n = weights.count
        var start = 0
        forEachBlock(of: inputs) { block in
            var masked = Matrix.multiply(block, .none, directions, .transpose)
            masked.withUnsafeMutableBufferPointer { buffer in
                weights.withUnsafeBufferPointer { theta in
                    predictions.withUnsafeMutableBufferPointer { values in
                        Parallelism.forEachRange(count: block.rows, minimumPerThread: 16) { rows in
                            for i in rows {
                                values[start + i] = Self.maskRow(buffer.baseAddress! + i * n, theta.baseAddress!, n)
                            }
                        }
                    }
                }
            }
            gradient += Matrix.multiply(masked, .none, directions, .none).elements
            start += block.rows
        }
        return (predictions, Matrix(rows: inputs.rows, columns: inputs.columns, elements: gradient))
    }

    /// Overwrites z_ℓ = w_ℓᵀx by θ_ℓ·1[z_ℓ > 0] and returns f̂(x) = Σ_ℓ θ_ℓ σ(z_ℓ), in a fixed order.
    @inline(__always)
    static func maskRow(_ z: UnsafeMutablePointer<Double>, _ theta: UnsafePointer<Double>, _ n: Int) -> Double {
        let zero = SIMD4<Double>()
        let shift = SIMD4<Double>(repeating: Self.centring)
        var sum = SIMD4<Double>()
        var j = 0
        while j < n {
            let lanes = min(4, n - j)
            var values = SIMD4<Double>(repeating: -1)
            var weights = SIMD4<Double>()
            if lanes == 4 {
                values = UnsafeRawPointer(z + j).loadUnaligned(as: SIMD4<Double>.self)
                weights = UnsafeRawPointer(theta + j).loadUnaligned(as: SIMD4<Double>.self)
            } else {
                for l in 0..<lanes {
                    values[l] = z[j + l]
                    weights[l] = theta[j + l]
                }
            }
            let positive = values .> 0
            sum = sum.addingProduct(weights, values.replacing(with: zero, where: .!positive) - shift)
            let mask = zero.replacing(with: weights, where: positive)
            if lanes == 4 {
                UnsafeMutableRawPointer(z + j).storeBytes(of: mask, as: SIMD4<Double>.self)
            } else {
                for l in 0..<lanes { z[j + l] = mask[l] }
            }
            j += 4
        }
        return sum.sum()
    }

    /// Runs `body` over consecutive row blocks of `inputs` (the whole matrix when it fits).
    private func forEachBlock(of inputs: Matrix, _ body: (Matrix) -> Void) {
        let rowsPerBlock = max(64, Self.blockBytes / (8 * max(1, weights.count)))
        if inputs.rows <= rowsPerBlock {
            body(inputs)
            return
        }
        for start in stride(from: 0, to: inputs.rows, by: rowsPerBlock) {
            body(inputs.rows(at: Array(start..<min(inputs.rows, start + rowsPerBlock))))
        }
    }
}

extension RandomFeaturesFit {
    /// θ̂, the trained output weights (`OutputWeightsModel`).
    public var outputWeights: [Double] { weights }
}
