import ZooCore
import ZooLinalg

// MARK: - Shared closed form of the exact attacks

/// The effective linear error v with loss (vᵀ(x + δ) − c)²: v = θ̂ for fixed targets, v = θ̂ − θ* for
/// the `consistent` target (t(x + δ) = θ*ᵀ(x + δ), c = 0). The worst δ moves along a fixed unit
/// direction u of the ball (u = v/‖v‖₂ for ℓ₂, sign(v) for ℓ∞), signed per point: δᵢ = ±α·u, returned
/// in the compact rank-one form.
struct LinearAttackDirection {
    let weights: [Double]
    let vector: [Double]

    init(model: any FittedModel, target: AttackTarget, attack: String) throws(ZooError) {
        guard let linear = model as? any LinearModel else {
            throw .usage(
                "\(attack) needs a model with linear weights; use a gradient attack such as pgd-l2 for other models")
        }
        weights = linear.weights
        switch target {
        case .fixed: vector = weights
        case .linear(let truth, _): vector = Vectors.difference(weights, truth)
        }
    }

    /// δᵢ = radius·sᵢ·step, with sᵢ = sign of the residual (regression, sign(0) = +1) or −tᵢ
    /// (classification: push the margin down). For the consistent target vᵀxᵢ = f̂(xᵢ) − θ*ᵀxᵢ, so the
    /// residual is the same difference of clean values.
    func perturbations(predictions: [Double], target: AttackTarget, task: Task, step: [Double], radius: Double)
        -> Perturbations
    {
        let targets = target.cleanValues
        let residualSigns: [Double]
        switch task {
        case .classification:
            residualSigns = targets.map { $0 >= 0 ? -1 : 1 }
        case .regression:
            residualSigns = zip(predictions, targets).map { $0 - $1 >= 0 ? 1 : -1 }
        }
        return .rankOne(scales: residualSigns.map { radius * $0 }, direction: step)
    }
}
