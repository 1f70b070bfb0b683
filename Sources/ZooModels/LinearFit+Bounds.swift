import ZooCore
import ZooLinalg

// MARK: - Linear models: the exact interval

extension LinearFit: BallBoundedModel {
    public func boundMethod(budget: Int) -> String { "exact" }

    /// G(δ) = (θ̂ − v)ᵀ(x + δ) ranges over (θ̂ − v)ᵀx ± r‖θ̂ − v‖_* exactly (Hölder, attained at the
    /// dual-norm maximiser), so both sides are exact.
    public func outputBounds(
        at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
        request: BoundRequest
    ) -> OutputBounds {
        Self.linearBounds(weights: weights, at: point, threat: threat, linearTarget: linearTarget)
    }

    /// The exact interval of (w − v)ᵀ(x + δ) over the ball, shared by every linear model.
    public static func linearBounds(
        weights: [Double], at point: [Double], threat: ThreatModel,
        linearTarget: [Double]?
    ) -> OutputBounds {
        let w = linearTarget.map { Vectors.difference(weights, $0) } ?? weights
        let center = Vectors.dot(w, point)
        let spread = threat.radius * threat.norm.dualNorm(w)
        // the bounds are the exact values; the tolerance only absorbs the rounding of other computations
        // of the same value (an exact attack's loss)
        return OutputBounds(
            lower: center - spread, upper: center + spread,
            lowerAttained: center - spread, upperAttained: center + spread,
            tolerance: 1e-12 * max(1, abs(center) + spread))
    }
}
