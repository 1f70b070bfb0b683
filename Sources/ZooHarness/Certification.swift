import Foundation
import ZooCore
import ZooLinalg

// MARK: - The certified columns

extension ResultMetric {
    public static let adversarialRiskUpper = ResultMetric(
        "adversarial_risk_upper", title: "adversarial (upper)",
        meaning:
            "with --certify: test-sample mean of a certified upper bound on each point's worst-case loss max over ‖δ‖ ≤ r of (f̂(x + δ) − t(x + δ))² under the attack's threat model (docs/certification.md); the true adversarial risk lies between `adversarial_risk` and this; null where the model has no bound",
        tasks: [.regression], estimate: .upperBound, family: .adversarialRisk, summaryPosition: 30)
    public static let robustErrorUpper = ResultMetric(
        "robust_error_upper", title: "robust (upper)",
        meaning:
            "with --certify: the fraction of test points not certified robust under the attack's threat model, a certified upper bound on the test-sample robust error (docs/certification.md); null where the model has no bound",
        tasks: [.classification], estimate: .upperBound, family: .robustError, summaryPosition: 30)
    public static let certifiedExact = ResultMetric(
        "certified_exact", title: "certified exact",
        meaning:
            "with --certify: the fraction of test points whose certified bound equals the worst case found (to 1e-9 relative): there the bound is the exact value",
        tasks: [.regression, .classification], estimate: .measurement, showsInterval: false)
    public static let certifySeconds = ResultMetric(
        "certify_seconds", title: "certify seconds",
        meaning: "wall-clock seconds of the certification (null with --no-timings or without --certify)",
        tasks: [.regression, .classification], estimate: .measurement, showsInterval: false)
}

// MARK: - Certifying one cell

/// Certified upper bounds on a cell's adversarial risk (regression) or robust error (classification),
/// from a model's `BallBoundedModel` intervals at every test point (docs/certification.md §1).
///
/// Regression: with G(δ) = f̂(x + δ) − vᵀ(x + δ) (v = θ* for the `consistent` target, whose t moves
/// with δ; v = 0 otherwise) and t₀ the fixed target (0 for `consistent`), the worst-case loss of a point
/// is max over [L, U] of (g − t₀)² = max(|U − t₀|, |L − t₀|)², since a convex function of g is largest
/// at an end. Classification (labels ±1, sign(0) = +1): a point labelled +1 is certified robust when
/// L ≥ 0, one labelled −1 when U < 0; the others count as errors.
///
/// Each side's branch and bound stops refining once its bound cannot raise the loss above what the
/// attack already achieved at that point (the request's goals). Points run in parallel, each on one
/// thread with no shared state, so the values are bit-identical for every thread count.
public struct Certification: Sendable {
    /// Branch-and-bound nodes per side and point.
    public let budget: Int

    public init(budget: Int) { self.budget = budget }

    /// The default budget of `--certify`.
    public static let defaultBudget = 64
    /// The largest budget accepted (nodes per side and point).
    public static let maximumBudget = 1_000_000

    public struct Result: Sendable {
        /// The mean worst-case loss bound (regression) or the fraction not certified (classification).
        public let value: Double
        /// The fraction of points whose bound is exact.
        public let exactFraction: Double
        /// Nodes bounded in total.
        public let nodes: Int
    }

    /// Certifies every row of `inputs`. `attackValues` holds what the attack achieved per point: the
    /// loss (regression) or whether it is robustly misclassified (classification: 1 or 0).
    public func certify(
        model: any BallBoundedModel, inputs: Matrix, target: AttackTarget, task: Task,
        threat: ThreatModel, attackValues: [Double]
    ) throws(ZooError) -> Result {
        let m = inputs.rows
        let d = inputs.columns
        var values = [Double](repeating: 0, count: m)
        var exact = [Bool](repeating: false, count: m)
        var nodes = [Int](repeating: 0, count: m)
        var faults = [String?](repeating: nil, count: m)
        let (fixed, linear): ([Double], [Double]?) = {
            switch target {
            case .fixed(let targets): return (targets, nil)
            case .linear(let weights, let clean): return ([Double](repeating: 0, count: clean.count), weights)
            }
        }()
        values.withUnsafeMutableBufferPointer { valuesOut in
            exact.withUnsafeMutableBufferPointer { exactOut in
                nodes.withUnsafeMutableBufferPointer { nodesOut in
                    faults.withUnsafeMutableBufferPointer { faultsOut in
                        let out = UnsafeSendable((valuesOut, exactOut, nodesOut, faultsOut))
                        Parallelism.forEachRange(count: m) { range in
                            let (valuesOut, exactOut, nodesOut, faultsOut) = out.value
                            for i in range {
                                let point = (0..<d).map { inputs[i, $0] }
                                let outcome = Parallelism.withThreadLimit(1) {
                                    certifyPoint(
                                        model: model, point: point, target: fixed[i], linear: linear,
                                        task: task, threat: threat, attackValue: attackValues[i])
                                }
                                (valuesOut[i], exactOut[i], nodesOut[i], faultsOut[i]) = outcome
                            }
                        }
                    }
                }
            }
        }
        if let fault = faults.compactMap({ $0 }).first { throw .numerical(fault) }
        return Result(
            value: values.reduce(0, +) / Double(max(1, m)),
            exactFraction: Double(exact.filter { $0 }.count) / Double(max(1, m)),
            nodes: nodes.reduce(0, +))
    }

    /// One point: its loss bound (or 1/0 for not certified/certified), whether exact, nodes, and a
    /// fault message when the bound fell below the attack's value (a bug, never hidden).
    func certifyPoint(
        model: any BallBoundedModel, point: [Double], target t: Double, linear: [Double]?, task: Task,
        threat: ThreatModel, attackValue: Double
    ) -> (Double, Bool, Int, String?) {
        switch task {
        case .regression:
            let achieved = attackValue.squareRoot()
            let bounds = model.outputBounds(
                at: point, threat: threat, linearTarget: linear,
                request: BoundRequest(budget: budget, upperGoal: t + achieved, lowerGoal: t - achieved))
            let bound = max(abs(bounds.upper - t), abs(bounds.lower - t))
            let attained = max(achieved, abs(bounds.upperAttained - t), abs(bounds.lowerAttained - t))
            let fault =
                bound < achieved - bounds.tolerance
                ? "certified bound \(bound) below the attack's \(achieved) (|f̂ − t| at one test point): please report"
                : nil
            return (bound * bound, bound - attained <= bounds.tolerance, bounds.nodes, fault)
        case .classification:
            let positive = t >= 0
            let flipped = attackValue > 0
            // refine only the side that can flip the sign, and not at all where the attack flipped it
            let request = BoundRequest(
                budget: flipped ? 0 : budget, upperGoal: positive ? .infinity : -Double.leastNonzeroMagnitude,
                lowerGoal: positive ? 0 : -.infinity)
            let bounds = model.outputBounds(at: point, threat: threat, linearTarget: nil, request: request)
            let certified = positive ? bounds.lower >= 0 : bounds.upper < 0
            let witnessed = flipped || (positive ? bounds.lowerAttained < 0 : bounds.upperAttained >= 0)
            let fault = certified && flipped ? "a point certified robust was flipped by the attack: please report" : nil
            return (certified ? 0 : 1, certified || witnessed, bounds.nodes, fault)
        }
    }
}

/// Buffers carried into a parallel region whose threads write disjoint indices.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

// MARK: - In a cell

extension CellEvaluator {
    /// Fills the certified columns of `row` when the experiment asks for them (`Experiment.certification`):
    /// the bound, the exact fraction, the seconds, and `certificate` in the diagnostics (the method and
    /// its budget, or why there is no bound).
    func certify(
        _ row: inout ResultRow, fitted: Fitted, estimator: any Estimator, attack: any Attack,
        target: AttackTarget, adversarial: [Double], adversarialTargets: [Double]
    ) throws(ZooError) {
        guard let certification = plan.experiment.certification else { return }
        let task = plan.data.task
        guard let model = fitted.model as? any BallBoundedModel else {
            row.diagnostics["certificate"] = "none: the model has no certified output bounds"
            return
        }
        guard let inputs = sample.test.data.design.storedMatrix else {
            row.diagnostics["certificate"] = "none: a streamed test sample is not certified"
            return
        }
        let attackValues: [Double] = adversarial.indices.map { i in
            switch task {
            case .regression: return (adversarial[i] - adversarialTargets[i]) * (adversarial[i] - adversarialTargets[i])
            case .classification: return (adversarial[i] >= 0) != (adversarialTargets[i] >= 0) ? 1 : 0
            }
        }
        let start = DispatchTime.now()
        let result: Certification.Result
        do {
            result = try certification.certify(
                model: model, inputs: inputs, target: target, task: task,
                threat: attack.threatModel, attackValues: attackValues)
        } catch {
            throw .numerical("\(estimator.spec) × \(attack.spec) at n=\(n), seed=\(seed): \(error.description)")
        }
        row[task == .regression ? .adversarialRiskUpper : .robustErrorUpper] = result.value
        row[.certifiedExact] = result.exactFraction
        row[.certifySeconds] = plan.experiment.recordTimings ? Self.seconds(since: start) : nil
        row.diagnostics["certificate"] = model.boundMethod(budget: certification.budget)
    }
}
