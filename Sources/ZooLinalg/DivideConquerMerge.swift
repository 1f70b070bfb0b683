import Foundation

// MARK: - Merging two halves (LAPACK laed1/laed2/laed3 style)

extension TridiagonalDivideConquer {
    /// Merges the eigendecompositions of the two halves of a block into one of the whole block.
    ///
    /// On entry `d[0..<n1]` and `d[n1..<n]` are the eigenvalues of the modified halves T₁ − |β| e_last e_lastᵀ
    /// and T₂ − |β| e₁ e₁ᵀ (any order), and the n × n block at `q` (row stride `ldq`) is diag(Q₁, Q₂)
    /// with their eigenvectors as columns. Then T = diag(Q₁, Q₂) (D + ρ z zᵀ) diag(Q₁, Q₂)ᵀ with ρ = 2|β|
    /// and z = (last row of Q₁, sign(β) · first row of Q₂)/√2, a unit vector.
    ///
    /// 1. Deflation (`laed2`), with tol = 8ε · max(max|d|, max|z|), walking d in ascending order: an
    ///    entry with ρ|z_j| ≤ tol keeps (d_j, column j) as an eigenpair; for two neighbours whose
    ///    Givens rotation G, chosen to zero z_p into z_j, leaves an off-diagonal |(d_j − d_p) c s| ≤ tol,
    ///    the rotation is applied to d and to columns p and j, and (d_p, column p) becomes an eigenpair.
    /// 2. The k remaining (strictly separated) poles give k roots of the secular equation
    ///    (`SecularEquation`), with δ_{ij} = d_i − λ_j held to full relative accuracy.
    /// 3. Gu and Eisenstat: ẑ_i² = −(d_i − λ_i) Π_{j≠i} (d_i − λ_j)/(d_i − d_j) is the weight vector
    ///    for which the computed λ are the exact eigenvalues of D + ρ ẑ ẑᵀ; the eigenvectors
    ///    u_j = (ẑ_i / δ_{ij})_i / ‖·‖ built from it are numerically orthogonal.
    /// 4. The new eigenvectors diag(Q₁, Q₂)·U by two GEMMs: the kept columns are grouped into those
    ///    nonzero only in the upper half, in both (mixed by a deflating rotation) and only in the lower
    ///    half, so each half multiplies only its nonzero columns (about n·k² flops instead of 2n·k²).
    ///
    /// On exit d holds the n eigenvalues of T (the k secular roots ascending, then the deflated ones)
    /// and the block the matching eigenvectors as columns. Every loop that a thread split touches
    /// writes its own outputs only, in a fixed order, so the result does not depend on the thread count.
    static func merge(
        d: UnsafeMutablePointer<Double>, count n: Int, firstHalf n1: Int, coupling beta: Double,
        q: UnsafeMutablePointer<Double>, ldq: Int
    ) {
        let n2 = n - n1
        let rho = 2 * abs(beta)
        let half = 0.5.squareRoot()
        var z = [Double](repeating: 0, count: n)
        for j in 0..<n1 { z[j] = half * q[(n1 - 1) * ldq + j] }
        let sign: Double = beta < 0 ? -half : half
        for j in n1..<n { z[j] = sign * q[n1 * ldq + j] }

        // MARK: Deflation
        var largestD = 0.0
        var largestZ = 0.0
        for j in 0..<n {
            largestD = max(largestD, abs(d[j]))
            largestZ = max(largestZ, abs(z[j]))
        }
        let tolerance = 8 * Double.ulpOfOne * max(largestD, largestZ)
        if rho * largestZ <= tolerance { return }  // T is (numerically) diag(T₁, T₂)
        let order = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
        var kind = (0..<n).map { $0 < n1 ? ColumnKind.upper : ColumnKind.lower }
        var kept = [Int]()
        var deflated = [Int]()
        var pending: Int? = nil
        for j in order {
            if rho * abs(z[j]) <= tolerance {
                deflated.append(j)
                continue
            }
            guard let p = pending else {
                pending = j
                continue
            }
            let r = TridiagonalQL.safeHypot(z[j], z[p])
            let c = z[j] / r
            let s = -z[p] / r
            if abs((d[j] - d[p]) * c * s) <= tolerance {
                z[j] = r
                z[p] = 0
                if kind[p] != kind[j] {
                    kind[p] = .mixed
                    kind[j] = .mixed
                }
                for row in 0..<n {
                    let x = q[row * ldq + p]
                    let y = q[row * ldq + j]
                    q[row * ldq + p] = c * x + s * y
                    q[row * ldq + j] = c * y - s * x
                }
                let dp = d[p] * c * c + d[j] * s * s
                d[j] = d[p] * s * s + d[j] * c * c
                d[p] = dp
                deflated.append(p)
            } else {
                kept.append(p)
            }
            pending = j
        }
        if let p = pending { kept.append(p) }

        // MARK: Secular equation
        let k = kept.count
        let poles = kept.map { d[$0] }
        let weights = kept.map { z[$0] }
        let zSquaredSum = weights.reduce(0) { $0 + $1 * $1 }
        var roots = [Double](repeating: 0, count: k)
        var deltas = [Double](repeating: 0, count: k * k)  // row j: δ_{ij} = d_i − λ_j, i = 0..<k
        solveSecular(
            poles: poles, weights: weights, rho: rho, zSquaredSum: zSquaredSum,
            roots: &roots, deltas: &deltas)

        // MARK: Eigenvectors of D + ρ ẑ ẑᵀ, gathered by column kind
        let upperRows =
            kept.indices.filter { kind[kept[$0]] == .upper } + kept.indices.filter { kind[kept[$0]] == .mixed }
        let lowerRows =
            kept.indices.filter { kind[kept[$0]] == .mixed } + kept.indices.filter { kind[kept[$0]] == .lower }
        var upperU = [Double](repeating: 0, count: max(1, k * upperRows.count))  // row j: u_j at upperRows
        var lowerU = [Double](repeating: 0, count: max(1, k * lowerRows.count))
        secularVectors(
            poles: poles, weights: weights, deltas: &deltas, upperRows: upperRows, lowerRows: lowerRows,
            upperU: &upperU, lowerU: &lowerU)

        // MARK: Back into the block
        let k1 = upperRows.count
        let k2 = lowerRows.count
        let kd = deflated.count
        let upperQ = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n1 * k1))
        let lowerQ = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n2 * k2))
        let savedColumns = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n * kd))
        defer {
            upperQ.deallocate()
            lowerQ.deallocate()
            savedColumns.deallocate()
        }
        gather(q, ldq: ldq, firstRow: 0, rows: n1, columns: upperRows.map { kept[$0] }, into: upperQ)
        gather(q, ldq: ldq, firstRow: n1, rows: n2, columns: lowerRows.map { kept[$0] }, into: lowerQ)
        gather(q, ldq: ldq, firstRow: 0, rows: n, columns: deflated, into: savedColumns)
        let deflatedValues = deflated.map { d[$0] }
        upperU.withUnsafeBufferPointer { u in
            multiplyOrZero(rows: n1, columns: k, inner: k1, a: upperQ, b: u.baseAddress!, c: q, ldc: ldq)
        }
        lowerU.withUnsafeBufferPointer { u in
            multiplyOrZero(rows: n2, columns: k, inner: k2, a: lowerQ, b: u.baseAddress!, c: q + n1 * ldq, ldc: ldq)
        }
        if kd > 0 {
            let box = UncheckedSendableBox((q, UnsafePointer(savedColumns)))
            Parallelism.forEachRange(count: n, minimumPerThread: parallelCopyRows) { range in
                let (q, saved) = box.value
                for row in range { (q + row * ldq + k).update(from: saved + row * kd, count: kd) }
            }
        }
        for j in 0..<k { d[j] = roots[j] }
        for m in 0..<kd { d[k + m] = deflatedValues[m] }
    }

    /// Where a column of diag(Q₁, Q₂) is nonzero.
    enum ColumnKind { case upper, mixed, lower }

    /// Roots below this count are found on one thread.
    static let parallelRootCount = 64

    /// All k secular roots, in parallel over roots (each root's iteration is independent).
    static func solveSecular(
        poles: [Double], weights: [Double], rho: Double, zSquaredSum: Double,
        roots: inout [Double], deltas: inout [Double]
    ) {
        let k = poles.count
        poles.withUnsafeBufferPointer { d in
            weights.withUnsafeBufferPointer { z in
                roots.withUnsafeMutableBufferPointer { lambda in
                    deltas.withUnsafeMutableBufferPointer { delta in
                        let box = UncheckedSendableBox(
                            (
                                d.baseAddress!, z.baseAddress!, lambda.baseAddress!,
                                delta.baseAddress!
                            ))
                        Parallelism.forEachRange(count: k, minimumPerThread: parallelRootCount) { range in
                            let (d, z, lambda, delta) = box.value
                            let shifted = UnsafeMutablePointer<Double>.allocate(capacity: k)
                            defer { shifted.deallocate() }
                            for j in range {
                                lambda[j] = SecularEquation.root(
                                    j, poles: d, weights: z, count: k, rho: rho,
                                    zSquaredSum: zSquaredSum, delta: delta + j * k,
                                    shifted: shifted)
                            }
                        }
                    }
                }
            }
        }
    }

    /// ẑ by Löwner's formula, then the normalised eigenvectors u_j, written as rows j of `upperU` and
    /// `lowerU` restricted to (and ordered by) `upperRows` and `lowerRows`. `deltas` is scratch afterwards.
    static func secularVectors(
        poles: [Double], weights: [Double], deltas: inout [Double],
        upperRows: [Int], lowerRows: [Int], upperU: inout [Double], lowerU: inout [Double]
    ) {
        let k = poles.count
        var zHat = [Double](repeating: 0, count: k)
        let k1 = upperRows.count
        let k2 = lowerRows.count
        poles.withUnsafeBufferPointer { d in
            deltas.withUnsafeMutableBufferPointer { delta in
                zHat.withUnsafeMutableBufferPointer { zHat in
                    let box = UncheckedSendableBox((d.baseAddress!, delta.baseAddress!, zHat.baseAddress!))
                    // ẑ_i, accumulated over roots j in ascending order; threads own ranges of i.
                    Parallelism.forEachRange(count: k, minimumPerThread: parallelRootCount) { range in
                        let (d, delta, zHat) = box.value
                        for i in range { zHat[i] = delta[i * k + i] }
                        for j in 0..<k {
                            let row = delta + j * k
                            let pole = d[j]
                            let low = range.lowerBound
                            let high = range.upperBound
                            for i in low..<max(low, min(j, high)) { zHat[i] *= row[i] / (d[i] - pole) }
                            for i in min(high, max(j + 1, low))..<high { zHat[i] *= row[i] / (d[i] - pole) }
                        }
                        for i in range {
                            let magnitude = max(0, -zHat[i]).squareRoot()
                            zHat[i] = weights[i] < 0 ? -magnitude : magnitude
                        }
                    }
                }
            }
        }
        if k == 1 {
            if k1 > 0 { upperU[0] = 1 }
            if k2 > 0 { lowerU[0] = 1 }
            return
        }
        zHat.withUnsafeBufferPointer { zHat in
            deltas.withUnsafeMutableBufferPointer { delta in
                upperU.withUnsafeMutableBufferPointer { upper in
                    lowerU.withUnsafeMutableBufferPointer { lower in
                        let box = UncheckedSendableBox(
                            (
                                zHat.baseAddress!, delta.baseAddress!, upper.baseAddress!,
                                lower.baseAddress!
                            ))
                        Parallelism.forEachRange(count: k, minimumPerThread: parallelRootCount) { range in
                            let (zHat, delta, upper, lower) = box.value
                            for j in range {
                                let row = delta + j * k
                                // u_i = ẑ_i / δ_ij and ‖u‖², four lanes at a time in a fixed order.
                                var lanes = SIMD4<Double>()
                                var i = 0
                                while i + 4 <= k {
                                    let u =
                                        UnsafeRawPointer(zHat + i).loadUnaligned(as: SIMD4<Double>.self)
                                        / UnsafeRawPointer(row + i).loadUnaligned(as: SIMD4<Double>.self)
                                    UnsafeMutableRawPointer(row + i).storeBytes(of: u, as: SIMD4<Double>.self)
                                    lanes = lanes.addingProduct(u, u)
                                    i += 4
                                }
                                var squares = lanes.sum()
                                while i < k {
                                    let u = zHat[i] / row[i]
                                    row[i] = u
                                    squares += u * u
                                    i += 1
                                }
                                let scale = 1 / squares.squareRoot()
                                for t in 0..<k1 { upper[j * k1 + t] = scale * row[upperRows[t]] }
                                for t in 0..<k2 { lower[j * k2 + t] = scale * row[lowerRows[t]] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Rows below this count are copied on one thread.
    static let parallelCopyRows = 128

    /// target[r · m + t] = q[(firstRow + r) · ldq + columns[t]] (m = columns.count), split by rows.
    static func gather(
        _ q: UnsafeMutablePointer<Double>, ldq: Int, firstRow: Int, rows: Int, columns: [Int],
        into target: UnsafeMutablePointer<Double>
    ) {
        let width = columns.count
        if width == 0 || rows == 0 { return }
        columns.withUnsafeBufferPointer { columns in
            let box = UncheckedSendableBox((UnsafePointer(q), target, columns.baseAddress!))
            Parallelism.forEachRange(count: rows, minimumPerThread: parallelCopyRows) { range in
                let (q, target, columns) = box.value
                for r in range {
                    let source = q + (firstRow + r) * ldq
                    let row = target + r * width
                    for t in 0..<width { row[t] = source[columns[t]] }
                }
            }
        }
    }

    /// C (rows × columns, stride ldc) = A (rows × inner) · Bᵀ (B is columns × inner), or 0 when inner = 0.
    static func multiplyOrZero(
        rows: Int, columns: Int, inner: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        if rows == 0 || columns == 0 { return }
        if inner == 0 {
            for row in 0..<rows { (c + row * ldc).update(repeating: 0, count: columns) }
            return
        }
        gemm(
            .none, .transpose, m: rows, n: columns, k: inner, alpha: 1, a: a, lda: inner,
            b: b, ldb: inner, beta: 0, c: c, ldc: ldc)
    }
}
