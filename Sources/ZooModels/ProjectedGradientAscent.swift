import ZooCore
import ZooLinalg

// MARK: - The projected-gradient loop shared by pgd-l2, pgd-linf and fgsm

/// Projected steepest ascent on the adversary's loss, for all test points at once:
///
///     δ⁽⁰⁾ = 0 (first start) or uniform in the ball (further starts),
///     δ⁽ˢ⁺¹⁾ = Π_ball(δ⁽ˢ⁾ + argmax_{‖s‖ ≤ step} sᵀ∇_δ ℓ(δ⁽ˢ⁾)),   s = 0 … steps−1,
///
/// where the ascent direction is step·g/‖g‖₂ in the ℓ₂ ball and step·sign(g) in the ℓ∞ ball
/// (`ThreatModel.ascentSteps`), Π is the projection onto the ball (`ThreatModel.project`) and ℓ is
/// `AdversarialLoss` (regression: (f̂(x + δ) − t)²; classification: the negative margin −t·f̂(x + δ)).
///
/// Every iterate of every start is a candidate, the start included: per point the worst case (largest
/// loss) seen is returned, so the attack never does worse than δ = 0 and more steps or restarts (same
/// seed, same absolute `step`) never give a weaker attack. For classification, once a point's sign has
/// flipped (margin < 0) its δ is kept: it is a certified adversarial example; when every point has
/// flipped the loop stops early.
///
/// Each step costs one batched model call at X + Δ (`predictionsAndInputGradients`: the predictions
/// for the candidate's loss and the gradient for the next step), all points together, so the work is
/// matrix products rather than a loop over points. Random starts for restart r > 0 come from their own
/// stream `derivedSeed(seed, r)`, so the first R starts are the same whatever the number of restarts.
public struct ProjectedGradientAscent: Sendable {
    public let threatModel: ThreatModel
    /// Steps per start (≥ 1).
    public let steps: Int
    /// The absolute length of each step in the ball's norm (may exceed the radius; the projection
    /// then brings the iterate back to the boundary).
    public let stepLength: Double
    /// Number of starts (≥ 1); the first at δ = 0.
    public let restarts: Int

    public init(threatModel: ThreatModel, steps: Int, stepLength: Double, restarts: Int) {
        self.threatModel = threatModel
        self.steps = steps
        self.stepLength = stepLength
        self.restarts = restarts
    }

    /// The worst-case perturbations found, row i for test point i.
    public func run(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget, task: Task,
        seed: UInt64, attack: String
    ) throws(ZooError) -> Matrix {
        guard let model = model as? any DifferentiableModel else {
            throw .usage("\(attack) needs a model with an input gradient")
        }
        let m = inputs.rows
        let d = inputs.columns
        let loss = AdversarialLoss(task: task, target: target)
        var best = Worst(
            task: task, rows: m, columns: d,
            losses: loss.values(predictions: predictions, perturbations: .dense(Matrix(rows: m, columns: d))))
        for restart in 0..<restarts {
            if best.allFlipped { break }
            var delta: Matrix
            var current: (predictions: [Double], gradients: Matrix)
            if restart == 0 {
                delta = Matrix(rows: m, columns: d)
                current = (predictions, model.inputGradient(inputs))
            } else {
                var stream = RandomStream(seed: RandomStream.derivedSeed(seed, UInt64(restart)), stream: 0xA77)
                delta = threatModel.uniformStarts(rows: m, columns: d, stream: &stream)
                current = model.predictionsAndInputGradients(Self.shifted(inputs, by: delta))
                best.consider(
                    delta, losses: loss.values(predictions: current.predictions, perturbations: .dense(delta)))
            }
            for step in 1...steps {
                // ∇_δ ℓ at the current iterate, then one steepest-ascent step and the projection.
                let gradient = loss.inputGradients(
                    predictions: current.predictions, modelGradients: current.gradients,
                    perturbations: .dense(delta))
                Self.add(threatModel.ascentSteps(gradient, step: stepLength), to: &delta)
                threatModel.project(&delta)
                let perturbed = Self.shifted(inputs, by: delta)
                if step < steps {
                    current = model.predictionsAndInputGradients(perturbed)
                } else {
                    current.predictions = model.predict(perturbed)
                }
                best.consider(
                    delta, losses: loss.values(predictions: current.predictions, perturbations: .dense(delta)))
                if best.allFlipped { break }
            }
        }
        return best.perturbations
    }

    // MARK: Helpers

    /// X + Δ.
    static func shifted(_ inputs: Matrix, by delta: Matrix) -> Matrix {
        var result = inputs
        add(delta, to: &result)
        return result
    }

    /// target ← target + increment, entrywise.
    static func add(_ increment: Matrix, to target: inout Matrix) {
        increment.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { destination in
                for index in 0..<destination.count { destination[index] += source[index] }
            }
        }
    }
}

// MARK: - The worst case kept per point

/// The largest-loss perturbation seen so far for every point; for classification a point whose margin
/// went negative (a sign flip) is frozen at the first flipping δ.
struct Worst {
    let task: Task
    private(set) var perturbations: Matrix
    private(set) var losses: [Double]

    init(task: Task, rows: Int, columns: Int, losses: [Double]) {
        self.task = task
        self.perturbations = Matrix(rows: rows, columns: columns)
        self.losses = losses
    }

    /// Whether point i is a certified adversarial example already (classification: margin < 0).
    func isFlipped(_ i: Int) -> Bool { task == .classification && losses[i] > 0 }

    /// True when every point has flipped (classification only; nothing left to attack).
    var allFlipped: Bool { task == .classification && losses.indices.allSatisfy(isFlipped) }

    /// Keeps row i of `candidate` where its loss beats the best so far (and the point is not frozen).
    mutating func consider(_ candidate: Matrix, losses candidateLosses: [Double]) {
        let d = candidate.columns
        for i in losses.indices where !isFlipped(i) && candidateLosses[i] > losses[i] {
            losses[i] = candidateLosses[i]
            candidate.withUnsafeBufferPointer { source in
                perturbations.withUnsafeMutableBufferPointer { destination in
                    for j in 0..<d { destination[i * d + j] = source[i * d + j] }
                }
            }
        }
    }
}

// MARK: - Parameters shared by pgd-l2 and pgd-linf

extension ProjectedGradientAscent {
    /// The parameters of a projected-gradient attack: `radius`, `steps`, `step` (0 = automatic,
    /// 2.5·radius/steps) and `restarts`, their doc lines naming the ball's norm.
    public struct Keys: Sendable {
        public let radius: ParameterKey<Double>
        public let steps: ParameterKey<Int>
        public let step: ParameterKey<Double>
        public let restarts: ParameterKey<Int>

        /// The keys for the ball of the norm written `norm` ("ℓ₂", "ℓ∞").
        public init(norm: String) {
            radius = ParameterKey(
                "radius", .real(minimum: 0), default: 0.1, "α, the \(norm) radius of the perturbation ball",
                notation: .attackRadius)
            steps = ParameterKey(
                "steps", .integer(minimum: 1, maximum: 1_000_000), default: 50, "ascent steps per start")
            step = ParameterKey(
                "step", .real(minimum: 0), default: 0,
                "absolute step length in the \(norm) norm; 0 means automatic, 2.5·radius/steps")
            restarts = ParameterKey(
                "restarts", .integer(minimum: 1, maximum: 10_000), default: 1,
                "starts: the first at δ = 0, the others uniform in the ball")
        }

        /// The declarations, in spec order.
        public var specs: [ParameterSpec] { [radius.spec, steps.spec, step.spec, restarts.spec] }
    }

    /// The loop an attack's validated parameters describe, in the `norm` ball of their radius.
    public init(parameters: Parameters, keys: Keys, norm: PerturbationNorm) {
        let threatModel = ThreatModel(norm: norm, radius: parameters[keys.radius])
        let steps = parameters[keys.steps]
        let given = parameters[keys.step]
        self.init(
            threatModel: threatModel, steps: steps,
            stepLength: given > 0 ? given : Self.automaticStep(radius: threatModel.radius, steps: steps),
            restarts: parameters[keys.restarts])
    }

    /// `pgd-l2` with its defaults but `radius` and `steps`: the inner maximisation of adversarial training.
    public static func l2(radius: Double, steps: Int) -> ProjectedGradientAscent {
        ProjectedGradientAscent(
            threatModel: ThreatModel(norm: .l2, radius: radius), steps: steps,
            stepLength: automaticStep(radius: radius, steps: steps), restarts: 1)
    }

    /// The default step, 2.5·radius/steps (Madry et al. 2018): enough to cross the ball 2.5 times, so the
    /// iterates reach the boundary and can still move along it.
    public static func automaticStep(radius: Double, steps: Int) -> Double { 2.5 * radius / Double(steps) }
}
