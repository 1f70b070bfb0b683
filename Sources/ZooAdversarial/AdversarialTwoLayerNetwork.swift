import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - adversarial-two-layer

/// `adversarial-two-layer`: the `two-layer` network (same initialisation for the same fit seed and
/// width, NTK parameterisation, both layers trained, output centred at initialisation:
/// f̂ = g − g₀) trained by PGD adversarial training (Madry et al. 2018):
///
///     each of `steps` full-batch gradient steps is on (1/2n) Σᵢ (yᵢ − f̂(xᵢ + δᵢ))²,
///     δᵢ from `pgd-l2` at radius r (`radius`, `attack-steps` steps) on the current network,
///
/// by `AdversarialTrainingLoop`, the loop `adversarial-rf` (mode=pgd) uses. Centring with perturbed
/// inputs: the step trains g on the targets yᵢ + g₀(xᵢ + δᵢ) (`CentredNetwork`). The step size is
/// `two-layer`'s: η = `lr`/λ̂, λ̂ = 1.02·λ_max(Θ₀/n) of the initial tangent kernel on the clean inputs
/// (relative; η in the diagnostics). Defaults `width=1024`, `steps=200`, `lr=0.5` (not two-layer's 1.5:
/// the adversarial loss is rougher than the clean one, and at 1.5 its trajectory spiked in testing),
/// `radius=0.1`, `attack-steps=10`. r = 0 is `two-layer` with the same width, steps and lr, exactly.
/// Does not interpolate.
/// Diagnostics: the adversarial training loss per step (first, last, trajectory), η.
/// References: Madry, Makelov, Schmidt, Tsipras & Vladu 2018, Towards Deep Learning Models Resistant to
/// Adversarial Attacks; Jacot, Gabriel & Hongler 2018.
public struct AdversarialTwoLayerNetwork: Estimator {
    public static let name = "adversarial-two-layer"
    public static let width = ParameterKey<Int>(
        "width", .integer(minimum: 1, maximum: 1 << 22), default: 1024, "hidden units m", notation: .hiddenUnits)
    public static let steps = ParameterKey<Int>(
        "steps", .integer(minimum: 1, maximum: 1_000_000), default: 200, "full-batch adversarial gradient steps")
    public static let lr = ParameterKey<Double>(
        "lr", .real(minimum: 0, exclusiveMinimum: true), default: 0.5,
        "step relative to the curvature: η = lr/λ_max(Θ₀/n); below 2 is stable")
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "r, the ℓ₂ radius of the training adversary", notation: .radius)
    public static let attackSteps = ParameterKey<Int>(
        "attack-steps", .integer(minimum: 1, maximum: 10_000), default: 10, "pgd-l2 steps of the inner maximisation")
    public static let parameters = [width.spec, steps.spec, lr.spec, radius.spec, attackSteps.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "the two-layer network f̂ = g − g₀ trained by PGD adversarial training: each gradient step on (1/2n) Σᵢ (yᵢ − f̂(xᵢ + δᵢ))², δᵢ from pgd-l2 at radius r on the current network.",
        reference:
            "Madry et al. 2018, Towards Deep Learning Models Resistant to Adversarial Attacks; Jacot, Gabriel & Hongler 2018, Neural Tangent Kernel.",
        notes:
            "Shares its training loop with adversarial-rf (mode=pgd). Same initial network and step rule as two-layer; radius=0 is two-layer with the same lr (default 0.5 here, 1.5 there). The adversarial training loss per step is in the diagnostics."
    )
    public static let capabilities: Set<Capability> = [.inputGradient, .outputBounds]
    public static let interpolates = Interpolation.never

    public let parameters: Parameters
    public let width: Int
    public let steps: Int
    public let lr: Double
    public let radius: Double
    public let attackSteps: Int

    public init(parameters: Parameters) {
        self.parameters = parameters
        width = parameters[Self.width]
        steps = parameters[Self.steps]
        lr = parameters[Self.lr]
        radius = parameters[Self.radius]
        attackSteps = parameters[Self.attackSteps]
    }

    /// `two-layer`'s memory plus perturbed copies of X (the attack's iterates).
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        let plain = ReluNetwork.estimatedFitBytes(width: width, samples: n, dimension: d)
        return plain + 8 * (4 * Double(n) * Double(d) + 4 * Double(width) * Double(d))
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let x = training.features
        let initial = ReluNetwork.initial(
            width: width, dimension: training.dimension, seed: context.seed,
            trainsHidden: true, trainsOutput: true)
        let curvature = initial.tangentCurvature(x, iterations: 8) * 1.02
        guard curvature > 0, curvature.isFinite else {
            return ReluNetworkFit(
                centring: initial, at: initial, diagnostics: ["note": "zero tangent kernel (X = 0?): f̂ = 0"])
        }
        let trainer = GradientTrainer(
            steps: steps, stepSize: lr / curvature, component: spec,
            divergenceHint: "use a smaller lr (now \(lr); below 2 is stable in the lazy regime)")
        let loop = AdversarialTrainingLoop(
            radius: radius, attackSteps: attackSteps, trainer: trainer)
        var model = CentredNetwork(network: initial, initial: initial)
        let history = try loop.train(&model, inputs: x, labels: training.targets, seed: context.seed)
        var diagnostics = history.diagnostics
        diagnostics["step_size"] = String(format: "%.6g", lr / curvature)
        diagnostics["curvature"] = String(format: "%.6g", curvature)
        diagnostics["samples"] = "\(training.count)"
        return ReluNetworkFit(centring: model.network, at: initial, diagnostics: diagnostics)
    }
}

// MARK: - The centred network as a trainable model

/// f̂ = g − g₀ with g trained: a step on (1/2n)‖t − f̂(X̃)‖² is a step of g on the targets t + g₀(X̃).
struct CentredNetwork: AdversariallyTrainable {
    var network: ReluNetwork
    let initial: ReluNetwork

    var attackable: any DifferentiableModel { ReluNetworkFit(centring: network, at: initial) }

    mutating func descend(on batch: TrainingBatch, stepSize: Double) -> Double {
        network.descend(on: shifted(batch), stepSize: stepSize)
    }

    func loss(on batch: TrainingBatch) -> Double { network.loss(on: shifted(batch)) }

    func shifted(_ batch: TrainingBatch) -> TrainingBatch {
        TrainingBatch(inputs: batch.inputs, targets: zip(batch.targets, initial.outputs(batch.inputs)).map { $0 + $1 })
    }
}

// MARK: - Work, for the time guard

extension AdversarialTwoLayerNetwork: DeclaresFitWork {
    /// Every training step attacks all n points (`attack-steps` gradient steps) and then trains on them:
    /// ≥ 2·(1 + attack-steps)·n·width·d.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        2 * Double(steps) * (1 + Double(attackSteps)) * Double(n) * Double(width) * Double(d)
    }
}
