import Foundation

// MARK: - Ridge path

/// One ridge solution θ̂(λ) from `RidgePath.solve(lambda:)`.
public struct RidgeSolution: Sendable {
    /// θ̂(λ) = (XᵀX + nλI)⁻¹Xᵀy (λ = 0: the minimum-norm least-squares solution X⁺y).
    public let coefficients: [Double]
    /// The route taken: "lanczos(k=37)", "eigen" or "complete-orthogonal(…)", for reports.
    public let method: String
    /// Numerical rank of X when the route determines it (the λ = 0 direct route), else nil. The Krylov
    /// route returns the minimum-norm solution whatever the rank, without measuring it.
    public let rank: Int?
    /// Relative residual ‖b − (A + nλI)·z‖/‖b‖ of the small-side system actually solved (dual:
    /// A = XXᵀ, b = y; primal: A = XᵀX, b = Xᵀy), evaluated from stored products, not the Lanczos
    /// estimate. For the λ = 0 direct route: ‖y − Xθ‖/‖y‖ (dual) or ‖Xᵀ(y − Xθ)‖/‖Xᵀy‖ (primal).
    public let residual: Double
    /// Lanczos steps in the basis used (0 for the direct routes).
    public let iterations: Int
}

/// Ridge solutions θ̂(λ) = (XᵀX + nλI)⁻¹Xᵀy = Xᵀ(XXᵀ + nλI)⁻¹y for many λ on one (X, y), sharing work.
///
/// Works on the smaller side, m = min(n, d): the dual system (XXᵀ + sI)·α = y with θ = Xᵀα when n ≤ d,
/// the primal (XᵀX + sI)·θ = Xᵀy when n > d, s = nλ. Neither Gram matrix is formed on the fast route:
///
/// 1. **Lanczos** (default). One Lanczos process on A from b (`LanczosTridiagonalization`) serves every
///    shift: z(s) = Q_k·(T_k + sI)⁻¹·e₀‖b‖ with residual β_k|e_kᵀ(T_k + sI)⁻¹e₀|‖b‖. Each step costs one
///    product with X and one with Xᵀ (O(nd)), or, when X is too large for the cache and the small side is
///    below ≈ 2000, one product with the Gram matrix formed once by SYRK (`prefersGram`). The basis is
///    built once, on first use, until the residual for the worst shift s = 0 is below `tolerance`·‖b‖,
///    and each answer is checked against the true residual from the stored products A·q_j.
///    Converges in tens of steps when A's spectrum is a well-conditioned bulk plus a few outliers, e.g.
///    Gaussian data with d well above n.
/// 2. **Direct**, when the basis would exceed `maxIterations` (ill-conditioned A, n ≈ d, or an
///    inconsistent system such as duplicated rows at λ = 0): for λ > 0 the eigendecomposition of the
///    small Gram matrix (`gram` + `SymmetricEigen`), computed once and reused for every λ;
///    for λ = 0 the backward-stable `minimumNormLeastSquares` (rank reported), computed once.
///    Every answer depends only on (X, y, λ), never on the order of calls.
///
/// Accuracy: on the Krylov route the relative forward error of z is at most cond(A + sI)·`tolerance`; on
/// the eigen route about ε·‖A‖/(μ_min + s) relative, improved by iterative refinement with the true
/// operator when that exceeds `tolerance`.
///
/// Thread safety: `solve` may be called from several threads; the lazily built basis and caches are
/// guarded by one lock, so concurrent calls are serialised (each call is cheap once the basis exists).
public final class RidgePath: @unchecked Sendable {
    private let x: any DesignMatrix
    private let y: [Double]
    /// True when n ≤ d (dual system in ℝⁿ), false for the primal system in ℝᵈ.
    private let usesDual: Bool
    public let tolerance: Double
    public let maxIterations: Int
    private let lock = NSLock()
    private let inputError: LinalgError?
    private let rightHandSide: [Double]
    private var lanczos: LanczosTridiagonalization?
    /// The small Gram matrix, when the Lanczos steps run on it rather than on X (see `prefersGram`).
    private var gramMatrix: Matrix?
    /// Forces (true) or forbids (false) the Gram route; nil chooses by size.
    private let formsGram: Bool?
    /// Dual route: Xᵀq_j for each basis vector (k×d rows), so θ = Xᵀz costs O(kd) per λ.
    private var liftedBasis: [Double] = []
    private var eigen: (values: [Double], vectors: Matrix, gram: Matrix)?
    private var minimumNorm: RidgeSolution?
    /// Vᵀb for the Gram eigenvectors V (residuals along the path).
    private var projectedRightHandSide: [Double]?
    /// Primal route: Z = XU for the Gram eigenvectors U (leave-one-out leverages), formed once.
    private var leaveOneOutBasis: Matrix?

    /// The true residual may exceed the requested tolerance by this factor (rounding in the stored products).
    static let verificationSlack = 10.0
    /// Iterative-refinement steps at most on the eigen route.
    static let refinementSteps = 3
    /// Default Lanczos budget: m/8 steps (where a direct Gram factorisation starts to be cheaper), within
    /// these bounds.
    static let iterationBudgetBounds = 50...300

    /// - Parameters:
    ///   - x: the n×d design matrix, stored (`Matrix`) or streamed (`StreamedGaussianDesign`, n ≤ d: the
    ///     Lanczos steps then run on the Gram matrix XXᵀ formed in one streaming pass, a θ̂(λ) = Xᵀz costs
    ///     one more pass unless the lifted basis fits in `streamedLiftBytes`, and the λ = 0 direct route
    ///     is the Gram pseudo-inverse, eigenvalues above m·ε·μ_max inverted, accurate when X is well
    ///     conditioned, as a Gaussian X with d ≫ n is; n > d is reported by the first `solve`);
    ///     y: the n responses.
    ///   - tolerance: relative residual ‖b − (A + sI)z‖/‖b‖ accepted from the Krylov route.
    ///   - maxIterations: Lanczos steps before falling back to the direct route; nil for the default
    ///     (m/8 within 50…300, where forming and factoring the Gram matrix would start to be cheaper);
    ///     0 forces the direct routes.
    ///   Invalid input (y.count ≠ n, NaN or ∞) is reported by the first `solve`.
    ///   - formsGram: run the Lanczos steps on the explicitly formed Gram matrix (true) or on X (false);
    ///     nil chooses by size (`prefersGram`). Results agree to the tolerance either way. A streamed
    ///     design always forms it (each product with X is a pass).
    public init(
        x: any DesignMatrix, y: [Double], tolerance: Double = 1e-10, maxIterations: Int? = nil,
        formsGram: Bool? = nil
    ) {
        let streamed = x.storedMatrix == nil
        self.formsGram = streamed ? true : formsGram
        if streamed, x.rows > x.columns {
            inputError = .dimensionMismatch(
                "RidgePath: a streamed design needs n ≤ d, got n = \(x.rows), d = \(x.columns)")
        } else if y.count != x.rows {
            inputError = .dimensionMismatch("RidgePath: X has \(x.rows) rows but y has \(y.count) entries")
        } else if !x.isFinite {
            inputError = .nonFinite("RidgePath: X")
        } else if !y.allSatisfy({ $0.isFinite }) {
            inputError = .nonFinite("RidgePath: y")
        } else {
            inputError = nil
        }
        self.x = x
        self.y = y
        self.tolerance = tolerance
        usesDual = x.rows <= x.columns
        let m = min(x.rows, x.columns)
        let bounds = Self.iterationBudgetBounds
        self.maxIterations = maxIterations ?? min(bounds.upperBound, max(bounds.lowerBound, m / 8))
        rightHandSide = inputError != nil ? [] : usesDual ? y : x.multiplyTranspose(y)
    }

    // MARK: Solving

    /// θ̂(λ) for one λ ≥ 0.
    public func solve(lambda: Double) throws(LinalgError) -> RidgeSolution {
        precondition(lambda >= 0 && lambda.isFinite, "RidgePath.solve: lambda must be finite and ≥ 0, got \(lambda)")
        lock.lock()
        defer { lock.unlock() }
        if let inputError { throw inputError }
        let n = x.rows
        let d = x.columns
        if n == 0 || d == 0 || rightHandSide.allSatisfy({ $0 == 0 }) {
            return RidgeSolution(
                coefficients: [Double](repeating: 0, count: d), method: "zero", rank: nil,
                residual: 0, iterations: 0)
        }
        let shift = Double(n) * lambda
        if let solution = krylovSolution(shift: shift) {
            // λ = 0: the Krylov route converges on a consistent system whatever the rank (always for
            // n > d), so the rank is measured apart, where that is cheap.
            guard shift == 0, let rank = try cheapNumericalRank() else { return solution }
            return RidgeSolution(
                coefficients: solution.coefficients, method: solution.method, rank: rank,
                residual: solution.residual, iterations: solution.iterations)
        }
        if shift == 0 { return try minimumNormSolution() }
        return try eigenSolution(shift: shift)
    }

    /// Builds the Lanczos basis once, on first use, always to the same point: until the residual for
    /// the worst shift (s = 0) is below `tolerance`, the space is invariant, or `maxIterations` is
    /// reached. The basis therefore never depends on which λ are requested or in what order, so every
    /// answer is bit-identical whatever else was solved before (a resumed sweep reproduces a full one).
    private func buildBasis() {
        guard lanczos == nil else { return }
        var process = LanczosTridiagonalization(start: rightHandSide)
        let m = min(x.rows, x.columns)
        if formsGram ?? Self.prefersGram(smallSide: m, largeSide: max(x.rows, x.columns)) {
            gramMatrix = x.gram(usesDual ? .rows : .columns)
        }
        while !(process.isInvariant || process.steps >= maxIterations) {
            if let (_, estimate) = process.coefficients(shift: 0), estimate <= tolerance { break }
            process.step { [x, usesDual, gramMatrix] q in
                if let gramMatrix { return gramMatrix.multiply(q) }
                if usesDual {
                    let lifted = x.multiplyTranspose(q)
                    liftedBasis.append(contentsOf: lifted)
                    return x.multiply(lifted, .none)
                }
                return x.multiplyTranspose(x.multiply(q, .none))
            }
        }
        if gramMatrix != nil && usesDual && process.steps > 0 {
            // Xᵀq_j for every basis vector at once: one pass over X (a k×n by n×d product). A streamed X
            // keeps the lifted basis only within `streamedLiftBytes`; beyond, each θ̂(λ) takes its own pass.
            let basis = Matrix(
                rows: process.steps, columns: m, elements: Array(process.basis.prefix(process.steps * m)))
            if x.storedMatrix != nil || Double(process.steps) * Double(x.columns) * 8 <= Self.streamedLiftBytes {
                liftedBasis = x.leftMultiply(basis).elements
            }
        }
        lanczos = process
    }

    /// Whether forming the small Gram matrix (m²·M flops, compute-bound) is cheaper than the ≈ 40 Lanczos
    /// steps' two passes over X each (memory-bound once X leaves the cache): below ≈ 2000 rows on the
    /// small side, for an X larger than `cacheResidentBytes`.
    static func prefersGram(smallSide m: Int, largeSide: Int) -> Bool {
        m <= gramSideLimit && Double(m) * Double(largeSide) * 8 > cacheResidentBytes
    }

    /// Largest lifted basis (k·d·8 bytes) kept for a streamed design.
    static let streamedLiftBytes = Double(1 << 30)
    /// Above this many bytes X no longer stays in the last-level cache between Lanczos steps.
    static let cacheResidentBytes = 16e6
    /// Largest small side for which the Gram route pays (flop rate ÷ memory bandwidth × steps).
    static let gramSideLimit = 2048

    /// The Krylov answer for `shift` from the shared basis, or nil if that basis does not solve it to
    /// the tolerance (then a direct route serves it).
    private func krylovSolution(shift: Double) -> RidgeSolution? {
        buildBasis()
        guard let lanczos, let (c, estimate) = lanczos.coefficients(shift: shift), estimate <= tolerance else {
            return nil
        }
        let (z, residual) = lanczos.combine(c, shift: shift)
        guard residual <= Self.verificationSlack * tolerance else { return nil }
        // Dual: θ = Xᵀz, from the lifted basis where one is kept (a streamed design beyond
        // `streamedLiftBytes` keeps none and takes one pass).
        let coefficients = !usesDual ? z : liftedBasis.isEmpty ? x.multiplyTranspose(z) : lift(c)
        return RidgeSolution(
            coefficients: coefficients, method: "lanczos(k=\(lanczos.steps))",
            rank: nil, residual: residual, iterations: lanczos.steps)
    }

    /// θ = Xᵀ·Q_k·c = Σ c_j·(Xᵀq_j).
    private func lift(_ c: [Double]) -> [Double] {
        let d = x.columns
        var theta = [Double](repeating: 0, count: d)
        liftedBasis.withUnsafeBufferPointer { basis in
            for j in c.indices { SolverVectorKernels.axpy(c[j], basis.baseAddress! + j * d, &theta, d) }
        }
        return theta
    }

    // MARK: Direct routes

    /// λ = 0 fallback: the complete orthogonal decomposition of X, computed once.
    private func minimumNormSolution() throws(LinalgError) -> RidgeSolution {
        if let minimumNorm { return minimumNorm }
        guard let stored = x.storedMatrix else {
            minimumNorm = try gramPseudoInverseSolution()
            return minimumNorm!
        }
        let result = try minimumNormLeastSquares(stored, y)
        let fitted = x.multiply(result.solution, .none)
        let residualVector = zip(y, fitted).map { $0 - $1 }
        let residual: Double
        if usesDual {
            residual = euclideanNorm(residualVector) / euclideanNorm(y)
        } else {
            residual = euclideanNorm(x.multiplyTranspose(residualVector)) / euclideanNorm(rightHandSide)
        }
        let solution = RidgeSolution(
            coefficients: result.solution, method: result.method, rank: result.rank,
            residual: residual, iterations: 0)
        minimumNorm = solution
        return solution
    }

    /// λ = 0 for a streamed design (dual, n ≤ d): z = V·diag(1/μᵢ for μᵢ > m·ε·μ_max)·Vᵀy from the Gram
    /// eigendecomposition, θ = Xᵀz (one pass); rank = the eigenvalues kept, residual ‖y − XXᵀz‖/‖y‖.
    private func gramPseudoInverseSolution() throws(LinalgError) -> RidgeSolution {
        let (values, vectors, g) = try gramEigen()
        let floor = Double(values.count) * Double.ulpOfOne * max(values.last ?? 0, 0)
        let projected = vectors.multiply(rightHandSide, .transpose)
        let z = vectors.multiply(zip(values, projected).map { $0 > floor ? $1 / $0 : 0 })
        let image = g.multiply(z)
        let residual = euclideanNorm(zip(rightHandSide, image).map { $0 - $1 }) / euclideanNorm(rightHandSide)
        return RidgeSolution(
            coefficients: x.multiplyTranspose(z), method: "gram-pseudoinverse",
            rank: values.filter { $0 > floor }.count, residual: residual, iterations: 0)
    }

    /// Most flops spent measuring the rank beside a converged Krylov answer at λ = 0 (forming and
    /// decomposing the m×m Gram matrix, m = min(n, d)): beyond it the rank is left unmeasured (nil).
    static let rankFlopBudget = 2e8

    /// The numerical rank of X when the Gram eigendecomposition exists or costs at most
    /// `rankFlopBudget`, nil otherwise: the Gram eigenvalues above 10·(n + d)·ε·μ_max, the rounding
    /// level of a formed and decomposed Gram matrix (so singular values of X below ≈ √(10(n + d)ε)·σ_max
    /// count as zero: X is rank-deficient at the precision the Gram route resolves). Call with the lock held.
    private func cheapNumericalRank() throws(LinalgError) -> Int? {
        let m = Double(min(x.rows, x.columns))
        let large = Double(max(x.rows, x.columns))
        guard eigen != nil || m * m * (large + m) <= Self.rankFlopBudget else { return nil }
        let values = try gramEigen().values
        let floor = 10 * (m + large) * Double.ulpOfOne * max(values.last ?? 0, 0)
        return values.filter { $0 > floor }.count
    }

    // MARK: Degrees of freedom and residuals (generalised cross-validation)

    /// Eigenvalues μᵢ of the small Gram matrix (XXᵀ when n ≤ d, else XᵀX), ascending, rounding
    /// negatives clamped to 0. Computed once and shared with the eigen route.
    public func gramEigenvalues() throws(LinalgError) -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        if let inputError { throw inputError }
        return try gramEigen().values.map { max($0, 0) }
    }

    /// df(λ) = tr X(XᵀX + nλI)⁻¹Xᵀ = Σᵢ μᵢ/(μᵢ + nλ), exactly, from the Gram eigenvalues (λ = 0: the
    /// number of μᵢ above m·ε·μ_max, the numerical rank).
    public func degreesOfFreedom(lambda: Double) throws(LinalgError) -> Double {
        precondition(lambda >= 0 && lambda.isFinite, "RidgePath.degreesOfFreedom: lambda must be finite and ≥ 0")
        let values = try gramEigenvalues()
        let shift = Double(x.rows) * lambda
        let floor = Double(values.count) * Double.ulpOfOne * (values.last ?? 0)
        return values.reduce(0) { $0 + ($1 <= floor ? 0 : $1 / ($1 + shift)) }
    }

    /// ‖y − Xθ̂(λ)‖², exactly, from the Gram eigendecomposition and c = Vᵀb (b = y dual, Xᵀy primal):
    /// dual, y − Xθ̂ = s(XXᵀ + sI)⁻¹y, so ‖·‖² = Σ (s/(μᵢ + s))²cᵢ²; primal,
    /// ‖·‖² = (‖y‖² − Σ_{μᵢ>0} cᵢ²/μᵢ) + Σ_{μᵢ>0} (cᵢ²/μᵢ)(s/(μᵢ + s))² (the least-squares residual plus
    /// the shrinkage), s = nλ.
    public func residualSumOfSquares(lambda: Double) throws(LinalgError) -> Double {
        precondition(lambda >= 0 && lambda.isFinite, "RidgePath.residualSumOfSquares: lambda must be finite and ≥ 0")
        lock.lock()
        defer { lock.unlock() }
        if let inputError { throw inputError }
        let (values, vectors, _) = try gramEigen()
        if projectedRightHandSide == nil { projectedRightHandSide = vectors.multiply(rightHandSide, .transpose) }
        let c = projectedRightHandSide!
        let shift = Double(x.rows) * lambda
        let floor = Double(values.count) * Double.ulpOfOne * max(values.last ?? 0, 0)
        if usesDual {
            return zip(values, c).reduce(0) { sum, pair in
                let mu = max(pair.0, 0)
                let factor = mu <= floor ? 1 : shift / (mu + shift)  // null-space components stay in the residual
                return sum + factor * factor * pair.1 * pair.1
            }
        }
        var leastSquares = y.reduce(0) { $0 + $1 * $1 }
        var shrinkage = 0.0
        for (mu, ci) in zip(values, c) where mu > floor {
            let factor = shift / (mu + shift)
            leastSquares -= ci * ci / mu
            shrinkage += ci * ci / mu * factor * factor
        }
        return max(leastSquares, 0) + shrinkage
    }

    /// The exact leave-one-out mean squared error of ridge at λ, (1/n) Σᵢ ((yᵢ − ŷᵢ)/(1 − Hᵢᵢ))², with
    /// H = X(XᵀX + nλI)⁻¹Xᵀ the hat matrix (the pseudo-inverse at λ = 0), from the shared Gram
    /// eigendecomposition: dual (n ≤ d, XXᵀ = VMVᵀ) Hᵢᵢ = Σⱼ Vᵢⱼ²μⱼ/(μⱼ + s) and y − ŷ = V(s/(M + s))Vᵀy;
    /// primal (XᵀX = UMUᵀ) with Z = XU, formed once, Hᵢᵢ = Σⱼ Zᵢⱼ²/(μⱼ + s) and ŷ = Z(M + s)⁻¹Uᵀ(Xᵀy),
    /// s = nλ, eigenvalues at or below the rounding floor m·ε·μ_max dropped. O(n·m) per λ. +∞ when some
    /// Hᵢᵢ reaches 1 (an interpolated point predicts nothing about itself).
    public func leaveOneOutError(lambda: Double) throws(LinalgError) -> Double {
        precondition(lambda >= 0 && lambda.isFinite, "RidgePath.leaveOneOutError: lambda must be finite and ≥ 0")
        lock.lock()
        defer { lock.unlock() }
        if let inputError { throw inputError }
        let (values, vectors, _) = try gramEigen()
        if projectedRightHandSide == nil { projectedRightHandSide = vectors.multiply(rightHandSide, .transpose) }
        let c = projectedRightHandSide!
        let n = x.rows
        let m = values.count
        let shift = Double(n) * lambda
        let floor = Double(m) * Double.ulpOfOne * max(values.last ?? 0, 0)
        var basis = vectors  // dual: V (n×m); primal: Z = XU (n×m)
        if !usesDual {
            if leaveOneOutBasis == nil {
                guard let stored = x.storedMatrix else { return .nan }
                leaveOneOutBasis = Matrix.multiply(stored, .none, vectors, .none)
            }
            basis = leaveOneOutBasis!
        }
        var total = 0.0
        for i in 0..<n {
            var leverage = 0.0
            var fitted = 0.0
            for j in 0..<m where values[j] > floor {
                let mu = values[j]
                let z = basis[i, j]
                if usesDual {
                    leverage += z * z * mu / (mu + shift)
                    fitted += z * mu / (mu + shift) * c[j]
                } else {
                    leverage += z * z / (mu + shift)
                    fitted += z * c[j] / (mu + shift)
                }
            }
            let free = 1 - leverage
            guard free > 1e-12 else { return .infinity }
            let residual = (y[i] - fitted) / free
            total += residual * residual
        }
        return total / Double(n)
    }

    /// The Gram eigendecomposition, computed once (call with the lock held).
    private func gramEigen() throws(LinalgError) -> (values: [Double], vectors: Matrix, gram: Matrix) {
        if let eigen { return eigen }
        let g = gramMatrix ?? x.gram(usesDual ? .rows : .columns)
        let decomposition = try SymmetricEigen(g)
        eigen = (decomposition.values, decomposition.vectors, g)
        return eigen!
    }

    /// λ > 0 fallback: z = V·(μ + s)⁻¹·Vᵀb from the Gram eigendecomposition (computed once), followed
    /// by iterative refinement with the true operator when ε·μ_max/(μ_min + s) predicts an error above
    /// `tolerance` (each refinement step costs two products with X and gains a factor ≈ ε·cond(A + sI)).
    private func eigenSolution(shift: Double) throws(LinalgError) -> RidgeSolution {
        let (values, vectors, g) = try gramEigen()
        // Rounding can leave eigenvalues of a singular Gram slightly negative; they are zero.
        let applyInverse = { (b: [Double]) -> [Double] in
            let projected = vectors.multiply(b, .transpose)
            return vectors.multiply(zip(values, projected).map { $1 / (max($0, 0) + shift) })
        }
        let bNorm = euclideanNorm(rightHandSide)
        var z = applyInverse(rightHandSide)
        let largest = max(values.last ?? 0, 0)
        let smallest = max(values.first ?? 0, 0)
        let predictedError = Double.ulpOfOne * largest / (smallest + shift)
        if predictedError <= tolerance {
            let image = g.multiply(z)
            let residual = euclideanNorm((0..<z.count).map { rightHandSide[$0] - image[$0] - shift * z[$0] })
            return RidgeSolution(
                coefficients: usesDual ? x.multiplyTranspose(z) : z, method: "eigen", rank: nil,
                residual: residual / bNorm, iterations: 0)
        }
        var best: (z: [Double], theta: [Double], residual: [Double], norm: Double)?
        for _ in 0...Self.refinementSteps {
            let (theta, image) = operatorImage(z)
            let residual = (0..<z.count).map { rightHandSide[$0] - image[$0] - shift * z[$0] }
            let norm = euclideanNorm(residual)
            if let best, norm >= best.norm { break }  // refinement stopped helping
            best = (z, theta, residual, norm)
            if norm <= tolerance * bNorm { break }
            z = zip(z, applyInverse(residual)).map { $0 + $1 }
        }
        return RidgeSolution(
            coefficients: best!.theta, method: "eigen(refined)", rank: nil,
            residual: best!.norm / bNorm, iterations: 0)
    }

    /// (θ, A·z): dual θ = Xᵀz, A·z = X·θ; primal θ = z, A·z = Xᵀ(X·z).
    private func operatorImage(_ z: [Double]) -> (theta: [Double], image: [Double]) {
        if usesDual {
            let theta = x.multiplyTranspose(z)
            return (theta, x.multiply(theta, .none))
        }
        return (z, x.multiplyTranspose(x.multiply(z, .none)))
    }

    private func euclideanNorm(_ v: [Double]) -> Double {
        v.withUnsafeBufferPointer { SolverVectorKernels.norm($0.baseAddress!, v.count) }
    }
}
