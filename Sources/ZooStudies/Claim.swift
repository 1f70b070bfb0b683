import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - A paper's claim and its check

/// A paper's claim in one sentence with the numeric conditions that test it: where it comes from (the
/// paper and its section, theorem or figure), the regime that result assumes, and one sentence for
/// what each outcome means.
public struct Claim: Sendable {
    public var statement: String
    public var conditions: [ClaimCondition]
    public var source: String
    public var regime: String
    public var meaningIfHeld: String
    public var meaningIfNot: String
    public init(
        _ statement: String, source: String = "", regime: String = "", conditions: [ClaimCondition],
        ifHeld meaningIfHeld: String = "", ifNot meaningIfNot: String = ""
    ) {
        self.statement = statement
        self.conditions = conditions
        self.source = source
        self.regime = regime
        self.meaningIfHeld = meaningIfHeld
        self.meaningIfNot = meaningIfNot
    }

    /// Evaluates every condition on `rows`; parameters are written in their declared notation (`λ`).
    public func check(_ rows: [ResultRow], notations: ParameterNotations = ParameterNotations()) -> ClaimVerdict {
        ClaimVerdict(
            claim: statement, source: source, regime: regime,
            checks: conditions.flatMap { Self.evaluate($0, rows, notations: notations) },
            meaningIfHeld: meaningIfHeld, meaningIfNot: meaningIfNot)
    }

    static func number(_ value: Double) -> String { NumberText.significant(value, digits: 3) }

    static func evaluate(
        _ condition: ClaimCondition, _ rows: [ResultRow], notations: ParameterNotations = ParameterNotations()
    ) -> [ClaimCheckOutcome] {
        switch condition {
        case .atMost(let a, let bound):
            return values(a, nil, rows).map { result in
                guard let x = result.a else { return result.missing }
                return .init(text: "\(result.aText) = \(number(x)) ≤ \(number(bound))", held: x <= bound)
            }
        case .atLeast(let a, let bound):
            return values(a, nil, rows).map { result in
                guard let x = result.a else { return result.missing }
                return .init(text: "\(result.aText) = \(number(x)) ≥ \(number(bound))", held: x >= bound)
            }
        case .ratioAtLeast(let a, let b, let factor), .ratioAtMost(let a, let b, let factor):
            let atLeast: Bool
            if case .ratioAtLeast = condition { atLeast = true } else { atLeast = false }
            return values(a, b, rows).map { result in
                guard let x = result.a, let y = result.b else { return result.missing }
                let ratio = y == 0 ? (x == 0 ? 1 : Double.infinity) : x / y
                return .init(
                    text:
                        "\(result.aText) = \(number(x)) \(atLeast ? "≥" : "≤") \(number(factor)) × \(result.bText) = \(number(y))"
                        + " (ratio \(number(ratio)))",
                    held: atLeast ? x >= factor * y : x <= factor * y)
            }
        case .atLeastMinus(let a, let b, let slack):
            return values(a, b, rows).map { result in
                guard let x = result.a, let y = result.b else { return result.missing }
                return .init(
                    text: "\(result.aText) = \(number(x)) ≥ \(result.bText) = \(number(y)) − \(number(slack))",
                    held: x >= y - slack)
            }
        case .tradeOff(let estimator, let parameter, let factor, let standard, let adversarial):
            return [
                tradeOff(
                    rows, estimator: estimator, parameter: parameter, factor: factor, standard: standard,
                    adversarial: adversarial, notations: notations)
            ]
        case .endToEnd(let metric, let estimator, let parameter, let factor, let rising):
            let path = Self.path(rows, estimator: estimator, parameter: parameter) { group in
                MeanInterval(group.compactMap(metric.value))?.mean
            }
            guard let n = path.n, let first = path.points.first, let last = path.points.last, path.points.count >= 2
            else {
                return [.init(text: "fewer than two values of \(parameter) for \(estimator)", held: false)]
            }
            let ratio = first.y == 0 ? Double.infinity : last.y / first.y
            return [
                .init(
                    text:
                        "\(metric.title) of \(estimator) at n = \(n): \(number(last.y)) at the largest \(parameter) = \(NumberText.compact(last.value)) "
                        + "\(rising ? "≥" : "≤") \(number(factor)) × \(number(first.y)) at the smallest, \(parameter) = \(NumberText.compact(first.value)) (ratio \(number(ratio)))",
                    held: rising ? last.y >= factor * first.y : last.y <= factor * first.y)
            ]
        case .peaksInside(let metric, let estimator, let parameter, let perDimension, let range, let factor):
            let path = Self.path(rows, estimator: estimator, parameter: parameter) { group in
                MeanInterval(group.compactMap(metric.value))?.mean
            }
            guard let n = path.n, let first = path.points.first, let last = path.points.last, path.points.count >= 3,
                let peakIndex = path.points.indices.max(by: { path.points[$0].y < path.points[$1].y })
            else {
                return [.init(text: "fewer than three values of \(parameter) for \(estimator)", held: false)]
            }
            let d =
                rows.first { ClaimQuantity.matches($0.estimatorSpec, text: $0.estimator, pattern: estimator) }?.d ?? 1
            let scale = perDimension ? Double(max(d, 1)) : 1
            let peak = path.points[peakIndex]
            let location = peak.value / scale
            let interior = peakIndex > 0 && peakIndex < path.points.count - 1
            let held = interior && range.contains(location) && peak.y >= factor * max(first.y, last.y)
            let at =
                scale == 1
                ? "\(parameter) = \(NumberText.compact(peak.value))"
                : "\(parameter)/\(NumberText.compact(scale)) = \(NumberText.compact(location))"
            return [
                .init(
                    text:
                        "\(metric.title) of \(estimator) at n = \(n) peaks at \(at) (\(interior ? "inside the path" : "at an end")), "
                        + "wanted in [\(NumberText.compact(range.lowerBound)), \(NumberText.compact(range.upperBound))]: \(number(peak.y)) ≥ \(number(factor)) × "
                        + "the ends \(number(first.y)) and \(number(last.y))",
                    held: held)
            ]
        case .risesAlong(let metric, let estimator, let parameter, let factor):
            let path = Self.path(rows, estimator: estimator, parameter: parameter) { group in
                MeanInterval(group.compactMap(metric.value))?.mean
            }
            guard let n = path.n, let last = path.points.last, let least = path.points.min(by: { $0.y < $1.y }),
                path.points.count >= 2
            else {
                return [.init(text: "fewer than two values of \(parameter) for \(estimator)", held: false)]
            }
            return [
                .init(
                    text:
                        "\(metric.title) of \(estimator) at n = \(n): \(number(last.y)) at the largest \(parameter) = \(NumberText.compact(last.value)) "
                        + "≥ \(number(factor)) × the least on the path, \(number(least.y)) at \(parameter) = \(NumberText.compact(least.value)) (ratio \(number(last.y / least.y)))",
                    held: last.y >= factor * least.y)
            ]
        }
    }

    /// The values of a and b, once or at each training size.
    private static func values(_ a: ClaimQuantity, _ b: ClaimQuantity?, _ rows: [ResultRow])
        -> [(a: Double?, b: Double?, aText: String, bText: String, missing: ClaimCheckOutcome)]
    {
        let each = a.size == .each || b?.size == .each
        let sizes: [Int?] =
            each
            ? Array(
                Set(([a] + (b.map { [$0] } ?? [])).filter { $0.size == .each }.flatMap { $0.matching(rows).map(\.n) })
            ).sorted()
            : [nil]
        if sizes.isEmpty {
            return [(nil, nil, "", "", .init(text: "no rows for \(a.name) of \(a.estimator)", held: false))]
        }
        return sizes.map { current in
            let aSize = a.resolvedSize(in: rows, current: current)
            let bSize = b?.resolvedSize(in: rows, current: current)
            let aValue = aSize.flatMap { a.mean(in: rows, n: $0) }
            let bValue = b.flatMap { quantity in bSize.flatMap { quantity.mean(in: rows, n: $0) } }
            let aText = aSize.map(a.describe) ?? a.name + " of " + a.estimator
            let bText =
                b.map { quantity in bSize.map(quantity.describe) ?? quantity.name + " of " + quantity.estimator } ?? ""
            let missingName = aValue == nil ? aText : bText
            return (aValue, bValue, aText, bText, .init(text: "no value for \(missingName) in these rows", held: false))
        }
    }

    /// The means of a value per parameter value along `estimator`'s path at its largest n, in parameter order.
    private static func path(
        _ rows: [ResultRow], estimator: String, parameter: String,
        value: ([ResultRow]) -> Double?
    ) -> (n: Int?, points: [(value: Double, y: Double)]) {
        let path = rows.filter {
            ClaimQuantity.matches($0.estimatorSpec, text: $0.estimator, pattern: estimator)
                && $0.estimatorSpec?.number(parameter) != nil
        }
        guard let n = path.map(\.n).max() else { return (nil, []) }
        var byValue: [Double: [ResultRow]] = [:]
        for row in path where row.n == n {
            byValue[row.estimatorSpec!.number(parameter)!, default: []].append(row)
        }
        return (n, byValue.compactMap { key, group in value(group).map { (key, $0) } }.sorted { $0.value < $1.value })
    }

    private static func tradeOff(
        _ rows: [ResultRow], estimator: String, parameter: String, factor: Double,
        standard: ResultMetric, adversarial: ResultMetric, notations: ParameterNotations
    ) -> ClaimCheckOutcome {
        let path = rows.filter {
            ClaimQuantity.matches($0.estimatorSpec, text: $0.estimator, pattern: estimator)
                && $0.estimatorSpec?.number(parameter) != nil
        }
        guard let n = path.map(\.n).max() else {
            return .init(text: "no rows along \(parameter) of \(estimator)", held: false)
        }
        var byValue: [Double: [ResultRow]] = [:]
        for row in path where row.n == n {
            byValue[row.estimatorSpec!.number(parameter)!, default: []].append(row)
        }
        let points = byValue.compactMap { value, group -> (value: Double, standard: Double, adversarial: Double)? in
            guard let s = MeanInterval(group.compactMap(standard.value)),
                let a = MeanInterval(group.compactMap(adversarial.value))
            else { return nil }
            return (value, s.mean, a.mean)
        }.sorted { $0.value < $1.value }
        guard points.count >= 2, let bestStandard = points.min(by: { $0.standard < $1.standard }),
            let bestAdversarial = points.min(by: { $0.adversarial < $1.adversarial })
        else {
            return .init(text: "fewer than two values of \(parameter) for \(estimator) at n = \(n)", held: false)
        }
        let symbol = notations.symbol(
            of: parameter, component: path[0].estimatorSpec?.name ?? estimator,
            kind: .estimator)
        let adversarialCost = bestStandard.adversarial / bestAdversarial.adversarial
        let standardCost = bestAdversarial.standard / bestStandard.standard
        let text =
            "\(estimator) at n = \(n) (\(standard.title), \(adversarial.title)): least standard risk \(number(bestStandard.standard)) at \(symbol) = \(NumberText.compact(bestStandard.value)) "
            + "with adversarial risk \(number(bestStandard.adversarial)) (\(number(adversarialCost))× the least, \(number(bestAdversarial.adversarial)) at \(symbol) = \(NumberText.compact(bestAdversarial.value))), "
            + "whose standard risk is \(number(bestAdversarial.standard)) (\(number(standardCost))× the least); both ≥ \(number(factor))×"
        return .init(text: text, held: adversarialCost >= factor && standardCost >= factor)
    }
}
