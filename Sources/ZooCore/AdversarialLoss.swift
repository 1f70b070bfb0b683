import ZooLinalg

// MARK: - The adversary's loss and its input gradient, batched

/// The loss an attack maximises at perturbed inputs xᵢ + δᵢ, and its gradient with respect to δᵢ,
/// for all test points at once (docs/conventions.md §4–§5):
/// - regression: ℓᵢ = (f̂(xᵢ + δᵢ) − t(xᵢ + δᵢ))², with t fixed (`clean`, `label`) or the linear
///   ground truth θ*ᵀ(xᵢ + δᵢ) (`consistent`);
/// - classification (labels ±1): ℓᵢ = −tᵢ·f̂(xᵢ + δᵢ), the negative margin (pushing it up flips the sign).
///
/// The gradient is ∇_δ ℓᵢ = (∂ℓᵢ/∂f)·∇ₓf̂(xᵢ + δᵢ) − [consistent] 2(f̂ − t)·θ*, so one batched model
/// gradient serves every point. Used by PGD, FGSM and adversarial training alike.
public struct AdversarialLoss: Sendable {
    public let task: Task
    public let target: AttackTarget

    public init(task: Task, target: AttackTarget) {
        self.task = task
        self.target = target
    }

    /// t at xᵢ + δᵢ for every i.
    public func targets(perturbations: Perturbations) -> [Double] { target.values(perturbedBy: perturbations) }

    /// ℓᵢ for every i, given f̂(xᵢ + δᵢ) (`predictions`) and δ.
    public func values(predictions: [Double], perturbations: Perturbations) -> [Double] {
        let t = targets(perturbations: perturbations)
        switch task {
        case .regression: return predictions.indices.map { (predictions[$0] - t[$0]) * (predictions[$0] - t[$0]) }
        case .classification: return predictions.indices.map { -t[$0] * predictions[$0] }
        }
    }

    /// ∂ℓᵢ/∂f at f = f̂(xᵢ + δᵢ): 2(f − t) for regression, −t for classification.
    public func predictionDerivatives(predictions: [Double], perturbations: Perturbations) -> [Double] {
        let t = targets(perturbations: perturbations)
        switch task {
        case .regression: return predictions.indices.map { 2 * (predictions[$0] - t[$0]) }
        case .classification: return t.map { -$0 }
        }
    }

    /// ∇_δ ℓᵢ for every i (row i), from the model's input gradients at xᵢ + δᵢ (`modelGradients`,
    /// row i is ∇ₓf̂(xᵢ + δᵢ)), consumed in place.
    public func inputGradients(
        predictions: [Double], modelGradients: Matrix,
        perturbations: Perturbations
    ) -> Matrix {
        let weights = predictionDerivatives(predictions: predictions, perturbations: perturbations)
        var gradients = modelGradients
        let d = gradients.columns
        let m = gradients.rows
        let truth: [Double]?
        if case .linear(let weights, _) = target, task == .regression { truth = weights } else { truth = nil }
        gradients.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<m {
                let w = weights[i]
                if let truth {
                    for j in 0..<d { buffer[i * d + j] = w * (buffer[i * d + j] - truth[j]) }
                } else {
                    for j in 0..<d { buffer[i * d + j] *= w }
                }
            }
        }
        return gradients
    }
}
