import ZooCore
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
    /// Pairs of units (trained, initial) of a centred network: c·relu(z) + e·relu(z₀) with z ≈ z₀ is
    /// relaxed as c·[relu(z) − relu(z₀)] + (c + e)·relu(z₀) where that has the smaller gap, since
    /// |relu(z) − relu(z₀)| ≤ |z − z₀| is small in the lazy regime (docs/certification.md §2).
    public let pairs: [(trained: Int, initial: Int)]

    public init(
        units: Matrix, outputWeights: [Double], constant: Double = 0, pairs: [(trained: Int, initial: Int)] = []
    ) {
        precondition(units.rows == outputWeights.count, "TwoLayerReluBound: one output weight per unit")
        self.units = units
        self.outputWeights = outputWeights
        self.constant = constant
        self.pairs = pairs
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
    public func bounds(
        at point: [Double], threat: ThreatModel, linearTarget: [Double]?,
        request: BoundRequest
    ) -> OutputBounds {
        let upper = ReluBranchAndBound(self, point: point, threat: threat, linearTarget: linearTarget, sign: 1)
            .maximize(budget: request.budget, goal: request.upperGoal)
        let lower = ReluBranchAndBound(self, point: point, threat: threat, linearTarget: linearTarget, sign: -1)
            .maximize(budget: request.budget, goal: -request.lowerGoal)
        return OutputBounds(
            lower: -lower.bound, upper: upper.bound, lowerAttained: -lower.attained,
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
    /// partner[k]: the initial unit paired with trained unit k (−1 if none); the dual norm of their difference.
    let partner: [Int], differenceNorms: [Double]

    /// A node: the split neurons (unit, active) with their dual multipliers, and its bound.
    struct Node {
        var splits: [(unit: Int, active: Bool)]
        var multipliers: [Double]
        var bound: Double
        var candidate: [Double]
        var unstable: Int
        /// The unit to split next (−1: none).
        var branch: Int = -1
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
        var center = [Double](repeating: 0, count: count)
        var unitNorms = center
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
        var partner = [Int](repeating: -1, count: count)
        var differenceNorms = [Double](repeating: 0, count: count)
        for pair in function.pairs {
            partner[pair.trained] = pair.initial
            let difference = (0..<function.units.columns).map {
                function.units[pair.trained, $0] - function.units[pair.initial, $0]
            }
            differenceNorms[pair.trained] = threat.norm.dualNorm(difference)
        }
        self.partner = partner
        self.differenceNorms = differenceNorms
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

    /// Bounds a node in place (bound −∞ for an empty domain), choosing the unit to split next.
    func bound(_ node: inout Node) {
        let state = states(node.splits)
        var split = [Bool](repeating: false, count: count)
        for entry in node.splits { split[entry.unit] = true }
        var a = linear
        var a0 = offset
        var unstable = 0
        var handled = [Bool](repeating: false, count: count)
        var branch = -1
        var branchScore = -1.0
        units.withUnsafeBufferPointer { s in
            a.withUnsafeMutableBufferPointer { a in
                /// Adds factor·(row k) to a.
                func add(_ factor: Double, _ k: Int) {
                    guard factor != 0 else { return }
                    let row = s.baseAddress! + k * d
                    for j in 0..<d { a[j] += factor * row[j] }
                }
                for k in 0..<count where state[k] == 2 && !split[k] { unstable += 1 }
                for k in 0..<count where !handled[k] {
                    // a pair c·relu(z) + e·relu(z₀) as c·[relu(z) − relu(z₀)] + (c + e)·relu(z₀) when its gap is smaller
                    let k0 = partner[k]
                    if k0 >= 0, !split[k], !split[k0], state[k] == 2 || state[k0] == 2 {
                        let c = weights[k]
                        let e = weights[k0]
                        let pairGap = abs(c) * differenceGap(k) + abs(c + e) * gap(k0, weight: c + e, state: state)
                        let separateGap =
                            abs(c) * gap(k, weight: c, state: state) + abs(e) * gap(k0, weight: e, state: state)
                        if pairGap < separateGap {
                            handled[k0] = true
                            let (slope, intercept) = differenceRelaxation(k, weight: c)
                            a0 += c * (slope * (center[k] - center[k0]) + intercept)
                            add(c * slope, k)
                            add(-c * slope, k0)
                            let (slope0, intercept0) = relaxation(k0, weight: c + e, state: state)
                            a0 += (c + e) * (slope0 * center[k0] + intercept0)
                            add((c + e) * slope0, k0)
                            if pairGap > branchScore { (branch, branchScore) = (state[k0] == 2 ? k0 : k, pairGap) }
                            continue
                        }
                    }
                    let w = weights[k]
                    guard w != 0 else { continue }
                    let (slope, intercept) = relaxation(k, weight: w, state: state)
                    a0 += w * (slope * center[k] + intercept)
                    add(w * slope, k)
                    if state[k] == 2 {
                        let score = abs(w) * gap(k, weight: w, state: state)
                        if score > branchScore { (branch, branchScore) = (k, score) }
                    }
                }
            }
        }
        node.branch = branch
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
                guard let t = Self.minimize(w, along: constraint.h, offset: constraint.b, radius: radius, norm: norm)
                else {
                    node.bound = -.infinity
                    return
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
    }

    /// The linear bound slope·z + intercept on relu(zₖ) that weight·relu needs (upper for weight > 0:
    /// the chord; lower for weight < 0: αz), exact for a stable neuron.
    func relaxation(_ k: Int, weight: Double, state: [UInt8]) -> (slope: Double, intercept: Double) {
        switch state[k] {
        case 1: return (1, 0)
        case 0: return (0, 0)
        default:
            if weight > 0 {
                let slope = high[k] / (high[k] - low[k])
                return (slope, -slope * low[k])
            }
            return (high[k] >= -low[k] ? 1 : 0, 0)
        }
    }

    /// The largest vertical gap of that relaxation (0 when stable).
    func gap(_ k: Int, weight: Double, state: [UInt8]) -> Double {
        guard state[k] == 2, weight != 0 else { return 0 }
        return weight > 0 ? -low[k] * high[k] / (high[k] - low[k]) : min(high[k], -low[k])
    }

    /// The range of Δ = zₖ − z_partner over the ball.
    func differenceRange(_ k: Int) -> (low: Double, high: Double) {
        let middle = center[k] - center[partner[k]]
        let spread = radius * differenceNorms[k]
        return (middle - spread, middle + spread)
    }

    /// The gap of the chord relaxation of h = relu(zₖ) − relu(z₀) ∈ [min(Δ, 0), max(Δ, 0)].
    func differenceGap(_ k: Int) -> Double {
        let (l, u) = differenceRange(k)
        return l >= 0 || u <= 0 ? 0 : -l * u / (u - l)
    }

    /// slope·Δ + intercept bounding h = relu(z₀ + Δ) − relu(z₀) from above (weight > 0: h ≤ max(Δ, 0) ≤
    /// its chord) or below (weight < 0: h ≥ min(Δ, 0) ≥ its chord); both hold since relu is monotone
    /// and 1-Lipschitz.
    func differenceRelaxation(_ k: Int, weight: Double) -> (slope: Double, intercept: Double) {
        let (l, u) = differenceRange(k)
        if weight > 0 {
            if l >= 0 { return (1, 0) }
            if u <= 0 { return (0, 0) }
            let slope = u / (u - l)
            return (slope, -slope * l)
        }
        if l >= 0 { return (0, 0) }
        if u <= 0 { return (1, 0) }
        let slope = -l / (u - l)
        return (slope, l - slope * l)
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
    static func minimize(
        _ w: [Double], along q: [Double], offset beta: Double, radius r: Double,
        norm: PerturbationNorm
    ) -> Double? {
        switch norm {
        case .l2:
            let a = Vectors.squaredNorm(q)
            let b = Vectors.dot(q, w)
            let c = Vectors.squaredNorm(w)
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
                let t = w[i] / q[i]
                let weight = r * abs(q[i])
                if t <= 0 {
                    slope += weight
                } else {
                    slope -= weight
                    breakpoints.append((t, weight))
                }
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
        bound(&root)
        var attained = max(evaluate([Double](repeating: 0, count: d)), evaluate(root.candidate))
        var nodes = 1
        let tolerance = OutputBounds.relativeTolerance * max(1, scale)
        func isClosed(_ node: Node) -> Bool {
            node.unstable == 0 || node.bound <= goal || node.bound <= attained + tolerance
        }
        var closed = -Double.infinity
        var open = [Node]()
        if isClosed(root) { closed = root.bound } else { open.append(root) }
        while !open.isEmpty && nodes < 1 + budget {
            // best-first: the open node with the largest bound (lowest index on ties)
            var best = 0
            for i in open.indices.dropFirst() where open[i].bound > open[best].bound { best = i }
            let parent = open.remove(at: best)
            if isClosed(parent) {
                closed = max(closed, parent.bound)
                continue
            }
            let unit = parent.branch
            guard unit >= 0 else {
                closed = max(closed, parent.bound)
                continue
            }
            for active in [true, false] {
                var child = Node(
                    splits: parent.splits + [(unit, active)], multipliers: parent.multipliers + [0],
                    bound: 0, candidate: [], unstable: 0)
                bound(&child)
                child.bound = min(child.bound, parent.bound)  // the parent's bound covers the child's smaller domain
                nodes += 1
                guard child.bound > -.infinity else { continue }
                attained = max(attained, evaluate(child.candidate))
                if isClosed(child) { closed = max(closed, child.bound) } else { open.append(child) }
            }
        }
        let remaining = open.map(\.bound).max() ?? -.infinity
        let certified = max(closed, remaining, attained)
        let margin = Self.roundingMargin * max(1, scale)
        return (certified + margin, attained, nodes, tolerance + margin)
    }
}
