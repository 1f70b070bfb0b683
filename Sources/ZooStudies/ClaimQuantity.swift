import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - Checking a paper's claim against result rows

/// One number a claim is about: the mean over seeds of a metric (or of a value derived from each row,
/// such as a bound computed from the data spec and n) for one estimator, optionally one attack, at one
/// training size.
public struct ClaimQuantity: Sendable {
    /// Which training size.
    public enum Size: Sendable, Equatable {
        case smallest, largest
        /// Every size present: the condition must hold at each.
        case each
        case exactly(Int)
    }

    /// What is averaged.
    public enum Value: Sendable {
        case metric(ResultMetric)
        /// A value computed from each row (e.g. Sanyal et al.'s bound from the data spec and n), with its name.
        case derived(String, @Sendable (ResultRow) -> Double?)
    }

    /// An estimator spec pattern: its name and the arguments it gives must match (`nearest-neighbor(k=1)`
    /// matches `nearest-neighbor(k=1,…)`; `ridge` matches every ridge).
    public var estimator: String
    /// An attack pattern, matched the same way; nil: any.
    public var attack: String?
    public var size: Size
    public var value: Value

    public init(_ value: Value, of estimator: String, attack: String? = nil, at size: Size) {
        self.value = value
        self.estimator = estimator
        self.attack = attack
        self.size = size
    }

    /// `ClaimQuantity(.adversarialRisk, of: "min-norm", at: .largest)`.
    public init(_ metric: ResultMetric, of estimator: String, attack: String? = nil, at size: Size) {
        self.init(.metric(metric), of: estimator, attack: attack, at: size)
    }

    var name: String {
        switch value {
        case .metric(let metric): return metric.title
        case .derived(let name, _): return name
        }
    }

    func rowValue(_ row: ResultRow) -> Double? {
        switch value {
        case .metric(let metric): return metric.value(in: row)
        case .derived(_, let compute): return compute(row)
        }
    }

    /// The rows of this estimator (and attack).
    func matching(_ rows: [ResultRow]) -> [ResultRow] {
        rows.filter { row in
            ClaimQuantity.matches(row.estimatorSpec, text: row.estimator, pattern: estimator)
                && (attack.map { ClaimQuantity.matches(row.attackSpec, text: row.attack, pattern: $0) } ?? true)
        }
    }

    /// Whether a row's spec (parsed `spec`, its `text`) has the name and every argument of `pattern`.
    static func matches(_ spec: ComponentSpec?, text: String, pattern: String) -> Bool {
        guard let spec, let wanted = try? ComponentSpec(parsing: pattern) else {
            return text == pattern
        }
        return spec.name == wanted.name
            && wanted.arguments.allSatisfy { argument in
                spec.arguments.contains { $0.key == argument.key && $0.value == argument.value }
            }
    }

    /// The mean at training size `n`, nil when no row has a value.
    func mean(in rows: [ResultRow], n: Int) -> Double? {
        MeanInterval(matching(rows).filter { $0.n == n }.compactMap(rowValue))?.mean
    }

    /// The training size this quantity means, given the sizes of its rows (`each` resolves to `current`).
    func resolvedSize(in rows: [ResultRow], current: Int?) -> Int? {
        let sizes = Set(matching(rows).map(\.n))
        switch size {
        case .smallest: return sizes.min()
        case .largest: return sizes.max()
        case .each: return current
        case .exactly(let n): return sizes.contains(n) ? n : nil
        }
    }

    func describe(n: Int) -> String { "\(name) of \(estimator)\(attack.map { " under \($0)" } ?? "") at n = \(n)" }
}

/// A numeric criterion over `ClaimQuantity`s.
public enum ClaimCondition: Sendable {
    /// a ≤ bound.
    case atMost(ClaimQuantity, Double)
    /// a ≥ bound.
    case atLeast(ClaimQuantity, Double)
    /// a ≥ factor × b.
    case ratioAtLeast(ClaimQuantity, ClaimQuantity, Double)
    /// a ≤ factor × b.
    case ratioAtMost(ClaimQuantity, ClaimQuantity, Double)
    /// a ≥ b − slack (a measured value against a reference such as a bound).
    case atLeastMinus(ClaimQuantity, ClaimQuantity, slack: Double)
    /// Along the values of `parameter` of `estimator` at n (its largest size): the value with the least
    /// standard risk has an adversarial risk ≥ factor × the least adversarial risk on the path, and the
    /// value with the least adversarial risk a standard risk ≥ factor × the least standard risk — no single
    /// value is best for both. The risks compared are `standard` and `adversarial` (the exact
    /// population columns where the rows carry them, e.g. linear models on Gaussian data). The check's
    /// text writes the parameter in its declared notation (e.g. λ), or as its name without one.
    case tradeOff(
        estimator: String, parameter: String, factor: Double,
        standard: ResultMetric = .standardRisk, adversarial: ResultMetric = .adversarialRisk)
    /// Along the values of `parameter` of `estimator` at its largest n: the mean of `metric` at the
    /// largest value is ≥ factor × its least value on the path (the risk turns up as the parameter grows).
    case risesAlong(ResultMetric, estimator: String, parameter: String, factor: Double)
    /// Along the values of `parameter` of `estimator` at its largest n: the mean of `metric` at the
    /// largest value compared with the smallest value: ≥ factor × it (`rising`), or ≤ factor × it.
    case endToEnd(ResultMetric, estimator: String, parameter: String, factor: Double, rising: Bool)
    /// Along the values of `parameter` of `estimator` at its largest n: the largest mean of `metric` is
    /// at an interior value, that value (divided by the rows' d when `perDimension`, e.g. ψ₁ = N/d) lies
    /// in `range`, and the peak is ≥ factor × the value at either end.
    case peaksInside(
        ResultMetric, estimator: String, parameter: String, perDimension: Bool, range: ClosedRange<Double>,
        factor: Double)
}
