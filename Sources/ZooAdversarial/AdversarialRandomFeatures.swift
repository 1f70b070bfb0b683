import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - adversarial-rf

/// `adversarial-rf`: random features trained adversarially,
///
///     θ̂ = argmin_θ (1/2n) Σᵢ max_{‖δᵢ‖₂ ≤ r} (yᵢ − θᵀσ(W(xᵢ + δᵢ)))²  (+ (λ/2)‖θ‖², λ = `lambda`, default 0),
///
/// f(x) = θᵀσ(Wx), σ(t) = max(t, 0) − 1/√(2π), with the SAME W as `random-features` for the same fit
/// seed and `features` (rows uniform on S^(d−1), `RandomFeatureDirections`).
///
/// `mode=pgd` (default): Madry-style adversarial training by `AdversarialTrainingLoop` (shared with
/// `adversarial-two-layer`): each of `steps` outer steps runs `pgd-l2` (radius r, `attack-steps`
/// steps) on the current model against the labels, then one gradient step on θ of absolute size
/// η = `lr`/L̂, L̂ = 1.02·(λ_max(ΦᵀΦ/n) + λ) (Φ the clean features; 30 power iterations), from θ = 0.
/// `lr` is therefore relative (< 2 is stable); η is in the diagnostics. At r = 0 this is gradient
/// descent on the features, which tends to `random-features(lambda=λ)` as steps grow.
///
/// `mode=surrogate`: Hassani & Javanmard's convex first-order surrogate
/// (1/2n) Σᵢ (|yᵢ − θᵀσ(Wxᵢ)| + r‖Jθ‖)², J² = (WWᵀ) ⊙ (π − arccos(WWᵀ))/(2π), solved to a stated
/// tolerance by smoothed Newton with continuation (`RandomFeaturesSurrogate`, which states the
/// certificate); `steps`, `lr` and `attack-steps` are unused. At r = 0 it is `random-features(lambda=λ)`.
///
/// Both report the adversarial training loss per outer step (pgd: at the PGD perturbations; surrogate:
/// the surrogate objective per Newton step) in the diagnostics: first, last and an 11-point trajectory.
/// Interpolation depends on the parameters: not for r > 0 (the adversarial term keeps the loss away
/// from zero); at r = 0 with λ = 0 and N ≥ n the surrogate mode returns the min-norm interpolator on
/// the features (`interpolatingArguments`).
/// Capability: input gradient (so `pgd-l2` and the other gradient attacks apply).
/// References: Hassani & Javanmard 2022, The Curse of Overparametrization in Adversarial Training;
/// Madry et al. 2018; Rahimi & Recht 2007.
public struct AdversarialRandomFeatures: RandomFeaturesEstimator {
    public static let name = "adversarial-rf"
    /// How the inner maximisation is solved.
    public enum Mode: String, ParameterChoice {
        /// Madry-style training: pgd-l2 inner maximisation, gradient steps on θ.
        case pgd
        /// Hassani & Javanmard's convex surrogate, solved by smoothed Newton.
        case surrogate
    }

    public static let features = ParameterKey<Int>(
        "features", .integer(minimum: 1, maximum: 1_000_000), default: 100,
        "N, the number of random features (the W of random-features)", notation: .randomFeatures)
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "r, the ℓ₂ radius of the training adversary", notation: .radius)
    public static let steps = ParameterKey<Int>(
        "steps", .integer(minimum: 1, maximum: 1_000_000), default: 300, "outer gradient steps on θ (mode=pgd)")
    public static let lr = ParameterKey<Double>(
        "lr", .real(minimum: 0, exclusiveMinimum: true), default: 1,
        "step relative to the curvature: η = lr/λ_max(ΦᵀΦ/n + λI); below 2 is stable (mode=pgd)")
    public static let attackSteps = ParameterKey<Int>(
        "attack-steps", .integer(minimum: 1, maximum: 10_000), default: 10,
        "pgd-l2 steps of the inner maximisation (mode=pgd)")
    public static let mode = ParameterKey<Mode>(
        "mode", default: .pgd, "pgd: Madry-style training; surrogate: Hassani & Javanmard's convex surrogate")
    public static let lambda = ParameterKey<Double>(
        "lambda", .real(minimum: 0), default: 0, "optional ridge term (λ/2)‖θ‖²", notation: .penalty)
    public static let parameters = [
        features.spec, radius.spec, steps.spec, lr.spec, attackSteps.spec, mode.spec, lambda.spec,
    ]
    public static let documentation = ComponentDocumentation(
        definition:
            "θ̂ = argmin (1/2n) Σᵢ max_{‖δᵢ‖₂ ≤ r} (yᵢ − θᵀσ(W(xᵢ + δᵢ)))² (+ (λ/2)‖θ‖²), W as in random-features; mode=pgd: pgd-l2 inner maximisation and gradient steps on θ; mode=surrogate: (1/2n) Σᵢ (|yᵢ − θᵀσ(Wxᵢ)| + r‖Jθ‖)², J² = (WWᵀ) ⊙ (π − arccos(WWᵀ))/(2π), solved by smoothed Newton.",
        reference:
            "Hassani & Javanmard 2022, The Curse of Overparametrization in Adversarial Training; Madry et al. 2018, Towards Deep Learning Models Resistant to Adversarial Attacks.",
        notes:
            "Same W as random-features for the same seed and features. lr is relative (absolute η in the diagnostics). The adversarial training loss per outer step is in the diagnostics (first, last, trajectory). radius=0 is random-features(lambda=λ) (surrogate: exactly; pgd: in the limit of many steps)."
    )
    public static let capabilities: Set<Capability> = [.inputGradient, .outputBounds]
    public static let interpolates = Interpolation.dependsOnParameters
    /// r = 0, λ = 0 in surrogate mode with N ≥ n is the min-norm interpolator on the features (the
    /// conformance samples have n < 100); for r > 0 it does not interpolate.
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? =
        [radius.argument(0), mode.argument(.surrogate), features.argument(100)]

    public let parameters: Parameters
    public let features: Int
    public let radius: Double
    public let steps: Int
    public let lr: Double
    public let attackSteps: Int
    public let mode: Mode
    public let lambda: Double

    public init(parameters: Parameters) {
        self.parameters = parameters
        features = parameters[Self.features]
        radius = parameters[Self.radius]
        steps = parameters[Self.steps]
        lr = parameters[Self.lr]
        attackSteps = parameters[Self.attackSteps]
        mode = parameters[Self.mode]
        lambda = parameters[Self.lambda]
    }

    /// Φ (n × N), W (N × d), a perturbed copy of X and Φ per step, and J² plus the Hessian (2N²) in surrogate mode.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        let count = Double(features)
        let surrogate = mode == .surrogate ? 3 * count * count : 0
        return 8 * (2 * Double(n) * count + count * Double(d) + 3 * Double(n) * Double(d) + surrogate)
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let d = training.dimension
        let directions = RandomFeatureDirections.draw(
            count: features, dimension: d,
            seed: RandomFeatureDirections.seed(fitSeed: context.seed, features: features, dimension: d))
        let phi = RandomFeaturesFit.features(training.features, directions: directions)
        var diagnostics = [
            "features": "\(features)", "mode": mode.rawValue, "samples": "\(training.count)",
        ]
        if mode == .surrogate {
            let problem = RandomFeaturesSurrogate(
                features: phi, targets: training.targets,
                gradientGram: RandomFeaturesSurrogate.gradientGram(directions: directions),
                radius: radius, lambda: lambda)
            let solution = try problem.solve()
            diagnostics["solver"] = "smoothed Newton with continuation (ε → 1e-10·rms(y))"
            diagnostics["newton_steps"] = "\(solution.newtonSteps)"
            diagnostics["surrogate_objective"] = Self.format(solution.objective)
            diagnostics["optimality_gap_bound"] = Self.format(solution.gapBound)
            let history = AdversarialTrainingLoop.History(losses: solution.objectives, finalLoss: solution.objective)
            diagnostics.merge(history.diagnostics) { current, _ in current }
            return RandomFeaturesFit(directions: directions, weights: solution.weights, diagnostics: diagnostics)
        }
        let curvature = RandomFeatureWeights.curvature(phi, lambda: lambda) * 1.02
        var model = RandomFeatureWeights(
            directions: directions, weights: [Double](repeating: 0, count: features), lambda: lambda)
        guard curvature > 0, curvature.isFinite else {
            diagnostics["note"] = "zero features (X = 0?): θ = 0"
            return RandomFeaturesFit(directions: directions, weights: model.weights, diagnostics: diagnostics)
        }
        let trainer = GradientTrainer(
            steps: steps, stepSize: lr / curvature, component: spec,
            divergenceHint: "use a smaller lr (now \(lr); below 2 is stable)")
        let loop = AdversarialTrainingLoop(
            radius: radius, attackSteps: attackSteps, trainer: trainer)
        let history = try loop.train(&model, inputs: training.features, labels: training.targets, seed: context.seed)
        diagnostics.merge(history.diagnostics) { current, _ in current }
        diagnostics["step_size"] = Self.format(lr / curvature)
        return RandomFeaturesFit(directions: directions, weights: model.weights, diagnostics: diagnostics)
    }

    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}

// MARK: - Theory

extension AdversarialRandomFeatures {
    public var randomFeaturesTraining: RandomFeaturesTraining {
        RandomFeaturesTraining(
            features: features, radius: radius, lambda: lambda, solvesTheSurrogate: mode == .surrogate)
    }
}

// MARK: - Work, for the time guard

extension AdversarialRandomFeatures: DeclaresFitWork {
    /// The feature map (n·features·d), then (mode=pgd) every step attacks all n points through the map
    /// (`attack-steps` gradient steps of ≥ 2·features·d each) and trains on them.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        let map = Double(n) * Double(features) * Double(d)
        guard mode == .pgd else { return map }
        return map + 2 * Double(steps) * (1 + Double(attackSteps)) * map
    }
}
