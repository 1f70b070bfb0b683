import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - random-features

/// `random-features`: random-features regression,
///
///     f(x) = Σ_{ℓ=1}^N θ_ℓ·σ(w_ℓᵀx),   σ(t) = max(t, 0) − 1/√(2π),
///
/// with the rows w_ℓ of W (N×d) drawn uniformly on the unit sphere S^(d−1) and θ the ridge solution on
/// the features Φ = σ(XWᵀ) (n×N) in the zoo's convention (mean loss, like `ridge`):
///
///     θ̂ = argmin_θ (1/n)‖y − Φθ‖² + λ‖θ‖² = (ΦᵀΦ + nλI)⁻¹Φᵀy,
///
/// `lambda = 0` (default) the minimum-norm least-squares solution Φ⁺y, which interpolates when
/// N ≥ n (rank Φ = n). σ is the ReLU centred for wᵀx ~ N(0, 1) (Hassani & Javanmard 2022's
/// activation), so the features have mean zero on `isotropic` and `sphere` data. Defaults
/// `features=100`, `lambda=0`.
///
/// W is drawn from the fit context's seed (through `RandomStream.derivedSeed` with this component's
/// label, N and d), so a fit is reproducible and every λ fitted on one dataset shares the same W and
/// the same features and ridge path (`FitContext.ridgePath(features:targets:key:)`: one Lanczos run on
/// the features serves every λ, with the eigendecomposition or complete orthogonal decomposition as
/// fallbacks), cached under keys naming N, the derived seed and fingerprints of the training data
/// and of Φ. Solver, rank and residual go in
/// the diagnostics. Capability: input gradient ∇ₓf̂(x) = Wᵀ(θ ⊙ 1[Wx > 0]), batched.
///
/// References: Rahimi & Recht 2007, Random Features for Large-Scale Kernel Machines; Mei & Montanari
/// 2022, The Generalization Error of Random Features Regression; Hassani & Javanmard 2022, The Curse
/// of Overparametrization in Adversarial Training (robustness of random-features regression).
public struct RandomFeaturesRegression: RandomFeaturesEstimator {
    public static let name = "random-features"
    public static let features = ParameterKey<Int>(
        "features", .integer(minimum: 1, maximum: 10_000_000), default: 100, "N, the number of random features",
        notation: .randomFeatures)
    public static let lambda = ParameterKey<Double>(
        "lambda", .real(minimum: 0), default: 0, "λ ≥ 0 in (1/n)‖y − Φθ‖² + λ‖θ‖²; 0 = min-norm on the features",
        notation: .penalty)
    public static let parameters = [features.spec, lambda.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "f(x) = Σ_ℓ θ_ℓ σ(w_ℓᵀx), σ(t) = max(t, 0) − 1/√(2π), rows w_ℓ of W uniform on S^(d−1); θ̂ = argmin (1/n)‖y − Φθ‖² + λ‖θ‖², Φ = σ(XWᵀ).",
        reference:
            "Rahimi & Recht 2007, Random Features for Large-Scale Kernel Machines; Mei & Montanari 2022, The Generalization Error of Random Features Regression; Hassani & Javanmard 2022, The Curse of Overparametrization in Adversarial Training.",
        notes:
            "lambda=0 is min-norm on the features and interpolates when features ≥ n. W comes from the fit seed, shared by every lambda on one dataset. Memory: the n×N features and a min(n, N)² Gram matrix."
    )
    public static let capabilities: Set<Capability> = [.inputGradient, .outputBounds]
    public static let interpolates = Interpolation.dependsOnParameters
    /// Interpolates at λ = 0 once N ≥ n (the conformance samples have n < 100).
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? = [
        lambda.argument(0), features.argument(100),
    ]

    public let parameters: Parameters
    public let features: Int
    public let lambda: Double

    public init(parameters: Parameters) {
        self.parameters = parameters
        features = parameters[Self.features]
        lambda = parameters[Self.lambda]
    }

    /// The features Φ (n×N), W (N×d), and the ridge path's small Gram matrix and eigenvectors
    /// (2·min(n, N)²) plus one block of test features.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        let count = Double(features)
        let small = min(Double(n), count)
        return 8 * (Double(n) * count + count * Double(d) + 2 * small * small)
            + Double(RandomFeaturesFit.blockBytes)
    }

    /// Refuses, before allocating, a fit that would not fit in three quarters of `memory` bytes.
    public func checkMemory(
        samples n: Int, dimension d: Int,
        memory: Double = Double(ProcessInfo.processInfo.physicalMemory)
    ) throws(ZooError) {
        let bytes = estimatedFitBytes(samples: n, dimension: d)
        let available = 0.75 * memory
        guard bytes <= available else {
            throw .resources(
                String(
                    format:
                        "random-features: N=%d features on n=%d points need about %.1f GiB, more than the %.1f GiB this machine can spare: reduce features or n",
                    features, n, bytes / 1_073_741_824, available / 1_073_741_824))
        }
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let n = training.count
        let d = training.dimension
        try checkMemory(samples: n, dimension: d)
        let seed = RandomFeatureDirections.seed(fitSeed: context.seed, features: features, dimension: d)
        let name = "random-features(features=\(features),seed=\(seed))"
        // W and Φ = σ(XWᵀ) once per (N, seed, training data); the ridge path on Φ once per Φ.
        let design = try context.shared(
            "\(name)|" + FitContext.fingerprint(features: training.features, targets: training.targets)
        ) {
            () throws(ZooError) -> RandomFeatureDesign in
            let directions = RandomFeatureDirections.draw(count: features, dimension: d, seed: seed)
            return RandomFeatureDesign(
                directions: directions, features: RandomFeaturesFit.features(training.features, directions: directions))
        }
        let path = try context.ridgePath(features: design.features, targets: training.targets, key: name)
        let solution = try ZooError.fromLinalg { () throws(LinalgError) in try path.solve(lambda: lambda) }
        var diagnostics = solution.diagnostics(samples: n, dimension: features, lambda: lambda)
        diagnostics["features"] = String(features)
        return RandomFeaturesFit(
            directions: design.directions, weights: solution.coefficients, diagnostics: diagnostics)
    }
}

/// W and the features Φ = σ(XWᵀ), shared by every λ fitted on one dataset.
struct RandomFeatureDesign: Sendable {
    let directions: Matrix
    let features: Matrix
}

// MARK: - Theory

extension RandomFeaturesRegression {
    /// Least squares (ridge) on the features: adversarial training at radius 0.
    public var randomFeaturesTraining: RandomFeaturesTraining {
        RandomFeaturesTraining(
            features: features, radius: 0, lambda: lambda, solvesTheSurrogate: true)
    }
}

// MARK: - Work, for the time guard

extension RandomFeaturesRegression: DeclaresFitWork {
    /// The feature map alone costs n·features·d.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        Double(n) * Double(features) * Double(d)
    }
}
