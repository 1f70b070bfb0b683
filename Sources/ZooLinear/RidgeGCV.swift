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
    /// What the grid search minimises.
    public enum Criterion: String, ParameterChoice {
        /// Generalised cross-validation.
        case gcv
        /// The exact leave-one-out error from the hat matrix's diagonal.
        case loo
    }

    public static let lambdaMin = ParameterKey<Double>(
        "lambda-min", .real(minimum: 0, exclusiveMinimum: true), default: 1e-6,
        "smallest λ of the log-spaced grid (λ in (1/n)‖y − Xθ‖² + λ‖θ‖²)")
    public static let lambdaMax = ParameterKey<Double>(
        "lambda-max", .real(minimum: 0, exclusiveMinimum: true), default: 100, "largest λ of the grid")
    public static let count = ParameterKey<Int>(
        "count", .integer(minimum: 1, maximum: 10_000), default: 30, "grid points, log-spaced, both ends included")
    public static let criterion = ParameterKey<Criterion>(
        "criterion", default: .gcv,
        "gcv: generalised cross-validation; loo: exact leave-one-out from the hat matrix's diagonal (scikit-learn RidgeCV's default)"
    )
    public static let parameters = [lambdaMin.spec, lambdaMax.spec, count.spec, criterion.spec]
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
    public let lambdaMin: Double
    public let lambdaMax: Double
    public let count: Int
    public let criterion: Criterion

    public init(parameters: Parameters) throws(ZooError) {
        lambdaMin = parameters[Self.lambdaMin]
        lambdaMax = parameters[Self.lambdaMax]
        guard lambdaMin <= lambdaMax else {
            throw .usage("ridge-gcv: lambda-min (\(lambdaMin)) must not exceed lambda-max (\(lambdaMax))")
        }
        self.parameters = parameters
        count = parameters[Self.count]
        criterion = parameters[Self.criterion]
    }

    /// The log-spaced grid.
    public var grid: [Double] {
        let low = lambdaMin
        let high = lambdaMax
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

    private func fit(path: RidgePath, samples n: Int, dimension: Int) throws(ZooError) -> LinearFit {
        var best: (lambda: Double, gcv: Double, df: Double)?
        let leaveOneOut = criterion == .loo
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
        facts[RidgePenalty.chosenLambdaKey] = "\(chosen.lambda)"
        facts["criterion"] = criterion.rawValue
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
