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

    /// The parsed spec of `row` this parameter lives in.
    func spec(of row: ResultRow) -> ComponentSpec? { role.spec(of: row) }

    /// The parameter's value in `row`, nil when the row's component is another one.
    func value(in row: ResultRow) -> Double? {
        guard let spec = spec(of: row), spec.name == component else { return nil }
        return spec.number(key)
    }

    /// The kind of component of its role.
    var kind: ComponentKind {
        switch role {
        case .data: return .data
        case .estimator: return .estimator
        case .attack: return .attack
        }
    }

    /// The axis title: the declared notation (`λ (ridge penalty, log scale)`), else `key (component)`.
    func axisLabel(_ notations: ParameterNotations) -> String {
        notations.axisTitle(of: key, component: component, kind: kind)
    }

    /// The symbol in headings and point labels: the declared one (`λ`), else the parameter's name.
    func symbol(_ notations: ParameterNotations) -> String {
        notations.symbol(of: key, component: component, kind: kind)
    }
}

extension SweptParameter.Role {
    /// The spec text of `row` in this role (the file contract).
    func text(of row: ResultRow) -> String {
        switch self {
        case .data: return row.data
        case .estimator: return row.estimator
        case .attack: return row.attack
        }
    }

    /// The parsed spec of `row` in this role.
    func spec(of row: ResultRow) -> ComponentSpec? {
        switch self {
        case .data: return row.dataSpec
        case .estimator: return row.estimatorSpec
        case .attack: return row.attackSpec
        }
    }
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
                guard seenSpecs.insert(role.rawValue + "\u{1F}" + role.text(of: row)).inserted,
                    let parsed = role.spec(of: row)
                else { continue }
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

    /// The rows of `parameter`'s component split into figures (everything that is neither the swept
    /// parameter, the series nor n), in first-appearance order, each with its series key per row. n is
    /// never a series: it makes the panels (small multiples) of a figure.
    static func contexts(_ rows: [ResultRow], sweeping parameter: SweptParameter)
        -> [(title: String, rows: [ResultRow], series: [String: String])]
    {
        var order: [String] = []
        var parts: [String: (title: String, rows: [ResultRow], series: [String: String])] = [:]
        for row in rows where parameter.value(in: row) != nil {
            guard let reduced = parameter.spec(of: row)?.removing(parameter.key).description else { continue }
            let contextParts = [
                "attack " + SpecText.short(parameter.role == .attack ? reduced : row.attack),
                "data " + SpecText.short(parameter.role == .data ? reduced : row.data), "target " + row.target,
            ]
            let key = contextParts.joined(separator: " · ")
            if parts[key] == nil {
                order.append(key)
                parts[key] = (key, [], [:])
            }
            parts[key]!.rows.append(row)
            parts[key]!.series[row.cellKey] = SpecText.short(parameter.role == .estimator ? reduced : row.estimator)
        }
        return order.map { parts[$0]! }
    }

    /// The rows split by n, in increasing n (one panel each).
    static func panels(_ rows: [ResultRow]) -> [(n: Int, rows: [ResultRow])] {
        Dictionary(grouping: rows, by: \.n).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The scale for a set of positive or non-negative values: log when all are > 0 and span ≥ 20×.
    static func scale(for values: [Double]) -> SVGPlot.Scale {
        guard let low = values.min(), let high = values.max(), low > 0 else { return .linear }
        return high / low >= 20 ? .logarithmic : .linear
    }

    /// The panel size of small multiples.
    static let panelWidth = 520.0, panelHeight = 360.0

    /// A figure of one plot per n (small multiples with one legend), or of one plot when n takes one value.
    static func faceted(
        heading: String, caption: String, rows: [ResultRow], identifier: String,
        plot: (_ rows: [ResultRow], _ title: String, _ identifier: String) -> SVGPlot
    ) -> ReportFigure {
        let byN = panels(rows)
        guard byN.count > 1 else {
            return ReportFigure(heading: heading, caption: caption, plot: plot(rows, "", identifier))
        }
        var figure = ReportFigure(heading: heading, caption: caption, plot: plot(rows, "", identifier))
        for (index, panel) in byN.enumerated() {
            var panelPlot = plot(panel.rows, "n = \(panel.n)", "\(identifier)-n\(index + 1)")
            for entry in panelPlot.legendEntries where !figure.legend.contains(where: { $0.label == entry.label }) {
                figure.legend.append(entry)
            }
            panelPlot.legend = []
            panelPlot.width = panelWidth
            panelPlot.height = panelHeight
            figure.panels.append(panelPlot)
        }
        // Series first, then the style key, as in a single plot's legend.
        figure.legend = figure.legend.filter { $0.marker == .swatch } + figure.legend.filter { $0.marker != .swatch }
        return figure
    }

    /// The most series a figure (or each of its panels) may have; figures with more are left out, since
    /// their colours could not each mean one thing.
    public static let maximumSeries = 8

    // MARK: Risk against a swept parameter

    /// One figure per swept parameter and context: the risks (errors) against the parameter, one panel
    /// per n, one colour per series (the estimator, or the estimator without the swept parameter),
    /// Monte-Carlo points with intervals and exact or theory lines as in `RiskPlots.plot`. A figure with
    /// more than `maximumSeries` series is left out (another swept parameter's figure shows those rows).
    public static func riskVersusParameter(
        _ rows: [ResultRow], notations: ParameterNotations = ParameterNotations(), identifierPrefix: String = "sweep",
        colours: SeriesColours? = nil
    ) -> [ReportFigure] {
        let colours = colours ?? SeriesColours()
        var figures: [ReportFigure] = []
        let singleSize = Set(rows.map(\.n)).count == 1
        for parameter in sweptParameters(rows) {
            // Two values beside a varying n are two estimators (or attacks) already shown against n.
            guard singleSize || Set(rows.compactMap { parameter.value(in: $0) }).count >= 3 else { continue }
            for context in contexts(rows, sweeping: parameter) {
                guard Set(context.series.values).count <= maximumSeries else { continue }
                let first = context.rows[0]
                let xs = context.rows.compactMap { parameter.value(in: $0) }
                let xScale = scale(for: xs)
                var label = parameter.axisLabel(notations)
                if xScale == .linear { label = label.replacingOccurrences(of: ", log scale", with: "") }
                let left = xs.contains(0) && xScale == .logarithmic ? " Values 0 cannot be shown on the log axis." : ""
                let symbol = parameter.symbol(notations)
                let noun = first.task == .regression ? "risk" : "error"
                let identifier = "\(identifierPrefix)-\(figures.count + 1)"
                figures.append(
                    faceted(
                        heading:
                            "\(noun.prefix(1).uppercased() + noun.dropFirst()) against \(symbol) (\(parameter.role.rawValue) \(parameter.component)) · \(context.title)",
                        caption: RiskPlots.caption(for: context.rows) + left, rows: context.rows, identifier: identifier
                    ) { rows, title, id in
                        RiskPlots.plot(
                            rows, title: title.isEmpty ? "\(noun) against \(symbol)" : title, xLabel: label,
                            yLabel: first.task == .regression
                                ? "risk (squared error, target: \(first.target))" : "error (fraction of test points)",
                            x: { parameter.value(in: $0) }, series: { context.series[$0.cellKey] ?? $0.estimator },
                            xScale: xScale, yScale: first.task == .regression ? .logarithmic : .linear, identifier: id,
                            colours: colours)
                    })
            }
        }
        return figures
    }

    /// The figures `automatic` leaves out because they would have more than `maximumSeries` series,
    /// as sentences for the report (`risk against radius (attack exact-l2): 21 series per panel`).
    public static func omitted(_ rows: [ResultRow]) -> [String] {
        var notes: [String] = []
        let estimators = Set(rows.map(\.estimator)).count
        if Set(rows.map(\.n)).count > 1 && estimators > maximumSeries {
            notes.append("risk against n: \(estimators) estimators, more than \(maximumSeries) colours can tell apart")
        }
        let singleSize = Set(rows.map(\.n)).count == 1
        for parameter in sweptParameters(rows) {
            guard singleSize || Set(rows.compactMap { parameter.value(in: $0) }).count >= 3 else { continue }
            let counts = contexts(rows, sweeping: parameter).map { Set($0.series.values).count }.filter {
                $0 > maximumSeries
            }
            if let most = counts.max() {
                notes.append(
                    "\(rows.first?.task == .classification ? "error" : "risk") against \(parameter.key) (\(parameter.role.rawValue) \(parameter.component)): \(most) series per panel"
                )
            }
        }
        return notes
    }

    // MARK: Trade-off curve

    /// For every estimator parameter swept on regression rows (a ridge λ path, say): adversarial against
    /// standard risk, one point per value, labelled with it (3 significant digits) and joined in parameter
    /// order — the trade-off curve. Other estimators of the same context (min-norm) are single labelled
    /// points. Parameters with fewer than four values make no curve and get none. One figure per context
    /// (attack, data, target), one panel per n; the means over seeds of the test-sample risks as markers
    /// joined by a thin dotted connector, and the exact population curve solid without markers where
    /// every point has it (the rule of `RiskPlots`). Colours are the report's (`SeriesColours`).
    public static func tradeOff(
        _ rows: [ResultRow], notations: ParameterNotations = ParameterNotations(),
        identifierPrefix: String = "tradeoff", colours: SeriesColours? = nil
    ) -> [ReportFigure] {
        let colours = colours ?? SeriesColours()
        let minimumPathLength = 4
        let regression = rows.filter { $0.task == .regression }
        var figures: [ReportFigure] = []
        for parameter in sweptParameters(regression) where parameter.role == .estimator {
            // A curve needs a path: at least `minimumPathLength` values of the parameter.
            guard Set(regression.compactMap { parameter.value(in: $0) }).count >= minimumPathLength else { continue }
            let symbol = parameter.symbol(notations)
            for context in contexts(regression, sweeping: parameter) {
                guard Set(context.series.values).count <= maximumSeries else { continue }
                let first = context.rows[0]
                let sizes = Set(context.rows.map(\.n))
                let others = regression.filter { row in
                    parameter.value(in: row) == nil && row.attack == first.attack && row.data == first.data
                        && row.target == first.target && sizes.contains(row.n)
                }
                let identifier = "\(identifierPrefix)-\(figures.count + 1)"
                figures.append(
                    faceted(
                        heading: "Trade-off along \(symbol) (\(parameter.component)) · \(context.title)",
                        caption:
                            "Each marker is one \(symbol): the Monte-Carlo (test-sample) means over seeds of the standard risk (x) and the adversarial risk (y), "
                            + "joined by a thin dotted line in \(symbol) order; down and to the left is better on both. "
                            + "Solid lines without markers: the exact population values where every point has them. Diamonds: estimators without \(symbol).",
                        rows: context.rows + others, identifier: identifier
                    ) { panelRows, title, id in
                        tradeOffPlot(
                            panelRows, parameter: parameter, series: context.series, symbol: symbol,
                            title: title.isEmpty ? "adversarial against standard risk along \(symbol)" : title,
                            identifier: id, colours: colours)
                    })
            }
        }
        return figures
    }

    /// One trade-off plot: a curve per series of rows with the parameter, a diamond per other estimator.
    static func tradeOffPlot(
        _ rows: [ResultRow], parameter: SweptParameter, series: [String: String], symbol: String,
        title: String, identifier: String, colours: SeriesColours
    ) -> SVGPlot {
        var plot = SVGPlot(
            title: title, xLabel: "standard risk (squared error, log scale)",
            yLabel: "adversarial risk (squared error, log scale)", identifier: identifier)
        var legend: [SVGPlot.LegendEntry] = []
        var seriesOrder: [String] = []
        var bySeries: [String: [Double: [ResultRow]]] = [:]
        var otherOrder: [String] = []
        var otherRows: [String: [ResultRow]] = [:]
        var otherNames: [String: String] = [:]
        for row in rows {
            guard let value = parameter.value(in: row) else {
                let key = SpecText.short(row.estimator)
                if otherRows[key] == nil {
                    otherOrder.append(key)
                    otherNames[key] = row.estimatorSpec?.name ?? key
                }
                otherRows[key, default: []].append(row)
                continue
            }
            let key = series[row.cellKey] ?? SpecText.short(row.estimator)
            if bySeries[key] == nil { seriesOrder.append(key) }
            bySeries[key, default: [:]][value, default: []].append(row)
        }
        let labels = SpecText.distinctValues(Array(Set(bySeries.values.flatMap(\.keys))))
        for key in seriesOrder {
            let cells = bySeries[key]!.sorted { $0.key < $1.key }
            let color = colours.color(key)
            let points = cells.compactMap { value, group -> SVGPlot.Point? in
                guard let standard = MeanInterval(group.compactMap(\.standardRisk)),
                    let adversarial = MeanInterval(group.compactMap(\.adversarialRisk))
                else { return nil }
                return .init(
                    x: standard.mean, y: adversarial.mean, label: "\(symbol)=\(labels[value] ?? SpecText.value(value))")
            }
            plot.series.append(.init(label: key, color: color, line: .connector, marker: .circle, points: points))
            legend.append(
                .init(label: "\(key), one point per \(symbol)", color: color, line: .connector, marker: .circle))
            let exact = cells.compactMap { _, group -> SVGPlot.Point? in
                guard let standard = MeanInterval(group.compactMap(\.standardRiskExact)),
                    let adversarial = MeanInterval(group.compactMap(\.adversarialRiskExact))
                else { return nil }
                return .init(x: standard.mean, y: adversarial.mean)
            }
            if exact.count == cells.count, exact.count > 1 {
                plot.series.append(.init(label: nil, color: color, line: .solid, marker: .none, points: exact))
                legend.append(.init(label: "\(key) (exact)", color: color, line: .solid))
            }
        }
        for estimator in otherOrder {
            let group = otherRows[estimator]!
            guard let standard = MeanInterval(group.compactMap(\.standardRisk)),
                let adversarial = MeanInterval(group.compactMap(\.adversarialRisk))
            else { continue }
            let color = colours.color(estimator)
            plot.series.append(
                .init(
                    label: estimator, color: color, line: .none, marker: .diamond,
                    points: [.init(x: standard.mean, y: adversarial.mean, label: otherNames[estimator])]))
            legend.append(.init(label: estimator, color: color, line: .none, marker: .diamond))
        }
        plot.legend = legend
        return plot
    }
}

// MARK: - Choosing the figures

public enum ReportFigures {
    /// The figures a reader of these papers expects from `rows`: risk (error) against n where n takes
    /// several values and no sweep would crowd it (at most `maximumSeries` series per plot), risk against
    /// every swept parameter, and the trade-off curve of every swept estimator parameter.
    /// One `SeriesColours` serves every figure, so a colour means the same estimator throughout.
    public static func automatic(
        _ rows: [ResultRow], notations: ParameterNotations = ParameterNotations(),
        maximumSeries: Int = SweepPlots.maximumSeries, colours: SeriesColours = SeriesColours()
    ) -> [ReportFigure] {
        var figures: [ReportFigure] = []
        if Set(rows.map(\.n)).count > 1 {
            // Too many estimators for one figure against n: none is drawn (risk against the swept
            // parameter shows them), and no colour is spent on them.
            if Set(rows.map(\.estimator)).count <= maximumSeries {
                figures += RiskPlots.riskVersusN(rows, colours: colours)
            }
        }
        figures += SweepPlots.tradeOff(rows, notations: notations, colours: colours)
        figures += SweepPlots.riskVersusParameter(rows, notations: notations, colours: colours)
        return figures
    }
}
