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
    public static let parameters: [ParameterSpec] = [
        ParameterSpec(
            "features", .integer(minimum: 1, maximum: 1_000_000), default: .number(100),
            "N, the number of random features (the W of random-features)", notation: .randomFeatures),
        ParameterSpec(
            "radius", .real(minimum: 0), default: .number(0.1), "r, the ℓ₂ radius of the training adversary",
            notation: .radius),
        ParameterSpec(
            "steps", .integer(minimum: 1, maximum: 1_000_000), default: .number(300),
            "outer gradient steps on θ (mode=pgd)"),
        ParameterSpec(
            "lr", .real(minimum: 0, exclusiveMinimum: true), default: .number(1),
            "step relative to the curvature: η = lr/λ_max(ΦᵀΦ/n + λI); below 2 is stable (mode=pgd)",
            notation: .learningRate),
        ParameterSpec(
            "attack-steps", .integer(minimum: 1, maximum: 10_000), default: .number(10),
            "pgd-l2 steps of the inner maximisation (mode=pgd)"),
        ParameterSpec(
            "mode", .choice(["pgd", "surrogate"]), default: .word("pgd"),
            "pgd: Madry-style training; surrogate: Hassani & Javanmard's convex surrogate"),
        ParameterSpec(
            "lambda", .real(minimum: 0), default: .number(0), "optional ridge term (λ/2)‖θ‖²", notation: .penalty),
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
        [("radius", .number(0)), ("mode", .word("surrogate")), ("features", .number(100))]

    public let parameters: Parameters

    public init(parameters: Parameters) { self.parameters = parameters }

    var features: Int { parameters.int("features") }

    /// Φ (n × N), W (N × d), a perturbed copy of X and Φ per step, and J² plus the Hessian (2N²) in surrogate mode.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        let count = Double(features)
        let surrogate = parameters.string("mode") == "surrogate" ? 3 * count * count : 0
        return 8 * (2 * Double(n) * count + count * Double(d) + 3 * Double(n) * Double(d) + surrogate)
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let d = training.dimension
        let directions = RandomFeatureDirections.draw(
            count: features, dimension: d,
            seed: RandomFeatureDirections.seed(fitSeed: context.seed, features: features, dimension: d))
        let phi = RandomFeaturesFit.features(training.features, directions: directions)
        let radius = parameters.double("radius")
        let lambda = parameters.double("lambda")
        var diagnostics = [
            "features": "\(features)", "mode": parameters.string("mode"), "samples": "\(training.count)",
        ]
        if parameters.string("mode") == "surrogate" {
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
        let lr = parameters.double("lr")
        let trainer = GradientTrainer(
            steps: parameters.int("steps"), stepSize: lr / curvature, component: spec,
            divergenceHint: "use a smaller lr (now \(lr); below 2 is stable)")
        let loop = AdversarialTrainingLoop(
            radius: radius, attackSteps: parameters.int("attack-steps"), trainer: trainer)
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
            features: features, radius: parameters.double("radius"), lambda: parameters.double("lambda"),
            solvesTheSurrogate: parameters.string("mode") == "surrogate")
    }
}

// MARK: - Work, for the time guard

extension AdversarialRandomFeatures: DeclaresFitWork {
    /// The feature map (n·features·d), then (mode=pgd) every step attacks all n points through the map
    /// (`attack-steps` gradient steps of ≥ 2·features·d each) and trains on them.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        let map = Double(n) * Double(features) * Double(d)
        guard parameters.string("mode") == "pgd" else { return map }
        return map + 2 * Double(parameters.int("steps")) * (1 + Double(parameters.int("attack-steps"))) * map
    }
}
