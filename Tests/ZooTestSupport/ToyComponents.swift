import Foundation
import ZooCore
import ZooLinalg

// MARK: - Toy components for the conformance suite and the harness tests

/// `toy-tanh`: a non-linear regressor f̂(x) = tanh(wᵀx) with w = (1/n)Xᵀy (no fit to speak of: the
/// point is a model without linear weights but with an input gradient ∇ₓf̂ = (1 − f̂²)·w).
/// Does not interpolate. Test fixture, never in the catalogue.
public struct ToyTanhRegressor: Estimator {
    public static let name = "toy-tanh"
    public static let scale = ParameterKey<Double>(
        "scale", .real(minimum: 0, exclusiveMinimum: true), default: 1, "w is multiplied by this")
    public static let claimedBytes = ParameterKey<Double>(
        "claimed-bytes", .real(minimum: 0), default: 0, "what estimatedFitBytes returns")
    public static let parameters = [scale.spec, claimedBytes.spec]
    public static let documentation = ComponentDocumentation(
        definition: "f̂(x) = tanh(scale·wᵀx), w = (1/n)Xᵀy", reference: "test fixture")
    public static let capabilities: Set<Capability> = [.inputGradient]
    public static let interpolates = Interpolation.never
    public let parameters: Parameters
    public let scale: Double
    public let claimedBytes: Double
    public init(parameters: Parameters) {
        self.parameters = parameters
        scale = parameters[Self.scale]
        claimedBytes = parameters[Self.claimedBytes]
    }

    public struct Model: DifferentiableModel {
        public let w: [Double]
        /// What the fit saw in its context, reported in the diagnostics.
        public let seenTask: Task
        public let seenThreat: ThreatModel?
        public init(w: [Double], seenTask: Task = .regression, seenThreat: ThreatModel? = nil) {
            self.w = w
            self.seenTask = seenTask
            self.seenThreat = seenThreat
        }
        public func predict(_ inputs: Matrix) -> [Double] { inputs.multiply(w).map { tanh($0) } }
        public func inputGradient(_ inputs: Matrix) -> Matrix {
            let values = predict(inputs)
            var gradient = Matrix(rows: inputs.rows, columns: w.count)
            for i in 0..<inputs.rows {
                for j in w.indices { gradient[i, j] = (1 - values[i] * values[i]) * w[j] }
            }
            return gradient
        }
        public var diagnostics: [String: String] {
            [
                "solver": "toy", "task": seenTask.rawValue,
                "threat-model": seenThreat.map { "\($0.norm.rawValue)(radius=\($0.radius))" } ?? "none",
            ]
        }
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        let w = training.features.multiply(training.targets, .transpose).map {
            scale * $0 / Double(training.count)
        }
        return Model(w: w, seenTask: context.task, seenThreat: context.threatModel)
    }

    /// Overrides the default so that a test can see the override through `any Estimator`.
    public func estimatedFitBytes(samples n: Int, dimension d: Int) -> Double { claimedBytes }
}

/// `toy-classifier`: a linear classifier θ̂ = (1/n)Σᵢ yᵢxᵢ (labels ±1; the difference of class means
/// when balanced), f̂(x) = θ̂ᵀx, prediction sign f̂. Linear weights and input gradient. Fixture.
public struct ToyLinearClassifier: Estimator {
    public static let name = "toy-classifier"
    public static let parameters: [ParameterSpec] = []
    public static let documentation = ComponentDocumentation(
        definition: "θ̂ = (1/n)Σ yᵢxᵢ, f̂(x) = θ̂ᵀx", reference: "test fixture")
    public static let capabilities: Set<Capability> = [.linearWeights, .inputGradient]
    public static let interpolates = Interpolation.never
    public let parameters: Parameters
    public init(parameters: Parameters) { self.parameters = parameters }

    public struct Model: LinearModel, DifferentiableModel {
        public let weights: [Double]
        public init(weights: [Double]) { self.weights = weights }
        public func inputGradient(_ inputs: Matrix) -> Matrix { Matrix((0..<inputs.rows).map { _ in weights }) }
    }

    public func fit(_ training: Dataset, context: FitContext) throws(ZooError) -> any FittedModel {
        Model(weights: training.features.multiply(training.targets, .transpose).map { $0 / Double(training.count) })
    }
}

/// `toy-gradient-sign`: one signed-gradient step of size `radius` in the ℓ∞ ball (FGSM-like), from
/// `AdversarialLoss` and `ThreatModel.ascentSteps`; needs only the input gradient. With
/// `exact=false` it declares no exact threat model, so the harness must leave the exact columns
/// null even on a linear model. Fixture.
public struct ToyGradientSignAttack: Attack {
    public static let name = "toy-gradient-sign"
    public static let radius = ParameterKey<Double>("radius", .real(minimum: 0), default: 0.1, "ℓ∞ radius")
    public static let exact = ParameterKey<Bool>(
        "exact", .boolean, default: true, "whether exact columns may be reported beside it")
    public static let parameters = [radius.spec, exact.spec]
    public static let documentation = ComponentDocumentation(
        definition: "δ = r·sign(∇_δ ℓ) at δ = 0", reference: "test fixture")
    public static let requirements: Set<Capability> = [.inputGradient]
    public let parameters: Parameters
    public let threatModel: ThreatModel
    public let exactRiskThreatModel: ThreatModel?
    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .linf, radius: parameters[Self.radius])
        exactRiskThreatModel = parameters[Self.exact] ? threatModel : nil
    }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        guard let differentiable = model as? any DifferentiableModel else {
            throw .usage("toy-gradient-sign needs an input gradient")
        }
        let zero = Perturbations.dense(Matrix(rows: inputs.rows, columns: inputs.columns))
        let loss = AdversarialLoss(task: task, target: target)
        let gradient = loss.inputGradients(
            predictions: predictions, modelGradients: differentiable.inputGradient(inputs), perturbations: zero)
        return .dense(threatModel.ascentSteps(gradient, step: threatModel.radius))
    }
}

/// `toy-nonlinear-data`: x ~ N(0, I_d), f*(x) = tanh(x₁) (not linear), y = f*(x) + N(0, 0.1²). Has a
/// ground truth but no linear θ*, so the harness must refuse the `consistent` target. Fixture.
public struct ToyNonlinearData: DataModel {
    public static let name = "toy-nonlinear-data"
    public static let d = ParameterKey<Int>("d", .integer(minimum: 1, maximum: 10_000), default: 8, "dimension")
    public static let parameters = [d.spec]
    public static let documentation = ComponentDocumentation(definition: "f*(x) = tanh(x₁)", reference: "test fixture")
    public let parameters: Parameters
    public let d: Int
    public init(parameters: Parameters) {
        self.parameters = parameters
        d = parameters[Self.d]
    }
    public var task: Task { .regression }
    public var dimension: Int? { d }

    private func sample(_ count: Int, seed: UInt64, stream: UInt64) -> (Matrix, [Double], [Double]) {
        let x = Matrix.standardNormal(rows: count, columns: d, seed: seed, stream: stream)
        let noise = Matrix.standardNormal(rows: count, columns: 1, seed: seed, stream: stream + 1)
        let signal = (0..<count).map { tanh(x[$0, 0]) }
        return (x, signal, (0..<count).map { signal[$0] + 0.1 * noise[$0, 0] })
    }

    public func drawTest(size: Int, seed: UInt64) throws(ZooError) -> TestSample {
        let (x, signal, y) = sample(size, seed: seed, stream: 10)
        return TestSample(data: Dataset(generatedFeatures: x, targets: y), signal: signal, linearTruth: nil)
    }

    public func drawTraining(size: Int, seed: UInt64) throws(ZooError) -> Dataset {
        let (x, _, y) = sample(size, seed: StableHash.combine(seed, UInt64(size)), stream: 20)
        return Dataset(generatedFeatures: x, targets: y)
    }
}

/// The toy components' catalogue, written as the RegistryPlugin would generate it from a plugin
/// package's registry.json: `Registry(catalogs: [Catalog.self, ToyCatalog.self])` is the built-in
/// catalogue plus the toys, registered the way a plugin package's components are.
public enum ToyCatalog: ComponentCatalog {
    public static let entries: [CatalogEntry] = [
        CatalogEntry(
            module: "ZooTestSupport", kind: .estimator, name: "toy-tanh", type: ToyTanhRegressor.self,
            summary: "test fixture: f̂(x) = tanh(scale·wᵀx), w = (1/n)Xᵀy"),
        CatalogEntry(
            module: "ZooTestSupport", kind: .estimator, name: "toy-classifier", type: ToyLinearClassifier.self,
            summary: "test fixture: θ̂ = (1/n)Σ yᵢxᵢ, f̂(x) = θ̂ᵀx"),
        CatalogEntry(
            module: "ZooTestSupport", kind: .attack, name: "toy-gradient-sign", type: ToyGradientSignAttack.self,
            summary: "test fixture: δ = r·sign(∇_δ ℓ) at δ = 0"),
        CatalogEntry(
            module: "ZooTestSupport", kind: .attack, name: "toy-random-direction", type: ToyRandomDirectionAttack.self,
            summary: "test fixture: δᵢ = r·gᵢ/‖gᵢ‖₂, gᵢ ~ N(0, I), not a worst case"),
        CatalogEntry(
            module: "ZooTestSupport", kind: .data, name: "toy-nonlinear-data", type: ToyNonlinearData.self,
            summary: "test fixture: f*(x) = tanh(x₁), not linear"),
    ]
}
