import ZooCore
import ZooLinalg

// MARK: - Certified output bounds

extension ReluNetworkFit: BallBoundedModel {
    /// The two-layer ReLU bound of its 2m units with signed output weights (the centred network
    /// f − f₀ is one network, each trained unit relaxed together with its initial unit where that is
    /// tighter; docs/certification.md §2).
    public func boundMethod(budget: Int) -> String { TwoLayerReluBound.method(budget: budget) }

    public func outputBounds(
        at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
        request: BoundRequest
    ) -> OutputBounds {
        let m = units.rows / 2
        return TwoLayerReluBound(
            units: units, outputWeights: outputWeights,
            pairs: stacksInitialNetwork ? (0..<m).map { ($0, m + $0) } : []
        )
        .bounds(at: point, threat: threat, linearTarget: linearTarget, request: request)
    }
}
