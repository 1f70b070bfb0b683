import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - adversarial-linear

/// `adversarial-linear`: adversarially trained linear regression,
///
///     θ̂ = argmin (1/n) Σᵢ max_{‖δᵢ‖_p ≤ r} (yᵢ − θᵀ(xᵢ + δᵢ))² = argmin (1/n) Σᵢ (|yᵢ − θᵀxᵢ| + r‖θ‖_q)²,
///
/// q the dual norm of p: `norm=l2` (p = q = 2) or `norm=linf` (p = ∞, q = 1). A *mean* over samples, no
/// intercept, r = `radius` ≥ 0 (default 0.1) an absolute length in input units. Convex, not smooth.
///
/// Solver: a log-barrier Newton method on the n-dimensional dual
/// max (1/n)(2yᵀv − ‖u‖²) s.t. |vᵢ| ≤ uᵢ, ‖Xᵀv‖_p ≤ rΣuᵢ (`AdversarialLinearBarrier`); every iterate is dual
/// feasible, so the reported relative gap (F(θ̂) − D)/F(θ̂) is a certificate, and the fit fails with an
/// error naming the gap when it cannot bring it below `tolerance` (default 1e-6) within
/// `max-iterations` Newton steps.
///
/// Interpolation threshold (ℓ₂): for r ≤ r̄ = ‖θ₀‖/(n‖(XXᵀ)⁻¹y‖∞), θ₀ the min-norm interpolator, the
/// solution *is* θ₀ exactly (`InterpolationThreshold` derives it); the fit then returns `min-norm`'s
/// answer from the shared ridge path and says so. For ℓ∞ the small-radius solution is the
/// minimum-ℓ₁-norm interpolator instead (at an interpolator F = r²‖θ‖₁²), which the barrier method finds.
/// r = 0 is least squares; `min-norm` is returned. Interpolates for small r only.
///
/// Diagnostics: solver, newton-steps, barrier-rounds, gap, objective, dual-bound, threshold, regime.
/// Capabilities: linear weights, input gradient.
/// Reference: Hao & Zhang 2024 (adversarial training against ℓ₂ attacks in over-parameterised linear
/// regression); Javanmard, Soltanolkotabi & Hassani 2020, "Precise tradeoffs in adversarial training
/// for linear regression" (the closed-form inner maximum).
public struct AdversarialLinearRegression: Estimator {
    public static let name = "adversarial-linear"
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "training attack radius r ≥ 0 (absolute, input units)",
        notation: .radius)
    public static let norm = ParameterKey<AttackNorm>(
        "norm", default: .l2, "attack norm p: l2 (penalty ‖θ‖₂) or linf (penalty ‖θ‖₁)")
    public static let tolerance = ParameterKey<Double>(
        "tolerance", .real(minimum: 1e-12, maximum: 0.1), default: 1e-6,
        "relative optimality gap (F(θ̂) − dual bound)/F(θ̂) required")
    public static let maxIterations = ParameterKey<Int>(
        "max-iterations", .integer(minimum: 100, maximum: 100_000), default: 1000,
        "Newton steps allowed before the fit fails (at least 100: the barrier needs tens)")
    public static let parameters = [radius.spec, norm.spec, tolerance.spec, maxIterations.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "θ̂ = argmin (1/n) Σᵢ max_{‖δᵢ‖_p ≤ r} (yᵢ − θᵀ(xᵢ + δᵢ))² = argmin (1/n) Σᵢ (|yᵢ − θᵀxᵢ| + r‖θ‖_q)², q the dual norm (norm=l2: q = 2; norm=linf: q = 1).",
        reference:
            "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness; Javanmard, Soltanolkotabi & Hassani 2020, Precise tradeoffs in adversarial training for linear regression.",
        notes:
            "Solved to a certified relative optimality gap (tolerance, default 1e-6) by a log-barrier Newton method on the n-dimensional dual; fails with the gap reached otherwise. ℓ₂: for r ≤ r̄ = ‖θ₀‖/(n‖(XXᵀ)⁻¹y‖∞) the solution is exactly min-norm (returned from the ridge path); ℓ∞: small radii give the minimum-ℓ₁-norm interpolator. r̄ and the gap are in the diagnostics."
    )
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient, .outputBounds]
    public static let interpolates = Interpolation.dependsOnParameters
    /// r = 0 (any r ≤ r̄ for ℓ₂) returns the min-norm interpolator.
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? = [radius.argument(0)]

    public let parameters: Parameters
    public let radius: Double
    public let norm: AttackNorm
    public let tolerance: Double
    public let maxIterations: Int

    public init(parameters: Parameters) {
        self.parameters = parameters
        radius = parameters[Self.radius]
        norm = parameters[Self.norm]
        tolerance = parameters[Self.tolerance]
        maxIterations = parameters[Self.maxIterations]
    }

    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        // K or the weighted Gram, the Schur complement and its factor, and (ℓ∞) one scaled copy of X
        let nn = Double(n) * Double(n)
        return 8 * (4 * nn + (norm == .linf ? Double(n) * Double(d) : 0) + 4 * Double(d))
    }

    // MARK: Fit

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let x = training.features
        let y = training.targets
        let r = radius
        if r == 0 || Vectors.squaredNorm(y) == 0 {
            return try minimumNorm(
                training, context: context, facts: ["regime": "r = 0 or y = 0: least squares, min-norm returned"])
        }
        var gramMatrix: Matrix? = nil
        var facts: [String: String] = [:]
        switch norm {
        case .l2:
            let k = try context.shared("ZooAdversarial.gram-rows") { () throws(ZooError) -> Matrix in gram(x, .rows) }
            gramMatrix = k
            let threshold = try context.shared("ZooAdversarial.l2-threshold") {
                () throws(ZooError) -> InterpolationThreshold in
                InterpolationThreshold.l2(gram: k, targets: y)
            }
            facts["threshold"] = "\(threshold.radius)"
            facts["threshold-note"] = threshold.note
            if let alpha = threshold.dualVariable, r <= threshold.radius {
                return try interpolatingSolution(
                    training, context: context, threshold: threshold, alpha: alpha, facts: facts)
            }
            facts["regime"] = "r > r̄: the solution does not interpolate"
        case .linf:
            facts["threshold"] = "not computed"
        }
        let solver = AdversarialLinearBarrier(
            x: x, y: y, radius: r, norm: norm, gramMatrix: gramMatrix,
            tolerance: tolerance, maxSteps: maxIterations)
        let outcome = try solver.solve()
        let predictions = x.multiply(outcome.theta)
        let largestResidual = Vectors.normInf(Vectors.difference(y, predictions))
        facts["solver"] =
            "dual log-barrier Newton (\(norm == .l2 ? "second-order cone, Gram form" : "linear constraints, weighted Gram"))"
        facts["newton-steps"] = String(outcome.newtonSteps)
        facts["barrier-rounds"] = String(outcome.barrierRounds)
        facts["gap"] = "\(outcome.relativeGap)"
        facts["objective"] = "\(outcome.objective)"
        facts["dual-bound"] = "\(outcome.lowerBound)"
        facts["max-residual"] = "\(largestResidual)"
        if norm == .linf {
            let interpolates = largestResidual <= 1e-9 * Vectors.normInf(y)
            facts["regime"] =
                interpolates
                ? "r ≤ r̄: the solution is the minimum-ℓ₁-norm interpolator" : "r > r̄: the solution does not interpolate"
            if interpolates, let threshold = Self.l1Threshold(x, outcome.theta) {
                facts["threshold"] = "\(threshold)"
            } else {
                facts["threshold"] =
                    interpolates
                    ? "≥ r (the minimum-ℓ₁ interpolator does not have n nonzeros)" : "< r (ℓ∞: not computed above it)"
            }
        }
        return LinearFit(weights: outcome.theta, diagnostics: facts)
    }

    /// r ≤ r̄ (ℓ₂): the min-norm interpolator, certified by the dual point v = n·r²·α.
    private func interpolatingSolution(
        _ training: Dataset, context: FitContext, threshold: InterpolationThreshold,
        alpha: [Double], facts: [String: String]
    ) throws(ZooError) -> any FittedModel {
        let x = training.features
        let y = training.targets
        let r = radius
        let path = try context.ridgePath(for: DesignSample(training))
        let solution = try ZooError.fromLinalg { () throws(LinalgError) in try path.solve(lambda: 0) }
        let theta = solution.coefficients
        let objective = AdversarialLinearDual.objective(
            targets: y, predictions: x.multiply(theta), penaltyNorm: Vectors.norm2(theta), radius: r)
        let v = Vectors.scaled(alpha, by: Double(y.count) * r * r)
        let bound = AdversarialLinearDual.lowerBound(
            targets: y, v: v, constraintNorm: Vectors.norm2(x.multiply(v, .transpose)), radius: r)
        var facts = facts.merging(
            solution.diagnostics(samples: training.count, dimension: training.dimension, lambda: 0)
        ) { a, _ in a }
        facts["regime"] = "r ≤ r̄: the solution is the min-norm interpolator (returned from the ridge path)"
        facts["objective"] = "\(objective)"
        facts["dual-bound"] = "\(bound)"
        facts["gap"] = "\(objective > 0 ? max(0, objective - bound) / objective : 0)"
        return LinearFit(weights: theta, diagnostics: facts)
    }

    /// ℓ∞ below r̄: θ̂ is the minimum-ℓ₁ interpolator θ₁, and by the argument of `InterpolationThreshold`
    /// with ∂‖θ₁‖₁ in place of θ₀/‖θ₀‖, r̄ = 1/(n·min{‖λ‖∞ : Xᵀλ ∈ ∂‖θ₁‖₁}). When θ₁ has exactly n nonzeros
    /// S with X_S invertible, λ = X_S^(−T) sign(θ_S) is the only candidate, so r̄ = 1/(n‖λ‖∞); otherwise nil.
    static func l1Threshold(_ x: Matrix, _ theta: [Double]) -> Double? {
        let n = x.rows
        let largest = Vectors.normInf(theta)
        let support = theta.indices.filter { abs(theta[$0]) > 1e-9 * largest }
        guard largest > 0, support.count == n else { return nil }
        let transposedSupport = Matrix(rows: n, columns: n) { k, i in x[i, support[k]] }
        guard let lambda = try? minimumNormLeastSquares(transposedSupport, support.map { theta[$0] > 0 ? 1 : -1 }),
            lambda.rank == n
        else { return nil }
        return 1 / (Double(n) * Vectors.normInf(lambda.solution))
    }

    private func minimumNorm(_ training: Dataset, context: FitContext, facts: [String: String]) throws(ZooError)
        -> any FittedModel
    {
        let path = try context.ridgePath(for: DesignSample(training))
        let solution = try ZooError.fromLinalg { () throws(LinalgError) in try path.solve(lambda: 0) }
        let diagnostics = facts.merging(
            solution.diagnostics(samples: training.count, dimension: training.dimension, lambda: 0)
        ) { a, _ in a }
        return LinearFit(weights: solution.coefficients, diagnostics: diagnostics)
    }
}

// MARK: - Work, for the time guard

extension AdversarialLinearRegression: DeclaresFitWork {
    /// The barrier method forms an n×n Gram matrix (n²·d) before its first Newton step.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        Double(n) * Double(n) * Double(d)
    }
}
