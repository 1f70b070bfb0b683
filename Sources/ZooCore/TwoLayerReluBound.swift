import ZooLinalg

// MARK: - Certified bounds for two-layer ReLU functions

/// Certified bounds on f(x) = Σₖ cₖ relu(sₖᵀx) + c₀ over a perturbation ball: linear relaxation
/// (CROWN / DeepPoly for one hidden layer) refined by branch and bound on unstable neurons
/// (docs/certification.md §2). Shared by every model of this form: `two-layer` and
/// `adversarial-two-layer` (the centred network f − f₀ as 2m units with signed output weights),
/// `random-features` and `adversarial-rf` (σ(t) = relu(t) − 1/√(2π), so c₀ = −Σθ/√(2π)).
///
/// At a point x the pre-activation zₖ(δ) = sₖᵀx + sₖᵀδ ranges over [lₖ, uₖ] = zₖ ± r‖sₖ‖_* exactly.
/// To bound max G(δ) (G = f − vᵀ(x + δ); the minimum is the maximum of −G):
/// - stable neurons (lₖ ≥ 0 or uₖ ≤ 0) are linear;
/// - an unstable neuron with cₖ > 0 needs an upper bound on relu: the chord u(z − l)/(u − l);
///   with cₖ < 0 a lower bound: αz with α = 1 if u ≥ −l else 0 (CROWN's adaptive choice);
/// - the resulting linear function a₀ + aᵀδ is bounded over the node's domain D = ball ∩ {split
///   halfspaces hⱼᵀδ ≤ bⱼ} by weak Lagrangian duality: max_D aᵀδ ≤ r‖a − Σμⱼhⱼ‖_* + Σμⱼbⱼ for every
///   μ ≥ 0; μ is improved by exact coordinate minimisation (closed form for ℓ₂, a weighted median
///   for ℓ∞), warm-started from the parent. A dual going to −∞ proves the domain empty.
/// Branch and bound splits the unstable neuron with the largest relaxation gap |cₖ|·(max gap of its
/// relaxation) into zₖ ≥ 0 (relu = z) and zₖ ≤ 0 (relu = 0), best-first on the bound. Every bounded
/// node's dual maximiser is a point of the ball where G is evaluated: the best is `upperAttained`.
/// Nodes whose bound is at or below the request's goal, or within tolerance of the attained value, or
/// with no unstable neuron left, are closed; the result is the largest bound of the closed and still
/// open nodes, plus a relative margin of 1e-12 for rounding. When the budget lets every node close
/// within tolerance of the attained value, the bound is exact.
public struct TwoLayerReluBound: Sendable {
    /// S, K × d: row k is sₖ.
    public let units: Matrix
    /// c, one output weight per unit.
    public let outputWeights: [Double]
    /// c₀.
    public let constant: Double

    public init(units: Matrix, outputWeights: [Double], constant: Double = 0) {
        precondition(units.rows == outputWeights.count, "TwoLayerReluBound: one output weight per unit")
        self.units = units
        self.outputWeights = outputWeights
        self.constant = constant
    }

    /// The method name recorded in rows.
    public static func method(budget: Int) -> String { "relu-crown-bnb(nodes=\(budget))" }

    /// f at `point` (the scalar reference the tests and the certificate use).
    public func value(at point: [Double]) -> Double {
        var sum = constant
        for k in 0..<units.rows {
            var z = 0.0
            for j in 0..<units.columns { z += units[k, j] * point[j] }
            sum += outputWeights[k] * max(z, 0)
        }
        return sum
    }

    /// The certified interval of G(δ) = f(x + δ) − vᵀ(x + δ) over the ball (`BallBoundedModel`).
    public func bounds(at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
                       request: BoundRequest) -> OutputBounds {
        let upper = ReluBranchAndBound(self, point: point, threat: threat, linearTarget: linearTarget, sign: 1)
            .maximize(budget: request.budget, goal: request.upperGoal)
        let lower = ReluBranchAndBound(self, point: point, threat: threat, linearTarget: linearTarget, sign: -1)
            .maximize(budget: request.budget, goal: -request.lowerGoal)
        return OutputBounds(lower: -lower.bound, upper: upper.bound, lowerAttained: -lower.attained,
                            upperAttained: upper.attained, nodes: upper.nodes + lower.nodes,
                            tolerance: max(upper.tolerance, lower.tolerance))
    }
}

// MARK: - Branch and bound for one side

/// max over the ball of sign·G(δ) = c₀′ + ℓᵀδ + Σₖ cₖ′ relu(zₖ + sₖᵀδ) (primes: signed), at one point.
struct ReluBranchAndBound {
    let d: Int, count: Int
    let radius: Double
    let norm: PerturbationNorm
    /// S row-major, K × d.
    let units: [Double]
    /// Signed output weights, constant and linear term.
    let weights: [Double]
    let offset: Double
    let linear: [Double]
    /// Pre-activations at x, their ranges over the ball, the dual norms of the units.
    let center: [Double], low: [Double], high: [Double], unitNorms: [Double]
    /// Scale of the values, for the rounding margin and the tolerance.
    let scale: Double

    /// A node: the split neurons (unit, active) with their dual multipliers, and its bound.
    struct Node {
        var splits: [(unit: Int, active: Bool)]
        var multipliers: [Double]
        var bound: Double
        var candidate: [Double]
        var unstable: Int
    }

    /// Relative margin added to bounds for the rounding of their arithmetic.
    static let roundingMargin = 1e-12
    /// Dual coordinate sweeps per node, and for a node with no unstable neuron left (a linear piece).
    static let sweeps = 4
    static let leafSweeps = 200

    init(_ function: TwoLayerReluBound, point: [Double], threat: ThreatModel, linearTarget: [Double]?, sign: Double) {
        d = function.units.columns
        count = function.units.rows
        radius = threat.radius
        norm = threat.norm
        units = function.units.elements
        weights = function.outputWeights.map { sign * $0 }
        var offset = sign * function.constant
        var linear = [Double](repeating: 0, count: d)
        if let v = linearTarget {
            offset -= sign * Vectors.dot(v, point)
            linear = v.map { -sign * $0 }
        }
        var center = [Double](repeating: 0, count: count), unitNorms = center
        var scale = abs(offset) + radius * threat.norm.dualNorm(linear)
        for k in 0..<count {
            let row = Array(units[(k * d)..<((k + 1) * d)])
            center[k] = Vectors.dot(row, point)
            unitNorms[k] = threat.norm.dualNorm(row)
            scale += abs(weights[k]) * (abs(center[k]) + radius * unitNorms[k])
        }
        self.offset = offset
        self.linear = linear
        self.center = center
        self.unitNorms = unitNorms
        low = (0..<count).map { center[$0] - threat.radius * unitNorms[$0] }
        high = (0..<count).map { center[$0] + threat.radius * unitNorms[$0] }
        self.scale = scale
    }

    // MARK: Evaluation

    /// sign·G(δ), the true function.
    func evaluate(_ delta: [Double]) -> Double {
        var sum = offset
        for j in 0..<d { sum += linear[j] * delta[j] }
        units.withUnsafeBufferPointer { s in
            for k in 0..<count where weights[k] != 0 {
                var z = center[k]
                let row = s.baseAddress! + k * d
                for j in 0..<d { z += row[j] * delta[j] }
                sum += weights[k] * max(z, 0)
            }
        }
        return sum
    }

    // MARK: Bounding a node

    /// The neuron states of a node: 1 active, 0 inactive, 2 unstable.
    func states(_ splits: [(unit: Int, active: Bool)]) -> [UInt8] {
        var state = (0..<count).map { k -> UInt8 in low[k] >= 0 ? 1 : (high[k] <= 0 ? 0 : 2) }
        for split in splits { state[split.unit] = split.active ? 1 : 0 }
        return state
    }

    /// Bounds a node in place (bound −∞ for an empty domain) and returns its states.
    func bound(_ node: inout Node) -> [UInt8] {
        let state = states(node.splits)
        var a = linear, a0 = offset, unstable = 0
        units.withUnsafeBufferPointer { s in
            a.withUnsafeMutableBufferPointer { a in
                for k in 0..<count where weights[k] != 0 {
                    let slope: Double, intercept: Double
                    switch state[k] {
                    case 1: (slope, intercept) = (1, 0)
                    case 0: continue
                    default:
                        unstable += 1
                        if weights[k] > 0 {
                            slope = high[k] / (high[k] - low[k])
                            intercept = -slope * low[k]
                        } else {
                            (slope, intercept) = (high[k] >= -low[k] ? 1 : 0, 0)
                        }
                    }
                    guard slope != 0 else { continue }
                    let factor = weights[k] * slope
                    a0 += weights[k] * (slope * center[k] + intercept)
                    let row = s.baseAddress! + k * d
                    for j in 0..<d { a[j] += factor * row[j] }
                }
            }
        }
        node.unstable = unstable
        // constraints hⱼᵀδ ≤ bⱼ: active zₖ ≥ 0 ⟺ −sₖᵀδ ≤ zₖ; inactive sₖᵀδ ≤ −zₖ
        let constraints = node.splits.map { split -> (h: [Double], b: Double) in
            let row = Array(units[(split.unit * d)..<((split.unit + 1) * d)])
            return split.active ? (row.map { -$0 }, center[split.unit]) : (row, -center[split.unit])
        }
        var w = a
        for (j, constraint) in constraints.enumerated() { Vectors.axpy(-node.multipliers[j], constraint.h, &w) }
        var value = dualValue(w, constraints, node.multipliers)
        let sweeps = unstable == 0 ? Self.leafSweeps : Self.sweeps
        sweepLoop: for _ in 0..<(constraints.isEmpty ? 0 : sweeps) {
            for (j, constraint) in constraints.enumerated() {
                Vectors.axpy(node.multipliers[j], constraint.h, &w)
                guard let t = Self.minimize(w, along: constraint.h, offset: constraint.b, radius: radius, norm: norm) else {
                    node.bound = -.infinity
                    return state
                }
                node.multipliers[j] = t
                Vectors.axpy(-t, constraint.h, &w)
            }
            let next = dualValue(w, constraints, node.multipliers)
            let improved = value - next
            value = min(value, next)
            if improved <= 1e-15 * max(1, abs(value)) { break sweepLoop }
        }
        node.bound = a0 + value
        node.candidate = maximizer(w)
        return state
    }

    /// r‖w‖_* + Σμⱼbⱼ.
    func dualValue(_ w: [Double], _ constraints: [(h: [Double], b: Double)], _ mu: [Double]) -> Double {
        var value = radius * norm.dualNorm(w)
        for (j, constraint) in constraints.enumerated() { value += mu[j] * constraint.b }
        return value
    }

    /// argmax over the ball of wᵀδ.
    func maximizer(_ w: [Double]) -> [Double] {
        switch norm {
        case .l2:
            let length = Vectors.norm2(w)
            return length > 0 ? w.map { radius * $0 / length } : w.map { _ in 0 }
        case .linf:
            return w.map { $0 > 0 ? radius : ($0 < 0 ? -radius : 0) }
        }
    }

    /// argmin over t ≥ 0 of r‖w − t·q‖_* + t·β; nil when it is unbounded below (the halfspace
    /// qᵀδ ≤ β misses the feasible set, so the node is empty).
    static func minimize(_ w: [Double], along q: [Double], offset beta: Double, radius r: Double,
                         norm: PerturbationNorm) -> Double? {
        switch norm {
        case .l2:
            let a = Vectors.squaredNorm(q), b = Vectors.dot(q, w), c = Vectors.squaredNorm(w)
            guard a > 0 else { return beta >= 0 ? 0 : nil }
            let reach = r * a.squareRoot()
            if beta >= reach { return 0 }
            if beta <= -reach { return beta < -reach * (1 + 1e-12) ? nil : max(0, b / a) }
            let gram = max(0, a * c - b * b)
            let s = -(beta < 0 ? -1.0 : 1.0) * abs(beta) * (gram / (r * r * a - beta * beta)).squareRoot()
            return max(0, (b + s) / a)
        case .linf:
            // slope of the piecewise-linear objective: β + r Σ|qᵢ|·sign(t − wᵢ/qᵢ)
            var slope = beta
            var breakpoints = [(t: Double, weight: Double)]()
            for i in q.indices where q[i] != 0 {
                let t = w[i] / q[i], weight = r * abs(q[i])
                if t <= 0 { slope += weight } else { slope -= weight; breakpoints.append((t, weight)) }
            }
            if slope >= 0 { return 0 }
            breakpoints.sort { $0.t < $1.t || ($0.t == $1.t && $0.weight < $1.weight) }
            for point in breakpoints {
                slope += 2 * point.weight
                if slope >= 0 { return point.t }
            }
            return nil
        }
    }

    // MARK: The search

    /// Best-first branch and bound: the certified maximum, the best value attained, nodes bounded.
    func maximize(budget: Int, goal: Double) -> (bound: Double, attained: Double, nodes: Int, tolerance: Double) {
        var root = Node(splits: [], multipliers: [], bound: 0, candidate: [], unstable: 0)
        let rootState = bound(&root)
        var attained = max(evaluate([Double](repeating: 0, count: d)), evaluate(root.candidate))
        var nodes = 1
        let tolerance = OutputBounds.relativeTolerance * max(1, scale)
        func isClosed(_ node: Node) -> Bool {
            node.unstable == 0 || node.bound <= goal || node.bound <= attained + tolerance
        }
        var closed = -Double.infinity
        var open = [(node: Node, state: [UInt8])]()
        if isClosed(root) { closed = root.bound } else { open.append((root, rootState)) }
        while !open.isEmpty && nodes < 1 + budget {
            // best-first: the open node with the largest bound (lowest index on ties)
            var best = 0
            for i in open.indices.dropFirst() where open[i].node.bound > open[best].node.bound { best = i }
            let (parent, state) = open.remove(at: best)
            if isClosed(parent) { closed = max(closed, parent.bound); continue }
            let unit = branchingUnit(state)
            for active in [true, false] {
                var child = Node(splits: parent.splits + [(unit, active)], multipliers: parent.multipliers + [0],
                                 bound: 0, candidate: [], unstable: 0)
                let childState = bound(&child)
                nodes += 1
                guard child.bound > -.infinity else { continue }
                attained = max(attained, evaluate(child.candidate))
                if isClosed(child) { closed = max(closed, child.bound) } else { open.append((child, childState)) }
            }
        }
        let remaining = open.map(\.node.bound).max() ?? -.infinity
        let certified = max(closed, remaining, attained)
        let margin = Self.roundingMargin * max(1, scale)
        return (certified + margin, attained, nodes, tolerance + margin)
    }

    /// The unstable neuron with the largest relaxation gap |cₖ|·gapₖ (chord: −lu/(u − l); αz: min(u, −l)).
    func branchingUnit(_ state: [UInt8]) -> Int {
        var best = -1, bestScore = -1.0
        for k in 0..<count where state[k] == 2 && weights[k] != 0 {
            let gap = weights[k] > 0 ? -low[k] * high[k] / (high[k] - low[k]) : min(high[k], -low[k])
            let score = abs(weights[k]) * gap
            if score > bestScore { (best, bestScore) = (k, score) }
        }
        return best
    }
}
