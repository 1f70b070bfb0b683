// MARK: - Householder reflectors on row vectors
//
// Storage convention shared by the least-squares code: a set of q vectors of length p is held as the
// rows of a row-major q×p array W (so every vector is contiguous). "QR of the vectors" then means
// multiplying every row on the right by reflectors, W·H₀·H₁⋯ = [L 0], with L lower triangular: this is
// the QR factorisation of the p×q matrix Wᵀ (L = Rᵀ), written as an LQ factorisation of W.

/// Dense vector kernels with several independent accumulators, so the loops vectorise under AVX2/FMA
/// without reassociation flags. Used by the Householder, Jacobi and Lanczos code.
enum SolverVectorKernels {
    /// Σ a[i]·b[i] with four SIMD4 accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = SIMD4<Double>()
        var s1 = SIMD4<Double>()
        var s2 = SIMD4<Double>()
        var s3 = SIMD4<Double>()
        var i = 0
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        while i + 16 <= count {
            let byteOffset = i * 8
            s0.addProduct(
                rawA.loadUnaligned(fromByteOffset: byteOffset, as: SIMD4<Double>.self),
                rawB.loadUnaligned(fromByteOffset: byteOffset, as: SIMD4<Double>.self))
            s1.addProduct(
                rawA.loadUnaligned(fromByteOffset: byteOffset + 32, as: SIMD4<Double>.self),
                rawB.loadUnaligned(fromByteOffset: byteOffset + 32, as: SIMD4<Double>.self))
            s2.addProduct(
                rawA.loadUnaligned(fromByteOffset: byteOffset + 64, as: SIMD4<Double>.self),
                rawB.loadUnaligned(fromByteOffset: byteOffset + 64, as: SIMD4<Double>.self))
            s3.addProduct(
                rawA.loadUnaligned(fromByteOffset: byteOffset + 96, as: SIMD4<Double>.self),
                rawB.loadUnaligned(fromByteOffset: byteOffset + 96, as: SIMD4<Double>.self))
            i += 16
        }
        while i + 4 <= count {
            s0.addProduct(
                rawA.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self),
                rawB.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self))
            i += 4
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// y[i] += alpha·x[i].
    @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// Sums of squares inside this range cannot have lost accuracy to under- or overflow.
    static let safeSquareSumRange = 0x1p-900...0x1p900

    /// The Euclidean norm, rescaled when the plain sum of squares would under- or overflow.
    static func norm(_ x: UnsafePointer<Double>, _ count: Int) -> Double {
        let plain = dot(x, x, count)
        if plain.isNormal && plain < safeSquareSumRange.upperBound && plain > safeSquareSumRange.lowerBound {
            return plain.squareRoot()
        }
        var scale = 0.0
        for i in 0..<count { scale = max(scale, abs(x[i])) }
        if scale == 0 || !scale.isFinite { return scale }
        var sum = 0.0
        for i in 0..<count {
            let v = x[i] / scale
            sum += v * v
        }
        return scale * sum.squareRoot()
    }
}

/// Elementary Householder reflectors H = I − τ·v·vᵀ with v₀ = 1, stored LAPACK-style: v[1...] overwrites
/// the vector it annihilates and the leading entry holds the result β.
enum HouseholderReflector {
    /// Turns x (length `count`) into β·e₀: on return x[0] = β, x[1...] = v[1...]; returns τ.
    /// τ = 0 (H = I) when x[1...] is already zero.
    static func generate(_ x: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
        guard count > 1 else { return 0 }
        let alpha = x[0]
        let tailNorm = SolverVectorKernels.norm(x + 1, count - 1)
        if tailNorm == 0 { return 0 }
        let magnitude = hypotenuse(alpha, tailNorm)
        let beta = alpha >= 0 ? -magnitude : magnitude
        let tau = (beta - alpha) / beta
        let scale = 1 / (alpha - beta)
        for i in 1..<count { x[i] *= scale }
        x[0] = beta
        return tau
    }

    /// row ← row·H for a row vector of length `count` (H is symmetric, so also H·row).
    /// `v` points at the stored reflector (its leading entry is taken as 1).
    @inline(__always)
    static func apply(tau: Double, v: UnsafePointer<Double>, to row: UnsafeMutablePointer<Double>, _ count: Int) {
        if tau == 0 { return }
        let projection = row[0] + SolverVectorKernels.dot(v + 1, row + 1, count - 1)
        let factor = -tau * projection
        row[0] += factor
        SolverVectorKernels.axpy(factor, v + 1, row + 1, count - 1)
    }

    /// √(a² + b²) without intermediate overflow.
    static func hypotenuse(_ a: Double, _ b: Double) -> Double {
        let x = abs(a)
        let y = abs(b)
        let big = max(x, y)
        let small = min(x, y)
        if big == 0 { return 0 }
        let ratio = small / big
        return big * (1 + ratio * ratio).squareRoot()
    }
}

// MARK: - Householder QR with column pivoting (row-vector form)

/// Householder QR with column pivoting of the vectors stored as rows (Businger–Golub), in place.
///
/// With W the q×p array of rows, it computes a permutation Π and reflectors H₀…H_{t−1}, t = min(q, p), with
/// Π·W·H₀⋯H_{t−1} = [L 0], L lower trapezoidal, the rows chosen greedily by largest remaining norm so that
/// |L₀₀| ≥ |L₁₁| ≥ … (approximately). On return row k holds L's row k in its first k+1 entries and v_k
/// after the diagonal. Remaining norms are downdated and recomputed when cancellation makes the downdate
/// unreliable (the LAPACK dlaqp2 safeguard). Rows are updated in parallel (each row independently, so the
/// result does not depend on the thread count).
struct PivotedRowHouseholder {
    /// Original index of the row now at position i.
    var permutation: [Int]
    /// τ of each reflector.
    var taus: [Double]

    /// Below this fraction of its original norm a row's downdated norm is recomputed from scratch.
    static let normRecomputeRatio = Double.ulpOfOne.squareRoot()
    /// Minimum trailing-block size (entries) before the row updates are spread over threads.
    static let parallelThreshold = 1 << 15

    /// No pivoting and no reflectors (Π = I, H = I).
    init(identity q: Int) {
        permutation = Array(0..<q)
        taus = []
    }

    init(factoring a: UnsafeMutablePointer<Double>, rows q: Int, columns p: Int, leadingDimension lda: Int) {
        let steps = min(q, p)
        permutation = Array(0..<q)
        taus = [Double](repeating: 0, count: steps)
        var norms = (0..<q).map { SolverVectorKernels.norm(a + $0 * lda, p) }
        var originalNorms = norms
        for k in 0..<steps {
            // Pivot: the row with the largest remaining norm.
            var best = k
            for i in (k + 1)..<q where norms[i] > norms[best] { best = i }
            if best != k {
                for j in 0..<p { swap(&a[k * lda + j], &a[best * lda + j]) }
                permutation.swapAt(k, best)
                norms.swapAt(k, best)
                originalNorms.swapAt(k, best)
            }
            let pivotRow = a + k * lda + k
            let tau = HouseholderReflector.generate(pivotRow, p - k)
            taus[k] = tau
            let remaining = q - k - 1
            if remaining == 0 { continue }
            let length = p - k
            let body: (Range<Int>) -> Void = { range in
                for i in range {
                    let row = a + (k + 1 + i) * lda + k
                    HouseholderReflector.apply(tau: tau, v: pivotRow, to: row, length)
                }
            }
            if remaining * length >= Self.parallelThreshold {
                Parallelism.forEachRange(count: remaining, minimumPerThread: 8, body)
            } else {
                body(0..<remaining)
            }
            // Downdate the remaining norms by the component just split off.
            for i in (k + 1)..<q where norms[i] != 0 {
                let ratio = abs(a[i * lda + k]) / norms[i]
                let factor = max(0, (1 - ratio) * (1 + ratio))
                let relative = factor * (norms[i] / originalNorms[i]) * (norms[i] / originalNorms[i])
                if relative <= Self.normRecomputeRatio {
                    norms[i] = SolverVectorKernels.norm(a + i * lda + k + 1, p - k - 1)
                    originalNorms[i] = norms[i]
                } else {
                    norms[i] *= factor.squareRoot()
                }
            }
        }
    }
}

// MARK: - Blocked Householder LQ of row vectors

/// Unpivoted Householder factorisation of the rows of a q×p row-major array (q ≤ p), in place, blocked so
/// that most of the work is GEMM: W·H₀⋯H_{q−1} = [L 0], W = L·Gᵀ with G = H₀⋯H_{q−1}[I; 0] (p×q,
/// orthonormal columns). Panels of `blockSize` rows are factored one reflector at a time; their product is
/// written in compact WY form I − V·T·Vᵀ (T upper triangular) and applied to the rows below by two GEMMs.
/// Householder QR is backward stable whatever the rank, so L carries X's singular values and numerical
/// rank to working accuracy; the rank itself is decided afterwards on L (see `CompleteOrthogonalDecomposition`).
enum BlockedRowHouseholder {
    /// Rows per panel.
    static let blockSize = 64
    /// Below this many rows the unblocked loop is used throughout.
    static let blockingThreshold = 96

    /// Factors in place; returns the τ of each reflector.
    static func factor(_ a: UnsafeMutablePointer<Double>, rows q: Int, columns p: Int, leadingDimension lda: Int)
        -> [Double]
    {
        precondition(q <= p, "BlockedRowHouseholder needs no more rows than columns")
        var taus = [Double](repeating: 0, count: q)
        var panelStart = 0
        while panelStart < q {
            let panelRows = q < blockingThreshold ? q - panelStart : min(blockSize, q - panelStart)
            let width = p - panelStart
            // Unblocked factorisation of the panel.
            for j in 0..<panelRows {
                let k = panelStart + j
                let pivotRow = a + k * lda + k
                let tau = HouseholderReflector.generate(pivotRow, p - k)
                taus[k] = tau
                for i in (j + 1)..<panelRows {
                    HouseholderReflector.apply(tau: tau, v: pivotRow, to: a + (panelStart + i) * lda + k, p - k)
                }
            }
            let trailingStart = panelStart + panelRows
            let trailingRows = q - trailingStart
            if trailingRows > 0 {
                applyPanel(
                    a, panelStart: panelStart, panelRows: panelRows, width: width,
                    taus: Array(taus[panelStart..<trailingStart]),
                    trailing: a + trailingStart * lda + panelStart, trailingRows: trailingRows, lda: lda)
            }
            panelStart = trailingStart
        }
        return taus
    }

    /// Rows ← Rows·(I − V·T·Vᵀ) for the panel's reflectors: Y = Rows·V, Y ← Y·T, Rows −= Y·Vᵀ.
    private static func applyPanel(
        _ a: UnsafeMutablePointer<Double>, panelStart: Int, panelRows nb: Int, width: Int, taus: [Double],
        trailing: UnsafeMutablePointer<Double>, trailingRows: Int, lda: Int
    ) {
        // V stored as nb rows of length `width`: zeros before the diagonal, 1 on it, v after it.
        var reflectors = [Double](repeating: 0, count: nb * width)
        reflectors.withUnsafeMutableBufferPointer { v in
            for j in 0..<nb {
                let source = a + (panelStart + j) * lda + panelStart
                v[j * width + j] = 1
                for c in (j + 1)..<width { v[j * width + c] = source[c] }
            }
        }
        let triangle = compactTriangle(reflectors, rows: nb, width: width, taus: taus)
        var product = [Double](repeating: 0, count: trailingRows * nb)
        reflectors.withUnsafeBufferPointer { v in
            product.withUnsafeMutableBufferPointer { y in
                gemm(
                    .none, .transpose, m: trailingRows, n: nb, k: width, alpha: 1, a: trailing, lda: lda,
                    b: v.baseAddress!, ldb: width, beta: 0, c: y.baseAddress!, ldc: nb)
                // Y ← Y·T, T upper triangular: column j of the result uses entries 0...j, so go right to left.
                for r in 0..<trailingRows {
                    let row = y.baseAddress! + r * nb
                    for j in stride(from: nb - 1, through: 0, by: -1) {
                        var sum = 0.0
                        for i in 0...j { sum += row[i] * triangle[i * nb + j] }
                        row[j] = sum
                    }
                }
                gemm(
                    .none, .none, m: trailingRows, n: width, k: nb, alpha: -1, a: y.baseAddress!, lda: nb,
                    b: v.baseAddress!, ldb: width, beta: 1, c: trailing, ldc: lda)
            }
        }
    }

    /// The upper-triangular T with H₀⋯H_{nb−1} = I − V·T·Vᵀ (forward, columnwise accumulation):
    /// T_jj = τ_j, T[0..<j, j] = −τ_j·T[0..<j, 0..<j]·(Vᵀv_j)[0..<j].
    private static func compactTriangle(_ v: [Double], rows nb: Int, width: Int, taus: [Double]) -> [Double] {
        var t = [Double](repeating: 0, count: nb * nb)
        v.withUnsafeBufferPointer { vp in
            let base = vp.baseAddress!
            var overlaps = [Double](repeating: 0, count: nb)
            for j in 0..<nb {
                t[j * nb + j] = taus[j]
                if j == 0 { continue }
                for i in 0..<j {
                    // v_i and v_j overlap from position j on (v_j is zero before j).
                    overlaps[i] = SolverVectorKernels.dot(base + i * width + j, base + j * width + j, width - j)
                }
                for i in 0..<j {
                    var sum = 0.0
                    for l in i..<j { sum += t[i * nb + l] * overlaps[l] }
                    t[i * nb + j] = -taus[j] * sum
                }
            }
        }
        return t
    }
}

// MARK: - Applying the stored reflectors to a vector

extension HouseholderReflector {
    /// x ← H_{count−1}⋯H₁·H₀·x (reflector k acts on x[k...]); with the convention W = L·Gᵀ this
    /// computes Gᵀx in x[0..<count] (and the orthogonal complement's coordinates after it).
    static func applyForward(
        _ a: UnsafePointer<Double>, lda: Int, taus: [Double], length p: Int,
        to x: UnsafeMutablePointer<Double>
    ) {
        for k in 0..<taus.count {
            apply(tau: taus[k], v: a + k * lda + k, to: x + k, p - k)
        }
    }

    /// x ← H₀·H₁⋯H_{count−1}·x; with x = [w; 0] this computes G·w.
    static func applyBackward(
        _ a: UnsafePointer<Double>, lda: Int, taus: [Double], length p: Int,
        to x: UnsafeMutablePointer<Double>
    ) {
        for k in stride(from: taus.count - 1, through: 0, by: -1) {
            apply(tau: taus[k], v: a + k * lda + k, to: x + k, p - k)
        }
    }
}
