import ZooCore
import ZooLinalg
import ZooModels

// MARK: - ridge

/// `ridge`: θ̂ = argmin_θ (1/n)‖y − Xθ‖² + λ‖θ‖² = (XᵀX + nλI)⁻¹Xᵀy = Xᵀ(XXᵀ + nλI)⁻¹y.
///
/// The loss is the *mean* squared error, so the penalty scales with n: scikit-learn's
/// `Ridge(alpha=a, fit_intercept=False)` minimises the *sum* ‖y − Xθ‖² + a‖θ‖², which is this
/// estimator with `lambda = a/n`. No intercept is fitted. `lambda = 0` is `min-norm` (the
/// minimum-norm interpolator when n ≤ d); λ → ∞ shrinks θ̂ to 0.
///
/// Solver: the smaller of the primal (d×d) and dual (n×n) forms. All ridge and min-norm fits on one
/// training sample share one Lanczos run on the Gram operator started from y (each λ then costs
/// O(k²) plus one product with X), with a cached eigendecomposition of the Gram matrix as the
/// fallback for any λ whose Lanczos residual is not below the tolerance. Interpolates only at λ = 0.
/// Capabilities: linear weights, input gradient.
/// Reference: Hao & Zhang 2024, "The Surprising Harmfulness of Benign Overfitting for Adversarial
/// Robustness" (every ridge estimator trades standard against adversarial risk).
public struct RidgeRegression: StreamingEstimator, RidgeFamilyEstimator {
    public static let name = "ridge"
    public static let lambda = ParameterKey<Double>(
        "lambda", .real(minimum: 0), default: 0.01,
        "λ ≥ 0 in (1/n)‖y − Xθ‖² + λ‖θ‖²; scikit-learn's alpha is n·λ; 0 = min-norm", notation: .penalty)
    public static let parameters = [lambda.spec]
    public static let documentation = ComponentDocumentation(
        definition: "θ̂ = argmin (1/n)‖y − Xθ‖² + λ‖θ‖² = (XᵀX + nλI)⁻¹Xᵀy = Xᵀ(XXᵀ + nλI)⁻¹y (no intercept).",
        reference: "Hao & Zhang 2024, The Surprising Harmfulness of Benign Overfitting for Adversarial Robustness.",
        notes:
            "scikit-learn: Ridge(alpha=a, fit_intercept=False) equals ridge(lambda=a/n). lambda=0 is min-norm and interpolates when rank X = n ≤ d."
    )
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient, .outputBounds]
    public static let interpolates = Interpolation.dependsOnParameters
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? = [lambda.argument(0)]

    public let parameters: Parameters
    public let lambda: Double

    public init(parameters: Parameters) {
        self.parameters = parameters
        lambda = parameters[Self.lambda]
    }

    /// The fit, stored or streamed: λ on the ridge path shared by every linear estimator on `training`.
    public func fit(design training: DesignSample, context: FitContext) throws(ZooError) -> any LinearModel {
        try fit(path: context.ridgePath(for: training), samples: training.count, dimension: training.dimension)
    }

    private func fit(path: RidgePath, samples: Int, dimension: Int) throws(ZooError) -> LinearFit {
        let solution = try ZooError.fromLinalg { () throws(LinalgError) in try path.solve(lambda: lambda) }
        return LinearFit(
            weights: solution.coefficients,
            diagnostics: solution.diagnostics(samples: samples, dimension: dimension, lambda: lambda))
    }
}

// MARK: - Theory

extension RidgeRegression {
    public var ridgePenalty: RidgePenalty { .fixed(lambda: lambda) }
}
