import ZooCore
import ZooLinalg

// MARK: - The fitted random-features model

/// f̂(x) = θᵀσ(Wx), σ(t) = max(t, 0) − 1/√(2π), with its batched input gradient
///
///     ∇ₓf̂(x) = Wᵀ(θ ⊙ 1[Wx > 0]),
///
/// computed for m points at once: Z = X_q·Wᵀ (GEMM), the masked weights M = θ ⊙ 1[Z > 0] entrywise,
/// then M·W (GEMM), in row blocks of at most `blockBytes` of feature entries.
public struct RandomFeaturesFit: DifferentiableModel {
    /// W (N×d), rows on the unit sphere.
    public let directions: Matrix
    /// θ̂, one weight per feature.
    public let weights: [Double]
    public let diagnostics: [String: String]

    /// Feature entries per block of query rows (32 MiB).
    static let blockBytes = 32 << 20

    // MARK: Features

    /// Φ = σ(X·Wᵀ) (n×N): one GEMM, then σ entrywise four at a time, rows split across threads.
    public static func features(_ x: Matrix, directions: Matrix) -> Matrix {
        var phi = Matrix.multiply(x, .none, directions, .transpose)
        let count = phi.elements.count
        phi.withUnsafeMutableBufferPointer { buffer in
            Parallelism.forEachRange(count: count, granularity: 4, minimumPerThread: 1 << 14) { range in
                let base = buffer.baseAddress!
                var j = range.lowerBound
                let zero = SIMD4<Double>(), shift = SIMD4<Double>(repeating: RandomFeaturesRegression.centring)
                while j + 4 <= range.upperBound {
                    let z = UnsafeRawPointer(base + j).loadUnaligned(as: SIMD4<Double>.self)
                    UnsafeMutableRawPointer(base + j).storeBytes(of: z.replacing(with: zero, where: z .< 0) - shift, as: SIMD4<Double>.self)
                    j += 4
                }
                while j < range.upperBound {
                    base[j] = max(base[j], 0) - RandomFeaturesRegression.centring
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
        var gradient = [Double]()
        gradient.reserveCapacity(inputs.rows * inputs.columns)
        let n = weights.count
        forEachBlock(of: inputs) { block in
            // Z = X·Wᵀ, overwritten by θ ⊙ 1[Z > 0].
            var masked = Matrix.multiply(block, .none, directions, .transpose)
            masked.withUnsafeMutableBufferPointer { buffer in
                weights.withUnsafeBufferPointer { theta in
                    Parallelism.forEachRange(count: block.rows, minimumPerThread: 16) { rows in
                        for i in rows {
                            let row = buffer.baseAddress! + i * n
                            var j = 0
                            while j + 4 <= n {
                                let z = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD4<Double>.self)
                                let t = UnsafeRawPointer(theta.baseAddress! + j).loadUnaligned(as: SIMD4<Double>.self)
                                UnsafeMutableRawPointer(row + j).storeBytes(of: SIMD4(repeating: 0).replacing(with: t, where: z .> 0), as: SIMD4<Double>.self)
                                j += 4
                            }
                            while j < n {
                                row[j] = row[j] > 0 ? theta[j] : 0
                                j += 1
                            }
                        }
                    }
                }
            }
            gradient += Matrix.multiply(masked, .none, directions, .none).elements
        }
        return Matrix(rows: inputs.rows, columns: inputs.columns, elements: gradient)
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
