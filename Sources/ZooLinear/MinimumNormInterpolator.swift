import ZooCore
import ZooLinalg
import ZooModels

// MARK: - min-norm

/// `min-norm`: θ̂ = X⁺y, the minimum-ℓ₂-norm least-squares solution. When rank X = n ≤ d it is the
/// interpolator θ̂ = Xᵀ(XXᵀ)⁻¹y, which fits every training label exactly (noise included).
///
/// Solver: with the default `rcond=0` the fit is the λ = 0 end of the shared ridge path (one Lanczos
/// run on XXᵀ from y, shared with every `ridge` fitted on the same data), which falls back to a
/// complete orthogonal decomposition (Householder QR with column pivoting, rank decided with the
/// relative threshold max(n, d)·ε·|R₁₁|) when the Gram matrix is ill-conditioned, for example at
/// n ≈ d or with duplicated rows. A positive `rcond` always uses the decomposition with that relative
/// threshold. The rank decision and solver are reported in the diagnostics.
///
/// Interpolates when rank X = n ≤ d. Capabilities: linear weights, input gradient.
/// Reference: Hao & Zhang 2024, "The Surprising Harmfulness of Benign Overfitting for Adversarial
/// Robustness": its standard risk vanishes under benign covariances while its adversarial risk grows.
public struct MinimumNormInterpolator: StreamingEstimator, RidgeFamilyEstimator {
    public static let name = "min-norm"
    public static let rcond = ParameterKey<Double>(
        "rcond", .real(minimum: 0, maximum: 1), default: 0,
        "relative singular-value threshold for the rank decision; 0 = automatic (max(n,d)·ε)")
    public static let parameters = [rcond.spec]
    public static let documentation = ComponentDocumentation(
        definition: "θ̂ = X⁺y = argmin{‖θ‖₂ : θ minimises ‖y − Xθ‖²}; equals Xᵀ(XXᵀ)⁻¹y when rank X = n ≤ d.",
        reference:
            "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness; Bartlett et al. 2020, Benign overfitting in linear regression.",
        notes: "Interpolates the training data when rank X = n ≤ d. Same as ridge(lambda=0).")
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient, .outputBounds]
    public static let interpolates = Interpolation.always

    public let parameters: Parameters
    public let rcond: Double

    public init(parameters: Parameters) {
        self.parameters = parameters
        rcond = parameters[Self.rcond]
    }

    /// The fit, stored or streamed: λ = 0 on the ridge path shared by every linear estimator on
    /// `training` (its Krylov route, or the decomposition or the Gram pseudo-inverse). A positive
    /// `rcond` decomposes the stored X and refuses a streamed one.
    public func fit(design training: DesignSample, context: FitContext) throws(ZooError) -> any LinearModel {
        if rcond > 0 {
            guard let features = training.design.storedMatrix else {
                throw .usage(
                    "min-norm(rcond=\(rcond)) decomposes the stored X, which a streamed design does not hold: use min-norm with the automatic threshold, or a smaller n·d"
                )
            }
            let solution = try ZooError.fromLinalg { () throws(LinalgError) in
                try minimumNormLeastSquares(features, training.targets, relativeThreshold: rcond)
            }
            return LinearFit(
                weights: solution.solution,
                diagnostics: [
                    "solver": solution.method, "rank": String(solution.rank), "threshold": "\(solution.threshold)",
                ])
        }
        return try Self.fit(
            path: context.ridgePath(for: training), samples: training.count, dimension: training.dimension)
    }

    private static func fit(path: RidgePath, samples: Int, dimension: Int) throws(ZooError) -> LinearFit {
        let solution = try ZooError.fromLinalg { () throws(LinalgError) in try path.solve(lambda: 0) }
        return LinearFit(
            weights: solution.coefficients,
            diagnostics: solution.diagnostics(samples: samples, dimension: dimension, lambda: 0))
    }
}

// MARK: - Theory

extension MinimumNormInterpolator {
    /// θ̂ = X⁺y exactly at rcond = 0; a positive rcond truncates small singular values, which the
    /// formulas do not describe.
    public var ridgePenalty: RidgePenalty {
        rcond == 0
            ? .minimumNorm
            : .outsideAssumptions(
                "min-norm with rcond=\(rcond) truncates small singular values; the formulas assume rcond=0")
    }
}
