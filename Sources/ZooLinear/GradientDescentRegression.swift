import ZooCore
import ZooLinalg
import ZooModels

// MARK: - gradient-descent

/// `gradient-descent`: early-stopped full-batch gradient descent on the mean squared error
/// L(θ) = (1/n)‖y − Xθ‖², started at θ₀ = 0:
///
///     θ_{t+1} = θ_t − η·∇L(θ_t),   ∇L(θ) = (2/n)·Xᵀ(Xθ − y),   t = 0 … steps−1.
///
/// The step is *relative*: η = `lr` / M with M = (2/n)·‖X‖₂², the curvature of L (its largest
/// Hessian eigenvalue, estimated by 50 power iterations from a seeded start and inflated by 2%), so
/// `lr` < 2 is stable for every data set. Started at 0, the iterates stay in the row space of X, so
/// as steps → ∞ they converge to the minimum-norm least-squares solution (`min-norm`); fewer steps act
/// like a ridge penalty of order 1/(η·steps) (implicit regularisation). Interpolates only in the limit.
///
/// Defaults `steps=100`, `lr=1`. Capabilities: linear weights, input gradient.
/// Reference: Hao & Zhang 2024 discuss early stopping as an alternative to explicit ridge regularisation;
/// Ali, Kolter & Tibshirani 2019, "A Continuous-Time View of Early Stopping for Least Squares".
/// This module is also the worked example of docs/adding-components.md, "Adding an estimator as a module".
public struct GradientDescentRegression: Estimator {
    public static let name = "gradient-descent"
    public static let steps = ParameterKey<Int>(
        "steps", .integer(minimum: 0, maximum: 1_000_000), default: 100, "number of gradient steps from θ = 0")
    public static let lr = ParameterKey<Double>(
        "lr", .real(minimum: 0, maximum: 2, exclusiveMinimum: true), default: 1,
        "step size relative to the curvature: η = lr·n/(2‖X‖₂²); below 2 is stable")
    public static let parameters = [steps.spec, lr.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "θ₀ = 0, θ_{t+1} = θ_t − η·(2/n)·Xᵀ(Xθ_t − y) for t < steps, η = lr/((2/n)‖X‖₂²): gradient descent on (1/n)‖y − Xθ‖².",
        reference:
            "Ali, Kolter & Tibshirani 2019, A Continuous-Time View of Early Stopping for Least Squares; Hao & Zhang 2024.",
        notes:
            "Converges to min-norm as steps → ∞ (the iterates stay in the row space of X); early stopping acts like ridge."
    )
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient, .outputBounds]
    public static let interpolates = Interpolation.dependsOnParameters
    /// Interpolates in the limit of many steps: 100000 steps at lr = 1.9 reach it to rounding on small samples.
    public static let interpolatingArguments: [(key: String, value: ParameterValue)]? = [
        steps.argument(100_000), lr.argument(1.9),
    ]

    /// Power iterations for ‖X‖₂², and the safety factor applied to the estimate.
    static let powerIterations = 50
    static let curvatureInflation = 1.02

    public let parameters: Parameters
    public let steps: Int
    public let lr: Double

    public init(parameters: Parameters) {
        self.parameters = parameters
        steps = parameters[Self.steps]
        lr = parameters[Self.lr]
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let x = training.features
        let y = training.targets
        let n = Double(training.count)
        let curvature = 2 / n * Self.largestSquaredSingularValue(x, seed: context.seed) * Self.curvatureInflation
        var theta = [Double](repeating: 0, count: training.dimension)
        guard curvature > 0 else { return LinearFit(weights: theta, diagnostics: ["steps": "0", "note": "X = 0"]) }
        let step = lr / curvature
        for _ in 0..<steps {
            // residual r = Xθ − y, gradient g = (2/n)·Xᵀr, θ ← θ − η·g
            var residual = x.multiply(theta)
            for i in residual.indices { residual[i] -= y[i] }
            let gradient = x.multiply(residual, .transpose)
            Vectors.axpy(-(step * 2 / n), gradient, &theta)
        }
        return LinearFit(weights: theta, diagnostics: ["step": "\(step)", "curvature": "\(curvature)"])
    }

    /// ‖X‖₂² by power iteration on XᵀX from a seeded random start.
    public static func largestSquaredSingularValue(_ x: Matrix, seed: UInt64) -> Double {
        var stream = RandomStream(seed: seed, stream: 0x9D)
        var v = stream.uniformOnSphere(dimension: x.columns)
        var estimate = 0.0
        for _ in 0..<powerIterations {
            let w = x.multiply(x.multiply(v), .transpose)
            let norm = Vectors.norm2(w)
            guard norm > 0 else { return 0 }
            estimate = norm
            v = w.map { $0 / norm }
        }
        return estimate
    }
}

// MARK: - Work, for the time guard

extension GradientDescentRegression: DeclaresFitWork {
    /// Every step computes Xθ and Xᵀr: 2·n·d.
    public func estimatedFitOperations(samples n: Int, dimension d: Int) -> Double {
        2 * Double(steps) * Double(n) * Double(d)
    }
}
