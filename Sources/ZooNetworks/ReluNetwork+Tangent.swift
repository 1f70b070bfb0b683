import ZooCore
import ZooLinalg

// MARK: - The tangent kernel of the finite network, for the step size

extension ReluNetwork {
    /// J·(U, u) for a direction (U for W, u for a) of the trained layers: row i is
    /// m^(−1/2) Σⱼ [uⱼ relu(wⱼᵀxᵢ) + aⱼ 1[wⱼᵀxᵢ > 0] Uⱼᵀxᵢ], computed in row blocks (Z = XWᵀ, P = XUᵀ).
    public func jacobianProduct(_ inputs: Matrix, hidden direction: Matrix?, output outputDirection: [Double]?) -> [Double] {
        let n = inputs.rows, d = dimension, m = width, s = scale
        var result = [Double](repeating: 0, count: n)
        let block = min(Self.blockRows, n)
        let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: direction == nil ? 0 : block * m)
        defer { p.deallocate() }
        let u = outputDirection ?? []
        output.withUnsafeBufferPointer { a in
            u.withUnsafeBufferPointer { up in
                (direction ?? Matrix(rows: 0, columns: 0)).withUnsafeBufferPointer { directionPointer in
                    result.withUnsafeMutableBufferPointer { out in
                        forEachBlock(inputs) { rows, z, x in
                            if direction != nil {
                                gemm(.none, .transpose, m: rows.count, n: m, k: d, alpha: 1, a: x, lda: d,
                                     b: directionPointer.baseAddress!, ldb: d, beta: 0, c: p.baseAddress!, ldc: m)
                            }
                            let shared = UncheckedBox((z, direction == nil ? nil : p.baseAddress!,
                                                       outputDirection == nil ? nil : up.baseAddress!,
                                                       a.baseAddress!, out.baseAddress! + rows.lowerBound))
                            Parallelism.forEachRange(count: rows.count, minimumPerThread: 16) { range in
                                let (z, p, u, a, out) = shared.value
                                for i in range {
                                    out[i] = s * ReluKernels.tangentDot(z: z + i * m, p: p.map { $0 + i * m }, u: u, a: a, count: m)
                                }
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
