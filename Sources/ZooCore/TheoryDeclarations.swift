// MARK: - What a theory reads from a component

// Theories (ZooTheory) apply to components through these declarations, never through names or
// parameter strings: a component that conforms is covered, with the values it states here; renaming a
// parameter cannot silently drop a theory column.

/// The penalty of an estimator in the ridge family, θ̂ = argmin (1/n)‖y − Xθ‖² + λ‖θ‖² on the raw
/// features, as the deterministic-equivalent theory reads it.
public enum RidgePenalty: Sendable, Equatable {
    /// θ̂ = X⁺y, the λ → 0⁺ limit (the minimum-norm interpolator when n ≤ d).
    case minimumNorm
    /// A fixed λ ≥ 0.
    case fixed(lambda: Double)
    /// λ chosen from the data over `grid` (after a fit, the diagnostics key `chosenLambdaKey` holds the
    /// choice).
    case tuned(grid: [Double])
    /// The parameters leave the family's assumptions (the reason, for the `theory` column).
    case outsideAssumptions(String)

    /// The fitted model's diagnostics key under which a `.tuned` fit reports the λ it chose (the
    /// theory evaluates its formula at that λ).
    public static let chosenLambdaKey = "lambda"
}

/// An estimator of the ridge family (`min-norm`, `ridge`, `ridge-gcv`).
public protocol RidgeFamilyEstimator: Estimator {
    /// The penalty these parameters fit with.
    var ridgePenalty: RidgePenalty { get }
}

/// How an estimator trains the output weights θ of random features f(x) = θᵀσ(Wx), rows of W uniform
/// on the unit sphere and σ the centred ReLU (Hassani & Javanmard 2022's setting).
public struct RandomFeaturesTraining: Sendable, Equatable {
    /// N, the number of features.
    public let features: Int
    /// The ℓ₂ training radius ε of adversarial training (0: least squares on the features).
    public let radius: Double
    /// The ridge penalty λ on θ (the theorem has none).
    public let lambda: Double
    /// Whether the inner maximisation is the theorem's convex first-order surrogate (or absent, at
    /// radius 0), rather than a numerical attack.
    public let solvesTheSurrogate: Bool

    public init(features: Int, radius: Double, lambda: Double, solvesTheSurrogate: Bool) {
        self.features = features
        self.radius = radius
        self.lambda = lambda
        self.solvesTheSurrogate = solvesTheSurrogate
    }
}

/// An estimator that trains random-features output weights (`random-features`, `adversarial-rf`).
public protocol RandomFeaturesEstimator: Estimator {
    var randomFeaturesTraining: RandomFeaturesTraining { get }
}

/// x ~ N(0, I_d) and y = xᵀθ* + ξ, θ* uniform on the sphere of radius `signal`, ξ ~ N(0, noise²).
public struct IsotropicLinearModel: Sendable, Equatable {
    public let dimension: Int
    public let signal: Double
    public let noise: Double

    public init(dimension: Int, signal: Double, noise: Double) {
        self.dimension = dimension
        self.signal = signal
        self.noise = noise
    }
}

/// A data model that is exactly the isotropic linear model (`isotropic`).
public protocol IsotropicLinearDataModel: DataModel {
    var isotropicLinearModel: IsotropicLinearModel { get }
}
