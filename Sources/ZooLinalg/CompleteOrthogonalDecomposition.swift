// MARK: - Complete orthogonal decomposition

/// A rank-revealing complete orthogonal decomposition of q vectors of length p (q ≤ p), the rows of W:
///
///     Π·W = L·Gᵀ,   L = [L₁₁ 0; L₂₁ L₂₂] (q×q lower triangular), G (p×q) orthonormal columns,
///
/// with the numerical rank r the number of leading diagonal entries |L_kk| above the threshold
/// τ_rel·|L₀₀| (|L₀₀| = the largest vector norm), after which L₂₂ is dropped: Π·W ≈ B·G_rᵀ with
/// B = L[:, 0..<r] of full column rank. B is then factored once more (B = H′·[L′ᵀ; 0]) so that both
/// least-squares problems below are solved with triangular substitutions only (the LAPACK dgelsy
/// construction, in row-vector form).
///
/// Stages (for q ≥ 32; smaller problems go straight to stage 2 on W):
/// 1. blocked, unpivoted Householder LQ, W = L₁·G₁ᵀ (mostly GEMM; backward stable whatever the rank);
/// 2. unless stage 1 already certifies full rank, Householder QR with column pivoting of the q×q factor,
///    Π·L₁ = L·G₂ᵀ, G = G₁·G₂; pivoting L₁ picks the same vectors as pivoting W would, as L₁·L₁ᵀ = W·Wᵀ.
/// Certification: every pivot of a QR satisfies |L_kk| ≥ σ_min, so when a power-iteration estimate of
/// σ_min(L₁) exceeds `certificationMargin` × the threshold, the pivoted factorisation would report full
/// rank, and L₁ itself is used (Π = I). The estimate approaches σ_min from above; from a random start,
/// after 6 iterations it errs high by more than a small factor only with negligible probability, far
/// inside the margin (LAPACK's dgelsy likewise decides the rank with a condition estimator).
struct CompleteOrthogonalDecomposition {
    /// Stage 1 is used when q is at least this large.
    static let preliminaryReductionMinimum = 32
    /// Full rank is certified when the σ_min estimate exceeds this multiple of the rank threshold.
    static let certificationMargin = 1e3
    /// Power iterations on (L₁L₁ᵀ)⁻¹ for the σ_min estimate.
    static let conditionIterations = 6
    /// Seed of the estimator's fixed random start vector.
    static let estimatorSeed: UInt64 = 0x5EED_C0D

    let vectorCount: Int, length: Int
    /// Stage-1 storage (q×p, L₁ below the diagonal and the reflectors after it), or nil if skipped.
    private var stageOne: [Double]?
    private var stageOneTaus: [Double] = []
    /// Stage-2 storage (q×p₂, p₂ = q after stage 1, else p): L, and the pivoted reflectors after it.
    private var pivoted: [Double]
    private let pivotedLength: Int
    private let pivoting: PivotedRowHouseholder
    /// Numerical rank and the absolute cutoff on |L_kk| that decided it.
    let rank: Int
    let threshold: Double
    /// Whether stage 1 certified full rank (no pivoting was needed).
    let certifiedFullRank: Bool
    /// Bᵀ (r×q) factored by row Householder when r < q.
    private var deficient: [Double] = []
    private var deficientTaus: [Double] = []

    var permutation: [Int] { pivoting.permutation }

    /// - Parameter relativeThreshold: τ_rel; the default is max(q, p)·ε.
    init(vectors w: [Double], count q: Int, length p: Int, relativeThreshold: Double?) {
        precondition(q <= p && w.count == q * p)
        vectorCount = q
        length = p
        let relative = relativeThreshold ?? Double(max(q, p)) * Double.ulpOfOne
        var work = w
        var certified = false
        var largestNorm = 0.0  // the largest vector norm, which is what |L₀₀| of the pivoted factor equals
        if q >= Self.preliminaryReductionMinimum {
            stageOneTaus = work.withUnsafeMutableBufferPointer {
                BlockedRowHouseholder.factor($0.baseAddress!, rows: q, columns: p, leadingDimension: p)
            }
            var lower = [Double](repeating: 0, count: q * q)
            for i in 0..<q { for j in 0...i { lower[i * q + j] = work[i * p + j] } }
            largestNorm =
                (0..<q).map { i in
                    lower.withUnsafeBufferPointer { SolverVectorKernels.norm($0.baseAddress! + i * q, i + 1) }
                }.max() ?? 0
            let smallest = Self.smallestSingularValueEstimate(lower, size: q)
            certified = smallest > Self.certificationMargin * relative * largestNorm
            stageOne = work
            pivoted = lower
            pivotedLength = q
        } else {
            pivoted = work
            pivotedLength = p
        }
        certifiedFullRank = certified
        let p2 = pivotedLength
        pivoting =
            certified
            ? PivotedRowHouseholder(identity: q)
            : pivoted.withUnsafeMutableBufferPointer {
                PivotedRowHouseholder(factoring: $0.baseAddress!, rows: q, columns: p2, leadingDimension: p2)
            }
        // Rank: leading diagonal entries above the relative cutoff (all of them when certified).
        threshold = relative * (certified ? largestNorm : (q > 0 ? abs(pivoted[0]) : 0))
        var r = 0
        while r < q && (certified || abs(pivoted[r * p2 + r]) > threshold) { r += 1 }
        rank = r
        if r < q && r > 0 {
            var transposed = [Double](repeating: 0, count: r * q)
            for i in 0..<q { for j in 0..<min(i + 1, r) { transposed[j * q + i] = pivoted[i * p2 + j] } }
            deficientTaus = transposed.withUnsafeMutableBufferPointer {
                BlockedRowHouseholder.factor($0.baseAddress!, rows: r, columns: q, leadingDimension: q)
            }
            deficient = transposed
        }
    }

    /// 1/‖L⁻¹‖₂ estimated by power iteration on (L·Lᵀ)⁻¹ from a fixed start (an upper estimate of
    /// σ_min(L); 0 when L is singular to working precision).
    static func smallestSingularValueEstimate(_ l: [Double], size q: Int) -> Double {
        var generator = RandomStream(seed: Self.estimatorSeed, stream: 0)
        var v = (0..<q).map { _ in generator.nextNormal() }  // a generic but reproducible start
        var inverseNorm = 0.0
        for _ in 0..<conditionIterations {
            let norm = Vectors.norm2(v)
            v = v.map { $0 / norm }
            let w = TriangularSubstitution.lower(l, leadingDimension: q, size: q, rightHandSide: v)
            let wNorm = Vectors.norm2(w)
            guard wNorm.isFinite else { return 0 }
            inverseNorm = max(inverseNorm, wNorm)
            v = TriangularSubstitution.lowerTransposed(l, leadingDimension: q, size: q, rightHandSide: w)
            guard v.allSatisfy({ $0.isFinite }) else { return 0 }
        }
        return inverseNorm > 0 ? 1 / inverseNorm : 0
    }

    // MARK: Solves

    /// G·[w; 0] for w of length ≤ q: a vector of length p.
    private func expand(_ w: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: length)
        for i in w.indices { x[i] = w[i] }
        let taus2 = pivoting.taus
        let p2 = pivotedLength
        pivoted.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer {
                HouseholderReflector.applyBackward(
                    a.baseAddress!, lda: p2, taus: taus2, length: p2, to: $0.baseAddress!)
            }
        }
        if let stageOne {
            let taus1 = stageOneTaus
            let p = length
            stageOne.withUnsafeBufferPointer { a in
                x.withUnsafeMutableBufferPointer {
                    HouseholderReflector.applyBackward(
                        a.baseAddress!, lda: p, taus: taus1, length: p, to: $0.baseAddress!)
                }
            }
        }
        return x
    }

    /// The first `count` entries of Gᵀ·y for y of length p.
    private func project(_ y: [Double], count: Int) -> [Double] {
        var x = y
        if let stageOne {
            let taus1 = stageOneTaus
            let p = length
            stageOne.withUnsafeBufferPointer { a in
                x.withUnsafeMutableBufferPointer {
                    HouseholderReflector.applyForward(
                        a.baseAddress!, lda: p, taus: taus1, length: p, to: $0.baseAddress!)
                }
            }
        }
        let taus2 = pivoting.taus
        let p2 = pivotedLength
        pivoted.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer {
                HouseholderReflector.applyForward(a.baseAddress!, lda: p2, taus: taus2, length: p2, to: $0.baseAddress!)
            }
        }
        return Array(x[0..<count])
    }

    /// Minimum-norm least squares for the system whose matrix has the vectors as ROWS (W·θ ≈ y, y of
    /// length q, θ of length p): θ = G_r·w with w = argmin ‖Π·y − B·w‖.
    func solveRowSystem(_ y: [Double]) -> [Double] {
        let r = rank
        let q = vectorCount
        if r == 0 { return [Double](repeating: 0, count: length) }
        let permuted = permutation.map { y[$0] }
        let w: [Double]
        if r == q {
            w = TriangularSubstitution.lower(pivoted, leadingDimension: pivotedLength, size: q, rightHandSide: permuted)
        } else {
            // B = H′·[L′ᵀ; 0]: w = L′⁻ᵀ·(H′ᵀ·Πy)[0..<r].
            var c = permuted
            deficient.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer {
                    HouseholderReflector.applyForward(
                        a.baseAddress!, lda: q, taus: deficientTaus, length: q, to: $0.baseAddress!)
                }
            }
            w = TriangularSubstitution.lowerTransposed(
                deficient, leadingDimension: q, size: r, rightHandSide: Array(c[0..<r]))
        }
        return expand(w)
    }

    /// Minimum-norm least squares for the system whose matrix has the vectors as COLUMNS (Wᵀ·θ ≈ y, y of
    /// length p, θ of length q): Bᵀ·(Πθ) = G_rᵀ·y, solved for its minimum-norm solution.
    func solveColumnSystem(_ y: [Double]) -> [Double] {
        let r = rank
        let q = vectorCount
        var theta = [Double](repeating: 0, count: q)
        if r == 0 { return theta }
        let c = project(y, count: r)
        var z: [Double]
        if r == q {
            z = TriangularSubstitution.lowerTransposed(
                pivoted, leadingDimension: pivotedLength, size: q, rightHandSide: c)
        } else {
            // Bᵀ = [L′ 0]·H′ᵀ: z = H′·[L′⁻¹c; 0].
            let u = TriangularSubstitution.lower(deficient, leadingDimension: q, size: r, rightHandSide: c)
            z = [Double](repeating: 0, count: q)
            for i in 0..<r { z[i] = u[i] }
            deficient.withUnsafeBufferPointer { a in
                z.withUnsafeMutableBufferPointer {
                    HouseholderReflector.applyBackward(
                        a.baseAddress!, lda: q, taus: deficientTaus, length: q, to: $0.baseAddress!)
                }
            }
        }
        for i in 0..<q { theta[permutation[i]] = z[i] }
        return theta
    }
}
