import ZooCore
import ZooLinalg

// MARK: - Certified output bounds

extension ReluNetworkFit: BallBoundedModel {
    /// The two-layer ReLU bound of its 2m units with signed output weights (the centred network
    /// f − f₀ is one network; docs/certification.md §2).
    public func boundMethod(budget: Int) -> String { TwoLayerReluBound.method(budget: budget) }

    public func outputBounds(at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
                             request: BoundRequest) -> OutputBounds {
        TwoLayerReluBound(units: units, outputWeights: outputWeights)
            .bounds(at: point, threat: threat, linearTarget: linearTarget, request: request)
    }
}
