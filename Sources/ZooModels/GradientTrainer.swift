import ZooCore
import ZooLinalg

// MARK: - Full-batch gradient descent, shared by the network estimators

/// What one gradient step trains on: inputs (the clean training points, or perturbed ones xᵢ + δᵢ in
/// adversarial training) and targets.
public struct TrainingBatch: Sendable {
    public let inputs: Matrix
    public let targets: [Double]
    public init(inputs: Matrix, targets: [Double]) {
        self.inputs = inputs
        self.targets = targets
    }
}

/// A model trained by gradient steps on the mean squared error (1/2n)‖t − g(X)‖².
public protocol GradientTrainable: Sendable {
    /// One step θ ← θ − η·∇L(θ) on `batch`; returns L before the step.
    mutating func descend(on batch: TrainingBatch, stepSize: Double) -> Double
    /// L at `batch`, without moving.
    func loss(on batch: TrainingBatch) -> Double
}

extension ReluNetwork: GradientTrainable {
    public mutating func descend(on batch: TrainingBatch, stepSize: Double) -> Double {
        let (loss, hidden, output) = backpropagate(batch.inputs, .meanSquaredError(targets: batch.targets))
        apply(hidden: hidden, output: output, stepSize: stepSize)
        return loss
    }

    public func loss(on batch: TrainingBatch) -> Double {
        let outputs = outputs(batch.inputs)
        var sum = 0.0
        for i in outputs.indices { sum += (outputs[i] - batch.targets[i]) * (outputs[i] - batch.targets[i]) }
        return sum / (2 * Double(max(1, outputs.count)))
    }
}

/// `steps` full-batch gradient steps of absolute size `stepSize`, each on the batch `batch(step, model)`
/// returns — the same batch every step for standard training; inputs perturbed against the current
/// model (say by `pgd-l2`) for adversarial training (Madry et al. 2018). A non-finite loss stops
/// training with `ZooError.numerical` naming the step and `divergenceHint`.
public struct GradientTrainer: Sendable {
    public let steps: Int
    public let stepSize: Double
    /// The component name that starts the error message.
    public let component: String
    /// What to suggest on divergence (e.g. "use a smaller lr (now 1.5)").
    public let divergenceHint: String

    public init(steps: Int, stepSize: Double, component: String, divergenceHint: String) {
        self.steps = steps
        self.stepSize = stepSize
        self.component = component
        self.divergenceHint = divergenceHint
    }

    /// The losses seen: before the first step and after the last.
    public struct History: Sendable {
        public let initialLoss: Double
        public let finalLoss: Double
    }

    public func train<Model: GradientTrainable>(
        _ model: inout Model, batch: (_ step: Int, _ model: Model) throws(ZooError) -> TrainingBatch
    ) throws(ZooError) -> History {
        var initialLoss = Double.nan
        var lastBatch: TrainingBatch?
        for step in 0..<steps {
            let current = try batch(step, model)
            let loss = model.descend(on: current, stepSize: stepSize)
            guard loss.isFinite else { throw diverged(atStep: step + 1, loss: loss) }
            if step == 0 { initialLoss = loss }
            lastBatch = current
        }
        guard let lastBatch else { return History(initialLoss: .nan, finalLoss: .nan) }
        let finalLoss = model.loss(on: lastBatch)
        guard finalLoss.isFinite else { throw diverged(atStep: steps, loss: finalLoss) }
        return History(initialLoss: initialLoss, finalLoss: finalLoss)
    }

    private func diverged(atStep step: Int, loss: Double) -> ZooError {
        .numerical(
            "\(component): training diverged at step \(step) of \(steps) (training loss \(loss)); \(divergenceHint)")
    }
}
