import ZooCore
import ZooLinalg

// MARK: - The tangent kernel of the finite network, for the step size

extension ReluNetwork {
    /// J·(U, u) for a direction (U for W, u for a) of the trained layers: row i is
    /// m^(−1/2) Σⱼ [uⱼ relu(wⱼᵀxᵢ) + aⱼ 1[wⱼᵀxᵢ > 0] Uⱼᵀxᵢ], computed in row blocks (Z = XWᵀ, P = XUᵀ).
    public func jacobianProduct(_ inputs: Matrix, hidden direction: Matrix?, output outputDirection: [Double]?)
        -> [Double]
    {
        let n = inputs.rows
        let d = dimension
        let m = width
        let s = scale
        var result = [Double](repeating: 0, count: n)
        let block = min(Self.blockRows, n)
        // P = X_block Uᵀ, one scratch block per chunk
        let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: direction == nil ? 0 : Self.rowChunks * block * m)
        defer { p.deallocate() }
        let u = outputDirection ?? []
        let directionMatrix = direction ?? Matrix(rows: 0, columns: 0)
        output.withUnsafeBufferPointer { a in
            u.withUnsafeBufferPointer { up in
                directionMatrix.withUnsafeBufferPointer { dp in
                    result.withUnsafeMutableBufferPointer { out in
                        let shared = UncheckedBox(
                            (
                                a.baseAddress!, direction == nil ? nil : dp.baseAddress!,
                                outputDirection == nil ? nil : up.baseAddress!,
                                direction == nil ? nil : p.baseAddress!, out.baseAddress!
                            ))
                        forEachChunk(inputs) { chunk, rows, z, x in
                            let (a, dp, up, pp, out) = shared.value
                            let pBlock = pp.map { $0 + chunk * block * m }
                            if let dp, let pBlock {
                                gemm(
                                    .none, .transpose, m: rows.count, n: m, k: d, alpha: 1, a: x, lda: d,
                                    b: dp, ldb: d, beta: 0, c: pBlock, ldc: m)
                            }
                            for i in 0..<rows.count {
                                out[rows.lowerBound + i] =
                                    s
                                    * ReluKernels.tangentDot(
                                        z: z + i * m, p: pBlock.map { $0 + i * m },
                                        u: up, a: a, count: m)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// λ_max(J Jᵀ)/n — the largest eigenvalue of the network's empirical tangent kernel on `inputs`
    /// divided by n, i.e. the curvature of (1/2n)‖t − g(X)‖² along its stiffest direction in function
    /// space — by `iterations` power iterations v ← J Jᵀ v from v = 1/√n (the constant direction,
    /// which is nearly the top eigenvector for ReLU features). Returns the Rayleigh quotient ‖Jᵀv‖²/n
    /// of the last iterate (a lower estimate; callers inflate it).
    public func tangentCurvature(_ inputs: Matrix, iterations: Int) -> Double {
        let n = inputs.rows
        guard n > 0 else { return 0 }
        var v = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var rayleigh = 0.0
        for iteration in 0..<max(1, iterations) {
            let pullback = backpropagate(inputs, .given(v))
            rayleigh = Vectors.squaredNorm(pullback.hidden?.elements ?? []) + Vectors.squaredNorm(pullback.output ?? [])
            guard iteration + 1 < iterations, rayleigh > 0, rayleigh.isFinite else { break }
            let image = jacobianProduct(inputs, hidden: pullback.hidden, output: pullback.output)
            let norm = Vectors.norm2(image)
            guard norm > 0, norm.isFinite else { break }
            v = Vectors.scaled(image, by: 1 / norm)
        }
        return rayleigh / Double(n)
    }
}
