import ZooCore
import ZooLinalg

// MARK: - Certified output bounds

extension RandomFeaturesFit: BallBoundedModel {
    /// f(x) = Σ θ_ℓ relu(w_ℓᵀx) − (Σ θ_ℓ)/√(2π): the two-layer ReLU bound with the centring as the
    /// constant (docs/certification.md §2).
    public func boundMethod(budget: Int) -> String { TwoLayerReluBound.method(budget: budget) }

    public func outputBounds(
        at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
        request: BoundRequest
    ) -> OutputBounds {
        reluBound.bounds(at: point, threat: threat, linearTarget: linearTarget, request: request)
    }

    /// The model as a two-layer ReLU function.
    var reluBound: TwoLayerReluBound {
        TwoLayerReluBound(
            units: directions, outputWeights: weights,
            constant: -Self.centring * weights.reduce(0, +))
    }
}
