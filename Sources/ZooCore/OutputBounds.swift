import ZooLinalg

// MARK: - Certified output bounds over a perturbation ball

/// What a certification is asked for at one point (docs/certification.md).
public struct BoundRequest: Sendable, Equatable {
    /// Branch-and-bound nodes each side (upper, lower) may bound after the root; 0 = the root
    /// relaxation only. Models without a branch and bound ignore it.
    public var budget: Int
    /// Refinement of the upper bound stops once it is at or below this value (the value the attack
    /// already achieved on the loss: a smaller bound would not lower the certified loss). −∞: no goal.
    public var upperGoal: Double
    /// Refinement of the lower bound stops once it is at or above this value. +∞: no goal.
    public var lowerGoal: Double

    public init(budget: Int, upperGoal: Double = -.infinity, lowerGoal: Double = .infinity) {
        self.budget = budget
        self.upperGoal = upperGoal
        self.lowerGoal = lowerGoal
    }
}

/// A certified interval [lower, upper] ⊇ {G(δ) : ‖δ‖ ≤ r} for G(δ) = f̂(x + δ) − vᵀ(x + δ), with the
/// best values of G actually attained at points of the ball found along the way.
///
/// `lowerAttained ≥ lower` and `upperAttained ≤ upper` always; where they meet (to `tolerance`) the
/// side is exact: the bound is the true extreme value.
public struct OutputBounds: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    /// The smallest G found at a point of the ball (+∞ if none evaluated).
    public var lowerAttained: Double
    /// The largest G found at a point of the ball (−∞ if none evaluated).
    public var upperAttained: Double
    /// Branch-and-bound nodes bounded (both sides together, roots included).
    public var nodes: Int
    /// The absolute difference under which a bound counts as equal to the value attained: the
    /// relative tolerance `relativeTolerance` of the values' scale, plus the rounding margin.
    public var tolerance: Double

    public init(
        lower: Double, upper: Double, lowerAttained: Double = .infinity, upperAttained: Double = -.infinity,
        nodes: Int = 0, tolerance: Double = 0
    ) {
        self.lower = lower
        self.upper = upper
        self.lowerAttained = lowerAttained
        self.upperAttained = upperAttained
        self.nodes = nodes
        self.tolerance = tolerance
    }

    /// Relative tolerance (of the scale of the values) under which a bound equals the value attained:
    /// rounding of the bound's own arithmetic, far below any statistical error.
    public static let relativeTolerance = 1e-9

    /// Whether the upper bound is the true maximum (to `tolerance`).
    public var upperIsExact: Bool { upper - upperAttained <= tolerance }
    /// Whether the lower bound is the true minimum (to `tolerance`).
    public var lowerIsExact: Bool { lowerAttained - lower <= tolerance }
}

/// A fitted model whose output can be bounded over a perturbation ball (capability `output-bounds`).
///
/// `outputBounds` returns a sound interval for G(δ) = f̂(x + δ) − vᵀ(x + δ) over ‖δ‖ ≤ r (v = 0 when
/// `linearTarget` is nil): every value of G on the ball lies in it, up to the rounding of double
/// arithmetic, which implementations cover with a relative margin of about 1e-12. The linear term lets
/// the `consistent` target t(x + δ) = θ*ᵀ(x + δ) be bounded jointly with the model (the residual
/// f̂ − t is what the loss squares). Deterministic: the same inputs give bit-identical bounds.
public protocol BallBoundedModel: FittedModel {
    /// The method and its budget, for the row (`relu-crown-bnb(nodes=64)`, `exact`, …).
    func boundMethod(budget: Int) -> String
    /// The certified interval at `point` (one input, d entries).
    func outputBounds(
        at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
        request: BoundRequest
    ) -> OutputBounds
}
