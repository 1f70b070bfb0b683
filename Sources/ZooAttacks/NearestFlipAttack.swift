import ZooCore
import ZooLinalg

// MARK: - nearest-flip

/// `nearest-flip`: a decision-based attack on any classifier, no gradient needed.
///
/// Threat model: ‖δ‖₂ ≤ α (`radius`, an absolute length); classification only (labels ±1, a point is
/// flipped when sign f̂(x + δ) ≠ t, with sign(0) = +1 as in the error columns). For every test point x
/// with label t that the model classifies correctly:
/// 1. take the `candidates` training points z nearest to x among those labelled −t (ℓ₂, via GEMM);
/// 2. on each segment x + s·(z − x), s ∈ (0, s_max], s_max = min(1, α/‖z − x‖), probe f̂ at the
///    `grid` points s = s_max·g/grid, g = 1…grid, and note the first probe whose sign differs from t;
/// 3. among the segments with a flipped probe, take the one whose first flipped probe is closest to x
///    (ties: the nearer candidate) and bisect between that probe and the previous one `refinements`
///    times, always keeping the flipped end.
/// The returned x + δ is a point where f̂ was evaluated and its sign differs from t, within the ball:
/// a certified adversarial example. Points no probe flips get δ = 0, as do points already
/// misclassified. The robust error it yields is therefore a lower bound on the true robust error
/// P(∃δ, ‖δ‖₂ ≤ α: sign f̂(x + δ) ≠ t): it can miss flips off the probed segments or between probes
/// (on a linear classifier `exact-l2` gives the exact value, and nearest-flip never exceeds it).
///
/// Needs the training points (`training-points`; the harness supplies them for every model).
/// Everything is deterministic: no randomness, fixed probe and bisection counts.
/// Reference: Sanyal et al. 2021, How Benign is Benign Overfitting? (a flipped training label within
/// 2ρ of a test point makes an interpolator's prediction flip there).
public struct NearestFlipAttack: Attack {
    public static let name = "nearest-flip"
    public static let radius = ParameterKey<Double>(
        "radius", .real(minimum: 0), default: 0.1, "α, the ℓ₂ radius of the perturbation ball", notation: .attackRadius)
    public static let candidates = ParameterKey<Int>(
        "candidates", .integer(minimum: 1), default: 10, "nearest training points of the other label to move towards")
    public static let grid = ParameterKey<Int>(
        "grid", .integer(minimum: 1, maximum: 10_000), default: 8, "probes per segment before bisection")
    public static let refinements = ParameterKey<Int>(
        "refinements", .integer(minimum: 0, maximum: 60), default: 30, "bisection steps towards the first sign change")
    public static let parameters = [radius.spec, candidates.spec, grid.spec, refinements.spec]
    public static let documentation = ComponentDocumentation(
        definition:
            "Per correctly classified x: segments towards its `candidates` nearest training points of the other label, cut at ‖δ‖₂ = α; `grid` probes per segment, then `refinements` bisection steps towards the first sign change, keeping the flipped end. δ = 0 where nothing flips.",
        reference: "Sanyal, Dokania, Kanade & Torr 2021, How Benign is Benign Overfitting?",
        notes:
            "Classification only. Every reported flip is certified (f̂ was evaluated there), so the robust error is a lower bound. The harness supplies every model's training points."
    )
    public static let requirements: Set<Capability> = [.trainingPoints]
    public static let supportedTasks: Set<Task> = [.classification]
    /// Certified flips only, so the robust error is a lower bound (see the type's documentation).
    public static let robustErrorIsLowerBound = true

    /// Probe rows built at once (a bound on the probe matrix: rows × d doubles).
    static let probeBudget = 1 << 22

    public let parameters: Parameters
    public let threatModel: ThreatModel
    public let candidates: Int
    public let grid: Int
    public let refinements: Int

    public init(parameters: Parameters) {
        self.parameters = parameters
        threatModel = ThreatModel(norm: .l2, radius: parameters[Self.radius])
        candidates = parameters[Self.candidates]
        grid = parameters[Self.grid]
        refinements = parameters[Self.refinements]
    }

    public func perturbations(
        model: any FittedModel, inputs: Matrix, predictions: [Double], target: AttackTarget,
        task: Task, seed: UInt64
    ) throws(ZooError) -> Perturbations {
        guard task == .classification else {
            throw .usage("\(Self.name) is a classification-only attack; the data here is \(task.rawValue)")
        }
        guard let remembered = model as? any TrainingPointsModel else {
            throw .usage("\(Self.name) needs the model's training points (capability training-points)")
        }
        let labels = target.cleanValues
        var delta = Matrix(rows: inputs.rows, columns: inputs.columns)
        let training = remembered.trainingSet
        for side in [1.0, -1.0] {
            // Correctly classified points of label `side`, attacked towards training points of label −side.
            let points = (0..<inputs.rows).filter {
                (labels[$0] >= 0) == (side > 0) && (predictions[$0] >= 0) == (labels[$0] >= 0)
            }
            let others = (0..<training.count).filter { (training.targets[$0] >= 0) != (side > 0) }
            guard !points.isEmpty, !others.isEmpty else { continue }
            let search = SegmentSearch(
                model: model, inputs: inputs, references: training.features.rows(at: others),
                label: side, radius: threatModel.radius,
                candidates: min(candidates, others.count), grid: grid, refinements: refinements)
            let chunk = max(1, Self.probeBudget / max(1, search.candidates * search.grid * inputs.columns))
            var start = 0
            while start < points.count {
                let block = Array(points[start..<min(points.count, start + chunk)])
                search.run(on: block, into: &delta)
                start += block.count
            }
        }
        return .dense(delta)
    }
}

// MARK: - The segment search

/// Probing and bisection for a block of points of one label.
private struct SegmentSearch {
    let model: any FittedModel
    let inputs: Matrix
    let references: Matrix
    /// The points' label t; a prediction is flipped when (f̂ ≥ 0) ≠ (t ≥ 0).
    let label: Double
    let radius: Double
    let candidates: Int
    let grid: Int
    let refinements: Int

    func isFlipped(_ score: Double) -> Bool { (score >= 0) != (label >= 0) }

    /// Writes δ for every point of `points` that some probe flips.
    func run(on points: [Int], into delta: inout Matrix) {
        let d = inputs.columns
        let nearest = NearestRows(queries: inputs.rows(at: points), references: references, k: candidates)
        // Segment directions u = z − x and the largest admissible fraction s_max per (point, candidate).
        var directions = Matrix(rows: points.count * candidates, columns: d)
        var limits = [Double](repeating: 0, count: points.count * candidates)
        for (p, i) in points.enumerated() {
            for (c, j) in nearest.neighbors(of: p).enumerated() {
                let row = p * candidates + c
                var squared = 0.0
                for column in 0..<d {
                    let u = references[j, column] - inputs[i, column]
                    directions[row, column] = u
                    squared += u * u
                }
                let length = squared.squareRoot()
                limits[row] = length > 0 ? min(1, radius / length) : 0
            }
        }
        // Probes s = s_max·g/grid on every segment, all predicted at once.
        var probes = Matrix(rows: points.count * candidates * grid, columns: d)
        for (p, i) in points.enumerated() {
            for c in 0..<candidates {
                let row = p * candidates + c
                for g in 1...grid {
                    let s = limits[row] * Double(g) / Double(grid)
                    let probe = row * grid + g - 1
                    for column in 0..<d { probes[probe, column] = inputs[i, column] + s * directions[row, column] }
                }
            }
        }
        let scores = model.predict(probes)
        // Per point: the segment whose first flipped probe is closest to x, and its bracket [low, high].
        var chosen = [(point: Int, row: Int, low: Double, high: Double)]()
        for p in points.indices {
            var best: (row: Int, low: Double, high: Double, norm: Double)? = nil
            for c in 0..<candidates {
                let row = p * candidates + c
                guard let g = (1...grid).first(where: { isFlipped(scores[row * grid + $0 - 1]) }) else { continue }
                let high = limits[row] * Double(g) / Double(grid)
                let norm = high * Self.length(directions, row)
                if best == nil || norm < best!.norm {
                    best = (row, limits[row] * Double(g - 1) / Double(grid), high, norm)
                }
            }
            if let best { chosen.append((p, best.row, best.low, best.high)) }
        }
        guard !chosen.isEmpty else { return }
        // Bisection, every chosen segment at once: the flipped end `high` is kept.
        for _ in 0..<refinements {
            var middles = Matrix(rows: chosen.count, columns: d)
            for (index, entry) in chosen.enumerated() {
                let s = 0.5 * (entry.low + entry.high)
                let i = points[entry.point]
                for column in 0..<d { middles[index, column] = inputs[i, column] + s * directions[entry.row, column] }
            }
            let middleScores = model.predict(middles)
            for index in chosen.indices {
                let s = 0.5 * (chosen[index].low + chosen[index].high)
                if isFlipped(middleScores[index]) { chosen[index].high = s } else { chosen[index].low = s }
            }
        }
        for entry in chosen {
            let i = points[entry.point]
            for column in 0..<d { delta[i, column] = entry.high * directions[entry.row, column] }
        }
    }

    static func length(_ matrix: Matrix, _ row: Int) -> Double {
        var sum = 0.0
        for column in 0..<matrix.columns { sum += matrix[row, column] * matrix[row, column] }
        return sum.squareRoot()
    }
}
