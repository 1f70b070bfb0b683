import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - two-layer

/// `two-layer`: a finite two-layer ReLU network in the NTK parameterisation, trained by full-batch
/// gradient descent from its random initialisation, output centred at initialisation (the lazy regime).
///
///     g(x) = m^(−1/2) Σⱼ aⱼ relu(wⱼᵀx),  j = 1 … m (`width`),  wⱼ ~ N(0, I_d),  aⱼ = ±1 (Rademacher),
///     f̂(x) = g(x) − g₀(x)  (g₀ the network at initialisation, so f̂ = 0 before training),
///     L = (1/2n)‖y − f̂(X)‖²  (a mean over the n samples, with the factor 1/2),
///     θ ← θ − η·∇_θ L for `steps` steps, θ = the layers `layers` names (both, first = W only, second = a only).
///
/// Centring is training g on the shifted targets y + g₀(X) (the same objective), and the fitted model
/// is g − g₀ as one network of 2m units (`ReluNetworkFit`).
///
/// The kernel: with the inputs as given (no normalisation), the tangent kernel of this network tends as
/// m → ∞ to K₁ + K₂ (`layers=both`), K₁ (`first`) or K₂ (`second`), with φ the angle between x and x′,
/// K₁ = xᵀx′(π − φ)/(2π) (from W, using E aⱼ² = 1) and K₂ = ‖x‖‖x′‖(sin φ + (π − φ)cos φ)/(2π) (from a):
/// the kernel of `ntk`, so as width and steps grow f̂ tends to `ntk(lambda=0)` (Jacot, Gabriel & Hongler
/// 2018). Rademacher output weights make the first-layer kernel's Monte-Carlo error smaller (aⱼ² = 1
/// exactly); N(0, 1) weights give the same limit.
///
/// The step is *relative* (stated here because `lr` is not the absolute step): η = `lr`/λ̂, with
/// λ̂ = 1.02 × λ_max(Θ₀/n), Θ₀ = J₀J₀ᵀ the empirical tangent kernel of the initial network on the
/// training inputs (the curvature of L in function space), estimated by 8 power iterations. So `lr` < 2
/// is stable in the lazy regime, whatever the scale of the inputs (on `sphere(d)`, ‖x‖ = √d and
/// λ̂ ≈ d/(2π), so η ≈ 0.09 at d = 100 with the default lr). The absolute η is in the diagnostics.
/// Defaults `width=1024`, `steps=200`, `lr=1.5`: on `sphere(d=100)` with n = 100 … 400 the training
/// loss falls below about 1% of its initial value (the stiff mean direction of the ReLU kernel is
/// stable at lr = 1.5 and the bulk of the spectrum is about 1/15 of it at n = 400). Interpolates only
/// in the limit steps → ∞. A diverging run (non-finite loss) stops with an error naming the step.
///
/// Diagnostics: training loss before and after, relative movements ‖W − W₀‖_F/‖W₀‖_F and
/// ‖a − a₀‖/‖a₀‖ (the lazy-regime check: they shrink like 1/√width), η and λ̂.
/// Memory: the forward/backward pass runs in blocks of 128 rows per thread, so besides the weights (W,
/// W₀, four per-chunk partial gradients, ∇_W and the fitted 2m × d units) it needs 128 × width
/// activations per chunk, not n × width.
/// References: Jacot, Gabriel & Hongler 2018, Neural Tangent Kernel; Chizat, Oyallon & Bach 2019, On
/// Lazy Training in Differentiable Programming; Hao & Zhang 2024 (the lazy two-layer network's
/// adversarial fragility).
public struct TwoLayerNetwork: Estimator {
    public static let name = "two-layer"
    /// Which layers gradient descent trains.
    public enum Layers: String, ParameterChoice {
        case both, first, second
    }

    public static let width = ParameterKey<Int>(
        "width", .integer(minimum: 1, maximum: 1 << 22), default: 1024, "hidden units m", notation: .hiddenUnits)
    public static let steps = ParameterKey<Int>(
        "steps", .integer(minimum: 1, maximum: 1_000_000), default: 200, "full-batch gradient steps")
    public static let lr = ParameterKey<Double>(
        "lr", .real(minimum: 0, exclusiveMinimum: true), default: 1.5,
        "step relative to the curvature: η = lr/λ_max(Θ₀/n); below 2 is stable")
    public static let layers = ParameterKey<Layers>(
        "layers", default: .both, "trained layers: both, first (W only) or second (a only)")
    public static let parameters = [width.spec, steps.spec, lr.spec, layers.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "f̂(x) = m^(−1/2) Σⱼ aⱼ relu(wⱼᵀx) − (the same at initialisation), wⱼ ~ N(0, I_d), aⱼ = ±1; gradient descent on (1/2n)‖y − f̂(X)‖² for `steps` steps of size η = lr/λ_max(Θ₀/n) (Θ₀ the initial empirical tangent kernel); trains `layers`.",
        reference:
            "Jacot, Gabriel & Hongler 2018, Neural Tangent Kernel; Chizat, Oyallon & Bach 2019, On Lazy Training in Differentiable Programming; Hao & Zhang 2024.",
        notes:
            "Tends to ntk(lambda=0) with the same layers as width and steps grow. lr is relative (absolute η in the diagnostics). Diagnostics report the training loss and the relative weight movement (lazy regime: ~1/√width). Interpolates only in the limit."
    )
    public static let capabilities: Set<Capability> = [.inputGradient, .outputBounds]
    public static let interpolates = Interpolation.never

    /// Power iterations for λ_max(Θ₀/n), and the safety factor applied to the estimate.
    static let curvatureIterations = 8
    static let curvatureInflation = 1.02

    public let parameters: Parameters
    public let width: Int
    public let steps: Int
    public let lr: Double
    public let layers: Layers

    public init(parameters: Parameters) {
        self.parameters = parameters
        width = parameters[Self.width]
        steps = parameters[Self.steps]
        lr = parameters[Self.lr]
        layers = parameters[Self.layers]
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let x = training.features
        let y = training.targets
        let n = training.count
        let initial = ReluNetwork.initial(
            width: width, dimension: training.dimension, seed: context.seed,
            trainsHidden: layers != .second, trainsOutput: layers != .first)
        // centring: train g on y + g₀(X), the same objective as (1/2n)‖y − (g − g₀)(X)‖²
        let shifted = zip(y, initial.outputs(x)).map { $0 + $1 }
        let curvature = initial.tangentCurvature(x, iterations: Self.curvatureIterations) * Self.curvatureInflation
        guard curvature > 0, curvature.isFinite else {
            return ReluNetworkFit(
                centring: initial, at: initial, diagnostics: ["note": "zero tangent kernel (X = 0?): f̂ = 0"])
        }
        let trainer = GradientTrainer(
            steps: steps, stepSize: lr / curvature, component: spec,
            divergenceHint: "use a smaller lr (now \(ParameterValue.number(lr)); below 2 is stable in the lazy regime)")
        var network = initial
        let batch = TrainingBatch(inputs: x, targets: shifted)
        let history = try trainer.train(&network) { _, _ in batch }
        let diagnostics = [
            "initial_train_loss": Self.format(history.initialLoss),
            "final_train_loss": Self.format(history.finalLoss),
            "relative_movement_first_layer": Self.format(
                Self.relativeDistance(network.hidden.elements, initial.hidden.elements)),
            "relative_movement_second_layer": Self.format(Self.relativeDistance(network.output, initial.output)),
            "step_size": Self.format(lr / curvature),
            "curvature": Self.format(curvature),
            "samples": "\(n)",
        ]
        return ReluNetworkFit(centring: network, at: initial, diagnostics: diagnostics)
    }

    /// W, W₀, four per-chunk partial gradients, ∇_W and ∇_Wᵀ (width × d each), the fitted 2·width × d
    /// units; per chunk a block of 128 × width activations and one more for the curvature's Jacobian
    /// products; the n-vectors.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double {
        ReluNetwork.estimatedFitBytes(width: width, samples: n, dimension: d)
    }

    // MARK: Helpers

    static func relativeDistance(_ a: [Double], _ b: [Double]) -> Double {
        let reference = Vectors.norm2(b)
        return reference > 0 ? Vectors.norm2(Vectors.difference(a, b)) / reference : 0
    }

    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}

// MARK: - Work, for the time guard

extension TwoLayerNetwork: DeclaresFitWork {
    /// Every training step runs the network forward and backward on all n points: ≥ 2·n·width·d.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        2 * Double(steps) * Double(n) * Double(width) * Double(d)
    }
}
