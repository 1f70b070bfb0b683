import ZooCore
import ZooLinalg
import ZooModels

// MARK: - The trainable output weights of a random-features model

/// f(x) = θᵀσ(Wx) with W fixed and θ trained: the state `adversarial-rf` (mode=pgd) moves.
///
/// Loss on a batch (X̃, t): L(θ) = (1/2n)‖t − σ(X̃Wᵀ)θ‖² + (λ/2)‖θ‖² (a mean over rows, factor 1/2;
/// with λ > 0 the minimiser at r = 0 is `ridge(lambda=λ)` on the features). Gradient
/// ∇L = (1/n)Φᵀ(Φθ − t) + λθ, Φ = σ(X̃Wᵀ): one GEMM for Φ and two GEMVs per step.
struct RandomFeatureWeights: AdversariallyTrainable {
    let directions: Matrix
    var weights: [Double]
    let lambda: Double

    var attackable: any DifferentiableModel { RandomFeaturesFit(directions: directions, weights: weights) }

    mutating func descend(on batch: TrainingBatch, stepSize: Double) -> Double {
        let phi = RandomFeaturesFit.features(batch.inputs, directions: directions)
        let (loss, residual) = lossAndResidual(phi, batch.targets)
        var gradient = Vectors.scaled(weights, by: lambda)
        gemv(.transpose, alpha: 1 / Double(max(1, phi.rows)), phi, residual, beta: 1, &gradient)
        Vectors.axpy(-stepSize, gradient, &weights)
        return loss
    }

    func loss(on batch: TrainingBatch) -> Double {
        lossAndResidual(RandomFeaturesFit.features(batch.inputs, directions: directions), batch.targets).loss
    }

    /// L and the residual Φθ − t.
    func lossAndResidual(_ phi: Matrix, _ targets: [Double]) -> (loss: Double, residual: [Double]) {
        let residual = Vectors.difference(phi.multiply(weights), targets)
        let n = Double(max(1, phi.rows))
        let squared = Vectors.dot(residual, residual)
        let penalty = Vectors.dot(weights, weights)
        return (squared / (2 * n) + lambda / 2 * penalty, residual)
    }

    /// λ_max((1/n)ΦᵀΦ) + λ, the curvature of L, by `iterations` power iterations from the all-ones start.
    static func curvature(_ phi: Matrix, lambda: Double, iterations: Int = 30) -> Double {
        let n = Double(max(1, phi.rows))
        var v = [Double](repeating: 1 / Double(max(1, phi.columns)).squareRoot(), count: phi.columns)
        var estimate = 0.0
        for _ in 0..<iterations {
            let w = phi.multiply(phi.multiply(v), .transpose)
            let norm = Vectors.norm2(w)
            guard norm > 0 else { return lambda }
            estimate = norm / n
            v = Vectors.scaled(w, by: 1 / norm)
        }
        return estimate + lambda
    }
}
