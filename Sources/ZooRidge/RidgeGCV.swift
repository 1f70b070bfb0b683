import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - ridge-gcv

/// `ridge-gcv`: ridge, θ̂ = argmin (1/n)‖y − Xθ‖² + λ‖θ‖², with λ chosen from the data over a grid
/// by one of two criteria (`criterion`):
/// - `gcv` (default): generalised cross-validation (Craven & Wahba 1979; Golub, Heath & Wahba 1979),
///   GCV(λ) = n·‖y − Xθ̂_λ‖²/(n − df(λ))², df(λ) = tr H = Σᵢ μᵢ/(μᵢ + nλ): the rotation-invariant form,
///   each grid point O(min(n, d));
/// - `loo`: the exact leave-one-out error LOO(λ) = (1/n) Σᵢ ((yᵢ − ŷᵢ)/(1 − Hᵢᵢ))² from the hat matrix's
///   diagonal H = X(XᵀX + nλI)⁻¹Xᵀ, each grid point O(n·min(n, d)): what scikit-learn's `RidgeCV`
///   minimises by default (its efficient leave-one-out, `cv=None`). The two agree when the leverages
///   Hᵢᵢ are all equal and can choose different λ otherwise (heavy-tailed or heterogeneous rows);
///   `scripts/ridge_loo_sklearn.py` compares `loo` with scikit-learn.
///
/// The grid is λ_j = lambda-min·(lambda-max/lambda-min)^(j/(count − 1)), j = 0…count − 1 (log-spaced,
/// both ends included); everything comes from one eigendecomposition of the small Gram matrix shared
/// through the fit context with `ridge` and `min-norm` (`RidgePath`), exactly, with no stochastic trace
/// estimate. Ties go to the larger λ. The returned θ̂ is `ridge` at the chosen λ. Conventions: mean
/// loss, so scikit-learn's alpha is n·λ; no intercept (compare with `RidgeCV(fit_intercept=False)`).
/// Never interpolates (λ > 0). GCV estimates the prediction risk with the label as target, s² + σ², and
/// is consistent for it in the proportional regime (Hastie, Montanari, Rosset & Tibshirani 2022, §6;
/// Patil et al. 2021). Diagnostics: `lambda` (chosen), `criterion`, `gcv` or `loo` (the criterion's
/// value there, the risk estimate), `degrees-of-freedom`, `grid` (the range searched), and the ridge
/// solver's facts.
public struct RidgeGCV: StreamingEstimator, RidgeFamilyEstimator {
    public static let name = "ridge-gcv"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            "lambda-min", .real(minimum: 0, exclusiveMinimum: true), default: .number(1e-6),
            "smallest λ of the log-spaced grid (λ in (1/n)‖y − Xθ‖² + λ‖θ‖²)"),
        ParameterSpec(
            "lambda-max", .real(minimum: 0, exclusiveMinimum: true), default: .number(100), "largest λ of the grid"),
        ParameterSpec(
            "count", .integer(minimum: 1, maximum: 10_000), default: .number(30),
            "grid points, log-spaced, both ends included"),
        ParameterSpec(
            "criterion", .choice(["gcv", "loo"]), default: .word("gcv"),
            "gcv: generalised cross-validation; loo: exact leave-one-out from the hat matrix's diagonal (scikit-learn RidgeCV's default)"
        ),
    ]
    public static let documentation = ComponentDocumentation(
        definition:
            "Ridge with λ = argmin over a log-spaced grid of GCV(λ) = n‖y − Xθ̂_λ‖²/(n − df(λ))², df(λ) = tr H (criterion=gcv), or of the exact leave-one-out error (1/n)Σ((yᵢ − ŷᵢ)/(1 − Hᵢᵢ))² (criterion=loo), H = X(XᵀX + nλI)⁻¹Xᵀ; θ̂ = (XᵀX + nλI)⁻¹Xᵀy, no intercept.",
        reference:
            "Golub, Heath & Wahba 1979, Generalized cross-validation as a method for choosing a good ridge parameter; scikit-learn RidgeCV (whose default is criterion=loo).",
        notes:
            "Grid lambda-min…lambda-max (count points); scikit-learn's alpha is n·λ. scikit-learn's RidgeCV minimises the exact leave-one-out error (criterion=loo); GCV is its rotation-invariant approximation and can choose a different λ when the leverages differ. Diagnostics carry the chosen lambda and the criterion's risk estimate (of the label risk s² + σ²)."
    )
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient, .outputBounds]
    public static let interpolates = Interpolation.never

    public let parameters: Parameters

    public init(parameters: Parameters) throws(ZooError) {
        guard parameters.double("lambda-min") <= parameters.double("lambda-max") else {
            throw .usage(
                "ridge-gcv: lambda-min (\(parameters.double("lambda-min"))) must not exceed lambda-max (\(parameters.double("lambda-max")))"
            )
        }
        self.parameters = parameters
    }

    /// The log-spaced grid.
    public var grid: [Double] {
        let low = parameters.double("lambda-min")
        let high = parameters.double("lambda-max")
        let count = parameters.int("count")
        guard count > 1 else { return [low] }
        return (0..<count).map { j in
            j == count - 1 ? high : low * Foundation.pow(high / low, Double(j) / Double(count - 1))
        }
    }

    /// GCV(λ) on one path; +∞ where n − df(λ) vanishes.
    public static func criterion(path: RidgePath, samples n: Int, lambda: Double) throws(LinalgError) -> (
        gcv: Double, df: Double
    ) {
        let df = try path.degreesOfFreedom(lambda: lambda)
        let rss = try path.residualSumOfSquares(lambda: lambda)
        let free = Double(n) - df
        return (free > 0 ? Double(n) * rss / (free * free) : .infinity, df)
    }

    /// The fit, stored or streamed: the search on the ridge path shared by every linear estimator on
    /// `training` (df and RSS come from the Gram eigenvalues, so the search needs no pass over X).
    public func fit(design training: DesignSample, context: FitContext) throws(ZooError) -> any LinearModel {
        try fit(path: context.ridgePath(for: training), samples: training.count, dimension: training.dimension)
    }

    /// `gcv` or `loo`.
    public var criterion: String { parameters.string("criterion") }

    private func fit(path: RidgePath, samples n: Int, dimension: Int) throws(ZooError) -> LinearFit {
        var best: (lambda: Double, gcv: Double, df: Double)?
        let leaveOneOut = criterion == "loo"
        for lambda in grid {
            var (value, df) = try ZooError.fromLinalg { () throws(LinalgError) in
                try Self.criterion(path: path, samples: n, lambda: lambda)
            }
            if leaveOneOut {
                value = try ZooError.fromLinalg { () throws(LinalgError) in try path.leaveOneOutError(lambda: lambda) }
            }
            if value.isNaN {
                throw .usage(
                    "ridge-gcv(criterion=loo) needs the stored X for the leverages: use criterion=gcv with a streamed design"
                )
            }
            if best == nil || value <= best!.gcv { best = (lambda, value, df) }
        }
        let chosen = best!
        guard chosen.gcv.isFinite else {
            throw .numerical(
                "ridge-gcv: the \(leaveOneOut ? "leave-one-out error" : "GCV") is infinite on the whole grid (the fit interpolates: \(leaveOneOut ? "a leverage Hᵢᵢ = 1" : "n − df(λ) = 0")); raise lambda-min"
            )
        }
        let solution = try ZooError.fromLinalg { () throws(LinalgError) in try path.solve(lambda: chosen.lambda) }
        var facts = solution.diagnostics(samples: n, dimension: dimension, lambda: chosen.lambda)
        facts["lambda"] = "\(chosen.lambda)"
        facts["criterion"] = criterion
        facts[leaveOneOut ? "loo" : "gcv"] = "\(chosen.gcv)"
        facts["degrees-of-freedom"] = "\(chosen.df)"
        facts["grid"] = "\(grid.first!)…\(grid.last!) (\(grid.count) points)"
        return LinearFit(weights: solution.coefficients, diagnostics: facts)
    }
}

// MARK: - Theory

extension RidgeGCV {
    public var ridgePenalty: RidgePenalty { .tuned(grid: grid) }
}
