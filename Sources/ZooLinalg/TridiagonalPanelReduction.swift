// MARK: - Blocked Householder tridiagonalisation (LAPACK latrd/sytrd style)

extension TridiagonalReduction {
    /// Reflectors per panel in the blocked reduction.
    static let panelWidth = 32
    /// From this order on the blocked reduction is used; below it the fused unblocked one.
    static let blockedThreshold = 64
    /// Rows per GEMM call in the lower-triangular trailing update.
    static let trailingRowBlock = 192

    /// Blocked reduction of the symmetric `a` (n ≥ 3, lower triangle read), same maths as the unblocked steps.
    ///
    /// A panel of b reflectors k₀ … k₀+b−1 is built while the trailing matrix stays stale: with the
    /// pairs (v_l, w_l) of the panel so far, the current trailing matrix is A − Σ_l (v_l w_lᵀ + w_l v_lᵀ).
    /// Step k of the panel
    /// 1. brings row k up to date with those pairs,
    /// 2. builds the reflector (τ, v) from it,
    /// 3. forms p = τ (A_stale v − V (Wᵀ v) − W (Vᵀ v)) — the matrix-vector product is the only
    ///    O(n²) part and is split by rows across threads,
    /// 4. stores w = p − (τ/2)(pᵀ v) v.
    /// After the panel the trailing block A[k₁…, k₁…] −= [V W][W V]ᵀ is applied to the lower triangle
    /// only, as GEMMs with inner dimension 2b on row blocks. Only the lower triangle of `a` is read and
    /// kept current; the upper part of row k serves as scratch and then holds v_k.
    mutating func reduceBlocked(_ a: inout Matrix) {
        let n = dimension
        let b = Self.panelWidth
        let width2 = 2 * b
        // One workspace: left row g = [v_0(g) … v_{b−1}(g) | w_0(g) … w_{b−1}(g)], right row g =
        // [w … | v …] (both n × 2b), v, p (n each), coefficients and projections (2b each), the
        // partial products (pieces × n) and the panel's columns (b × n).
        let sizes = [n * width2, n * width2, n, n, width2, width2, Self.productPartitions * n, b * n]
        let workspace = UnsafeMutablePointer<Double>.allocate(capacity: sizes.reduce(0, +))
        workspace.initialize(repeating: 0, count: sizes.reduce(0, +))
        defer { workspace.deallocate() }
        var starts = [Int]()
        var offset = 0
        for size in sizes {
            starts.append(offset)
            offset += size
        }
        let l = workspace + starts[0]
        let r = workspace + starts[1]
        let v = workspace + starts[2]
        let p = workspace + starts[3]
        let coef = workspace + starts[4]
        let proj = workspace + starts[5]
        let partials = workspace + starts[6]
        let panelColumns = workspace + starts[7]

        a.withUnsafeMutableBufferPointer { storage in
            let base = storage.baseAddress!
            var k0 = 0
            while k0 < n - 2 {
                let panel = min(b, n - 2 - k0)
                (l + k0 * width2).update(repeating: 0, count: (n - k0) * width2)
                (r + k0 * width2).update(repeating: 0, count: (n - k0) * width2)
                // The panel's columns of the lower triangle, transposed once (each row contributes a
                // contiguous segment) so step 1 reads them contiguously.
                for c in k0..<n {
                    let source = base + c * n + k0
                    for j in 0..<min(panel, c - k0 + 1) { panelColumns[j * n + c] = source[j] }
                }
                for j in 0..<panel {
                    let k = k0 + j
                    let row = base + k * n
                    // 1. row k ← column k of the lower triangle, brought up to date with the panel's
                    //    pairs: a_ck − Σ_l v_l(c) w_l(k) + w_l(c) v_l(k) (coefficients pair with left's halves).
                    let column = panelColumns + j * n
                    for c in k..<n { row[c] = column[c] }
                    if j > 0 {
                        for c in 0..<b {
                            coef[c] = l[k * width2 + b + c]
                            coef[b + c] = l[k * width2 + c]
                        }
                        for c in k..<n { row[c] -= Self.pairDot(l + c * width2, coef, filled: j, half: b) }
                    }
                    // 2. reflector
                    diagonal[k] = row[k]
                    let (beta, tauK) = Self.makeReflector(row: row, from: k + 1, to: n)
                    offDiagonal[k] = beta
                    tau[k] = tauK
                    v[k + 1] = 1
                    for g in (k + 2)..<n { v[g] = row[g] }
                    for g in (k + 1)..<n {
                        l[g * width2 + j] = v[g]
                        r[g * width2 + b + j] = v[g]
                    }
                    if tauK == 0 { continue }
                    // 3. p = τ (A_stale v − V (Wᵀv) − W (Vᵀv))
                    Self.staleProduct(
                        base: base, n: n, from: k + 1, reflector: v, into: p,
                        partials: partials)
                    if j > 0 {
                        for c in 0..<width2 { proj[c] = 0 }
                        for g in (k + 1)..<n {
                            let vg = v[g]
                            let source = l + g * width2
                            for c in 0..<j { proj[c] += source[c] * vg }
                            for c in b..<(b + j) { proj[c] += source[c] * vg }
                        }
                        // proj = [Vᵀv | Wᵀv]; V pairs with Wᵀv and W with Vᵀv.
                        for c in 0..<b {
                            coef[c] = proj[b + c]
                            coef[b + c] = proj[c]
                        }
                        for g in (k + 1)..<n { p[g] -= Self.pairDot(l + g * width2, coef, filled: j, half: b) }
                    }
                    // 4. w = τ p − (τ/2)(τ pᵀv) v
                    var pv = 0.0
                    for g in (k + 1)..<n {
                        p[g] *= tauK
                        pv += p[g] * v[g]
                    }
                    let correction = 0.5 * tauK * pv
                    for g in (k + 1)..<n {
                        let w = p[g] - correction * v[g]
                        l[g * width2 + b + j] = w
                        r[g * width2 + j] = w
                    }
                }
                // Trailing update of the lower triangle of A[k₁…, k₁…] −= [V W] [W V]ᵀ, by row blocks.
                let k1 = k0 + panel
                var rowStart = k1
                while rowStart < n {
                    let rowEnd = min(n, rowStart + Self.trailingRowBlock)
                    gemm(
                        .none, .transpose, m: rowEnd - rowStart, n: rowEnd - k1, k: width2, alpha: -1,
                        a: l + rowStart * width2, lda: width2, b: r + k1 * width2, ldb: width2, beta: 1,
                        c: base + rowStart * n + k1, ldc: n)
                    rowStart = rowEnd
                }
                k0 = k1
            }
            diagonal[n - 2] = base[(n - 2) * n + n - 2]
            diagonal[n - 1] = base[(n - 1) * n + n - 1]
            offDiagonal[n - 2] = base[(n - 1) * n + n - 2]
        }
    }

    /// x[0..<filled]·y[0..<filled] + x[half..<half+filled]·y[half..<half+filled]: a dot product over the
    /// filled columns of both halves of a panel row (the columns beyond `filled` are still zero).
    @inline(__always)
    static func pairDot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, filled: Int, half: Int) -> Double {
        TridiagonalKernels.dot(x, y, count: filled) + TridiagonalKernels.dot(x + half, y + half, count: filled)
    }

    /// p[g] = Σ_h A[g, h] v[h] over g, h ≥ `from`, reading only the lower triangle of the stale matrix.
    ///
    /// The rows are cut into `productPartitions` pieces of about equal triangular area (a fixed cut,
    /// independent of the thread count). Piece t reads each of its row segments A[g, from…g] once, for
    /// the dot product with v (entry g) and for the axpy v_g A[g, from…g−1] into the columns above;
    /// it writes a private partial vector, and the partials are summed in a fixed order.
    static func staleProduct(
        base: UnsafeMutablePointer<Double>, n: Int, from: Int,
        reflector v: UnsafeMutablePointer<Double>, into p: UnsafeMutablePointer<Double>,
        partials: UnsafeMutablePointer<Double>
    ) {
        let count = n - from
        let pieces = count * count >= parallelThreshold ? productPartitions : 1
        // Cut points with equal area: rows from … from+count, piece t ends where (rows)² ≈ (t+1)/pieces.
        var cuts = [from]
        for t in 1..<pieces {
            let end = from + Int((Double(count * count) * Double(t) / Double(pieces)).squareRoot())
            cuts.append(max(cuts[t - 1], end))
        }
        cuts.append(n)
        let box = UncheckedSendableBox((base, v, partials))
        // The pieces are the same whether or not they run in parallel; below `parallelDispatchThreshold`
        // they run on the calling thread, where starting a second thread would cost more than it saves.
        Parallelism.withThreadLimit(count * count >= parallelDispatchThreshold ? Parallelism.threadCount : 1) {
            Parallelism.forEach(chunks: pieces) { piece in
                let (base, v, partials) = box.value
                let partial = partials + piece * n
                (partial + from).update(repeating: 0, count: count)
                var g = cuts[piece]
                let end = cuts[piece + 1]
                // Four rows at a time over their common columns, then each row's remaining columns.
                while g + 4 <= end {
                    let row0 = base + g * n + from
                    let dots = TridiagonalKernels.dotAndAxpyFour(
                        row0, row0 + n, row0 + 2 * n, row0 + 3 * n, v + from,
                        SIMD4(v[g], v[g + 1], v[g + 2], v[g + 3]), partial + from, count: g - from)
                    for t in 0..<4 {
                        let row = row0 + t * n
                        var dot = dots[t]
                        for c in (g - from)..<(g + t - from) {
                            dot += row[c] * v[from + c]
                            partial[from + c] += v[g + t] * row[c]
                        }
                        partial[g + t] += dot + row[g + t - from] * v[g + t]
                    }
                    g += 4
                }
                while g < end {
                    let rowSegment = base + g * n + from
                    let dot = TridiagonalKernels.dotAndAxpy(rowSegment, v + from, v[g], partial + from, count: g - from)
                    partial[g] += dot + rowSegment[g - from] * v[g]
                    g += 1
                }
            }
        }
        for g in from..<n {
            var sum = 0.0
            for piece in 0..<pieces { sum += partials[piece * n + g] }
            p[g] = sum
        }
    }

    /// Fixed number of pieces of the symmetric product (thread-count independent).
    static let productPartitions = 4
    /// Smallest trailing triangle (count² entries) whose product pieces run on several threads: about
    /// 0.2 Mflop, several times a thread start (measured: at n = 500 the 2-thread eigh was slower than
    /// the 1-thread one when every step above 96² dispatched).
    static let parallelDispatchThreshold = 320 * 320
}
