import Foundation
import ZooCore
import ZooHarness

// MARK: - Figures for swept parameters

/// A numeric spec parameter that takes several values across the rows: `estimator ridge · lambda`,
/// `attack exact-l2 · radius`, `data spiked · d`.
public struct SweptParameter: Sendable, Hashable, CustomStringConvertible {
    /// Which spec of a row holds it.
    public enum Role: String, Sendable { case data, estimator, attack }
    public var role: Role
    /// The component's name (`ridge`).
    public var component: String
    /// The parameter (`lambda`).
    public var key: String

    public var description: String { "\(role.rawValue) \(component) · \(key)" }

    /// The spec of `row` this parameter lives in.
    func spec(of row: ResultRow) -> String {
        switch role {
        case .data: return row.data
        case .estimator: return row.estimator
        case .attack: return row.attack
        }
    }

    /// The parameter's value in `row`, nil when the row's component is another one.
    func value(in row: ResultRow) -> Double? {
        let text = spec(of: row)
        guard componentName(text) == component else { return nil }
        return RiskPlots.parameter(key, in: text)
    }

    /// The axis label: the parameter with its symbol where the papers have one.
    var axisLabel: String {
        switch key {
        case "lambda": return "λ (\(component) penalty, log scale)"
        case "radius": return "radius α (\(role.rawValue == "attack" ? "attack budget, \(component)" : component))"
        case "features": return "N (random features)"
        case "d": return "d (input dimension)"
        case "flip": return "η (label flip probability)"
        case "k": return "k (\(component))"
        case "width": return "width (hidden units)"
        default: return "\(key) (\(component))"
        }
    }
}

func componentName(_ spec: String) -> String {
    spec.firstIndex(of: "(").map { String(spec[..<$0]) } ?? spec
}

public enum SweepPlots {
    /// The numeric parameters that vary across `rows`, in first-appearance order (`n` and seeds are not
    /// spec parameters and never appear).
    public static func sweptParameters(_ rows: [ResultRow]) -> [SweptParameter] {
        var order: [SweptParameter] = []
        var values: [SweptParameter: Set<Double>] = [:]
        var seenSpecs = Set<String>()
        for row in rows {
            for role in [SweptParameter.Role.data, .estimator, .attack] {
                let text = SweptParameter(role: role, component: "", key: "").spec(of: row)
                guard seenSpecs.insert(role.rawValue + "\u{1F}" + text).inserted,
                      let parsed = try? ComponentSpec(parsing: text) else { continue }
                for argument in parsed.arguments {
                    guard case .number(let value) = argument.value else { continue }
                    let parameter = SweptParameter(role: role, component: parsed.name, key: argument.key)
                    if values[parameter] == nil { order.append(parameter) }
                    values[parameter, default: []].insert(value)
                }
            }
        }
        return order.filter { values[$0]!.count > 1 }
    }

    /// The rows of `parameter`'s component split into contexts (everything that is neither the swept
    /// parameter nor the series), in first-appearance order, each with its series key per row.
    static func contexts(_ rows: [ResultRow], sweeping parameter: SweptParameter, includeN: Bool)
        -> [(title: String, rows: [ResultRow], series: [String: String])] {
        var order: [String] = []
        var parts: [String: (title: String, rows: [ResultRow], series: [String: String])] = [:]
        let sizes = Set(rows.map(\.n))
        for row in rows where parameter.value(in: row) != nil {
            let reduced = RiskPlots.spec(parameter.spec(of: row), removing: parameter.key)
            var contextParts = ["attack " + (parameter.role == .attack ? reduced : row.attack),
                                "data " + (parameter.role == .data ? reduced : row.data), "target " + row.target]
            if sizes.count > 1 && !includeN { contextParts.append("n = \(row.n)") }
            let key = contextParts.joined(separator: " · ")
            if parts[key] == nil { order.append(key); parts[key] = (key, [], [:]) }
            parts[key]!.rows.append(row)
        }
        return order.map { key in
            var part = parts[key]!
            for row in part.rows {
                let reduced = RiskPlots.spec(parameter.spec(of: row), removing: parameter.key)
                var seriesKey = parameter.role == .estimator ? reduced : row.estimator
                if sizes.count > 1 && includeN { seriesKey += " · n = \(row.n)" }
                part.series[row.cellKey] = seriesKey
            }
            return part
        }
    }

    /// The scale for a set of positive or non-negative values: log when all are > 0 and span ≥ 20×.
    static func scale(for values: [Double]) -> SVGPlot.Scale {
        guard let low = values.min(), let high = values.max(), low > 0 else { return .linear }
        return high / low >= 20 ? .logarithmic : .linear
    }

    // MARK: Risk against a swept parameter

    /// One figure per swept parameter and context: the risks (errors) against the parameter, one colour
    /// per series (the estimator, and n when n varies too), Monte-Carlo points with intervals and exact
    /// or theory lines as in `RiskPlots.plot`.
    public static func riskVersusParameter(_ rows: [ResultRow], identifierPrefix: String = "sweep") -> [ReportFigure] {
        var figures: [ReportFigure] = []
        let singleSize = Set(rows.map(\.n)).count == 1
        for parameter in sweptParameters(rows) {
            // Two values beside a varying n are two estimators (or attacks) already shown against n.
            guard singleSize || Set(rows.compactMap { parameter.value(in: $0) }).count >= 3 else { continue }
            for context in contexts(rows, sweeping: parameter, includeN: true) {
                let first = context.rows[0]
                let xs = context.rows.compactMap { parameter.value(in: $0) }
                let xScale = scale(for: xs)
                var label = parameter.axisLabel
                if xScale == .linear { label = label.replacingOccurrences(of: ", log scale", with: "") }
                let left = xs.contains(0) && xScale == .logarithmic ? " Values 0 cannot be shown on the log axis." : ""
                let plot = RiskPlots.plot(
                    context.rows, title: "\(first.task == .regression ? "risk" : "error") against \(parameter.key == "lambda" ? "λ" : parameter.key)",
                    xLabel: label,
                    yLabel: first.task == .regression ? "risk (squared error, target: \(first.target))" : "error (fraction of test points)",
                    x: { parameter.value(in: $0) }, series: { context.series[$0.cellKey] ?? $0.estimator },
                    xScale: xScale, yScale: first.task == .regression ? .logarithmic : .linear,
                    identifier: "\(identifierPrefix)-\(figures.count + 1)")
                figures.append(ReportFigure(heading: "\(first.task == .regression ? "Risk" : "Error") against \(parameter.key == "lambda" ? "λ" : parameter.key) (\(parameter.role.rawValue) \(parameter.component)) · \(context.title)",
                                            caption: RiskPlots.caption(for: context.rows) + left, plot: plot))
            }
        }
        return figures
    }

    // MARK: Trade-off curve

    /// For every estimator parameter swept on regression rows (a ridge λ path, say): adversarial against
    /// standard risk, one point per value, labelled with it and joined in parameter order — the
    /// trade-off curve. Other estimators of the same context (min-norm) are single labelled points.
    /// Parameters with fewer than four values make no curve and get none. One figure per context (attack,
    /// data, target), one curve per n; the means over seeds of the test-sample risks as markers joined by
    /// a thin dotted connector, and the exact population curve solid without markers where every point
    /// has it (the rule of `RiskPlots`).
    public static func tradeOff(_ rows: [ResultRow], identifierPrefix: String = "tradeoff") -> [ReportFigure] {
        let minimumPathLength = 4
        let regression = rows.filter { $0.task == .regression }
        var figures: [ReportFigure] = []
        for parameter in sweptParameters(regression) where parameter.role == .estimator {
            // A curve needs a path: at least `minimumPathLength` values of the parameter.
            guard Set(regression.compactMap { parameter.value(in: $0) }).count >= minimumPathLength else { continue }
            for context in contexts(regression, sweeping: parameter, includeN: true) {
                let first = context.rows[0]
                var plot = SVGPlot(title: "adversarial against standard risk along \(parameter.key == "lambda" ? "λ" : parameter.key)",
                                   xLabel: "standard risk (squared error, log scale)",
                                   yLabel: "adversarial risk (squared error, log scale)", identifier: "\(identifierPrefix)-\(figures.count + 1)")
                var legend: [SVGPlot.LegendEntry] = []
                let symbol = parameter.key == "lambda" ? "λ" : parameter.key
                var seriesOrder: [String] = []
                var bySeries: [String: [Double: [ResultRow]]] = [:]
                for row in context.rows {
                    let key = context.series[row.cellKey] ?? row.estimator
                    if bySeries[key] == nil { seriesOrder.append(key) }
                    bySeries[key, default: [:]][parameter.value(in: row)!, default: []].append(row)
                }
                var colorIndex = 0
                for key in seriesOrder {
                    let cells = bySeries[key]!.sorted { $0.key < $1.key }
                    let color = SVGPlot.color(colorIndex); colorIndex += 1
                    let points = cells.compactMap { value, group -> SVGPlot.Point? in
                        guard let standard = MeanInterval(group.compactMap(\.standardRisk)),
                              let adversarial = MeanInterval(group.compactMap(\.adversarialRisk)) else { return nil }
                        return .init(x: standard.mean, y: adversarial.mean, label: "\(symbol)=\(NumberText.compact(value))")
                    }
                    plot.series.append(.init(label: key, color: color, line: .connector, marker: .circle, points: points))
                    legend.append(.init(label: "\(key), one point per \(symbol)", color: color, line: .connector, marker: .circle))
                    let exact = cells.compactMap { _, group -> SVGPlot.Point? in
                        guard let standard = MeanInterval(group.compactMap(\.standardRiskExact)),
                              let adversarial = MeanInterval(group.compactMap(\.adversarialRiskExact)) else { return nil }
                        return .init(x: standard.mean, y: adversarial.mean)
                    }
                    if exact.count == cells.count, exact.count > 1 {
                        plot.series.append(.init(label: nil, color: color, line: .solid, marker: .none, points: exact))
                        legend.append(.init(label: "\(key) (exact)", color: color, line: .solid))
                    }
                }
                // The other estimators of this context, one labelled point each.
                let sizes = Set(context.rows.map(\.n))
                let others = regression.filter { row in
                    parameter.value(in: row) == nil && row.attack == first.attack && row.data == first.data
                        && row.target == first.target && sizes.contains(row.n)
                }
                var otherOrder: [String] = []
                var otherRows: [String: [ResultRow]] = [:]
                for row in others {
                    let key = row.estimator + (sizes.count > 1 ? " · n = \(row.n)" : "")
                    if otherRows[key] == nil { otherOrder.append(key) }
                    otherRows[key, default: []].append(row)
                }
                for estimator in otherOrder {
                    let group = otherRows[estimator]!
                    guard let standard = MeanInterval(group.compactMap(\.standardRisk)),
                          let adversarial = MeanInterval(group.compactMap(\.adversarialRisk)) else { continue }
                    let color = SVGPlot.color(colorIndex); colorIndex += 1
                    plot.series.append(.init(label: estimator, color: color, line: .none, marker: .diamond,
                                             points: [.init(x: standard.mean, y: adversarial.mean, label: componentName(estimator)
                                                + (sizes.count > 1 ? ", n = \(group[0].n)" : ""))]))
                    legend.append(.init(label: estimator, color: color, line: .none, marker: .diamond))
                }
                plot.legend = legend
                figures.append(ReportFigure(
                    heading: "Trade-off along \(symbol) (\(parameter.component)) · \(context.title)",
                    caption: "Each marker is one \(symbol): the Monte-Carlo (test-sample) means over seeds of the standard risk (x) and the adversarial risk (y), "
                        + "joined by a thin dotted line in \(symbol) order; down and to the left is better on both. "
                        + "Solid lines without markers: the exact population values where every point has them.",
                    plot: plot))
            }
        }
        return figures
    }
}

// MARK: - Choosing the figures

public enum ReportFigures {
    /// The figures a reader of these papers expects from `rows`: risk (error) against n where n takes
    /// several values and no sweep would crowd it (at most `maximumSeries` series per plot), risk against
    /// every swept parameter, and the trade-off curve of every swept estimator parameter.
    public static func automatic(_ rows: [ResultRow], maximumSeries: Int = 8) -> [ReportFigure] {
        var figures: [ReportFigure] = []
        if Set(rows.map(\.n)).count > 1 {
            let byN = RiskPlots.riskVersusN(rows)
            figures += byN.filter { figure in
                Set(figure.plot.series.compactMap { $0.label?.components(separatedBy: " — ").first }).count <= maximumSeries
            }
        }
        figures += SweepPlots.tradeOff(rows)
        figures += SweepPlots.riskVersusParameter(rows)
        return figures
    }
}
