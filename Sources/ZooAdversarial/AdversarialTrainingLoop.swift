import Foundation
import ZooCore
import ZooLinalg
import ZooModels

// MARK: - PGD adversarial training, shared by adversarial-rf (mode=pgd) and adversarial-two-layer

/// A model trained by gradient steps (`GradientTrainable`: one step on the mean squared error
/// (1/2n)‖t − f(X̃)‖² at the batch's inputs X̃) that can also be attacked: `attackable` is the current
/// function f as a fitted model with an input gradient, which `pgd-l2` perturbs.
public protocol AdversariallyTrainable: GradientTrainable {
    /// The current f, for the inner maximisation.
    var attackable: any DifferentiableModel { get }
}

/// Madry et al.'s adversarial training of a model f on (X, y):
///
///     min_θ (1/2n) Σᵢ max_{‖δᵢ‖₂ ≤ r} (yᵢ − f_θ(xᵢ + δᵢ))²,
///
/// step k: δᵢ from `pgd-l2` (radius r, `attackSteps` steps of the automatic length 2.5·r/steps, one
/// start at δ = 0, target t = yᵢ) on the current f, then one gradient step of size η on
/// (1/2n) Σᵢ (yᵢ − f(xᵢ + δᵢ))² (Danskin: the gradient at the inner maximiser), by `GradientTrainer`.
/// The loss recorded at step k is this adversarial training loss at the PGD perturbations, before the
/// step; the final value is measured after the last step with a fresh attack. r = 0 is plain gradient
/// descent on the clean loss (no attack is run).
/// Reference: Madry, Makelov, Schmidt, Tsipras & Vladu 2018, Towards Deep Learning Models Resistant to
/// Adversarial Attacks.
public struct AdversarialTrainingLoop: Sendable {
    public let radius: Double
    public let attackSteps: Int
    public let trainer: GradientTrainer

    public init(radius: Double, attackSteps: Int, trainer: GradientTrainer) {
        self.radius = radius
        self.attackSteps = attackSteps
        self.trainer = trainer
    }

    /// The adversarial training loss before every step, and after the last.
    public struct History: Sendable {
        public let losses: [Double]
        public let finalLoss: Double

        /// first, last, and a trajectory of at most 11 evenly spaced values, for the diagnostics.
        public var diagnostics: [String: String] {
            let format = { (v: Double) in String(format: "%.6g", v) }
            var result = ["final_adversarial_train_loss": format(finalLoss), "outer_steps": "\(losses.count)"]
            if let first = losses.first { result["initial_adversarial_train_loss"] = format(first) }
            if losses.count > 1 {
                let picks = Set((0...10).map { $0 * (losses.count - 1) / 10 }).sorted()
                result["adversarial_train_loss_trajectory"] = picks.map { "\($0 + 1):\(format(losses[$0]))" }.joined(
                    separator: " ")
            }
            return result
        }
    }

    /// Trains `model` in place on (inputs, labels); `seed` seeds the attack (used only by restarts).
    public func train<Model: AdversariallyTrainable>(
        _ model: inout Model, inputs: Matrix, labels: [Double],
        seed: UInt64
    ) throws(ZooError) -> History {
        var recording = Recording(model: model)
        _ = try trainer.train(&recording) { _, current throws(ZooError) in
            try TrainingBatch(
                inputs: perturbed(inputs, labels: labels, against: current.model, seed: seed), targets: labels)
        }
        model = recording.model
        let last = try TrainingBatch(
            inputs: perturbed(inputs, labels: labels, against: model, seed: seed), targets: labels)
        let finalLoss = model.loss(on: last)
        guard finalLoss.isFinite else {
            throw .numerical(
                "\(trainer.component): training diverged (final adversarial loss \(finalLoss)); \(trainer.divergenceHint)"
            )
        }
        return History(losses: recording.losses, finalLoss: finalLoss)
    }

    /// X + Δ, Δ from `pgd-l2` on the current model against the labels (X itself when r = 0).
    func perturbed<Model: AdversariallyTrainable>(
        _ inputs: Matrix, labels: [Double], against model: Model,
        seed: UInt64
    ) throws(ZooError) -> Matrix {
        guard radius > 0 else { return inputs }
        let matrix = try ProjectedGradientAscent.l2(radius: radius, steps: attackSteps).run(
            model: model.attackable, inputs: inputs, predictions: model.attackable.predict(inputs),
            target: .fixed(labels), task: .regression, seed: seed, attack: "pgd-l2")
        var result = inputs
        result.elements = zip(inputs.elements, matrix.elements).map { $0 + $1 }
        return result
    }
}

/// A model whose steps append their loss (before the step) to `losses`.
struct Recording<Model: AdversariallyTrainable>: GradientTrainable {
    var model: Model
    var losses: [Double] = []

    mutating func descend(on batch: TrainingBatch, stepSize: Double) -> Double {
        let loss = model.descend(on: batch, stepSize: stepSize)
        losses.append(loss)
        return loss
    }

    func loss(on batch: TrainingBatch) -> Double { model.loss(on: batch) }
}
