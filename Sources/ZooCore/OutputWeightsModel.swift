// MARK: - Models linear in fixed features

/// A model f̂(x) = θ̂ᵀφ(x) with fixed features φ (random features): its trained output weights θ̂, whose
/// norm result rows report as `weight_norm` beside the linear models' ‖θ̂‖₂ (Hassani & Javanmard's
/// ‖θ̂‖ for random features).
public protocol OutputWeightsModel: FittedModel {
    /// θ̂, one weight per feature.
    var outputWeights: [Double] { get }
}
