import ZooCore
import ZooHarness

// MARK: - Risk plots from result rows

/// A plot with the heading and caption it is shown under in a report.
public struct ReportFigure: Sendable {
    public var heading: String
    public var caption: String?
    public var plot: SVGPlot
    public init(heading: String, caption: String? = nil, plot: SVGPlot) {
        self.heading = heading; self.caption = caption; self.plot = plot
    }
}

/// Builds `SVGPlot`s of risk (or error) against any x from result rows, averaging over seeds.
///
/// Styles: one colour per series (by default per estimator); the adversarial risk (robust error) solid
/// with filled circles, the standard risk (clean error) dashed with squares, exact population values
/// dotted with diamonds (adversarial) or triangles (standard), theoretical predictions dashed with
/// open circles. Test-sample estimates carry 95% intervals over seeds as error bars. The legend lists the series colours, then the line styles in grey.
public enum RiskPlots {
    /// The grey of the line-style legend entries.
    static let styleKeyColor = "#555555"
    /// Legend labels longer than this drop the parameters shared by all series of the same component.
    static let abbreviationLength = 36

    /// Line style, marker and legend text of a metric.
    static func style(of metric: ResultMetric) -> (line: SVGPlot.LineStyle, marker: SVGPlot.Marker, label: String) {
        switch metric {
        case .adversarialRisk: return (.solid, .circle, "adversarial risk")
        case .standardRisk: return (.dashed, .square, "standard risk")
        case .adversarialRiskExact: return (.dotted, .diamond, "adversarial risk (exact)")
        case .standardRiskExact: return (.dotted, .triangle, "standard risk (exact)")
        case .robustError: return (.solid, .circle, "robust error")
        case .cleanError: return (.dashed, .square, "clean error")
        case .robustErrorExact: return (.dotted, .diamond, "robust error (exact)")
        case .adversarialRiskTheory: return (.dashed, .openCircle, "adversarial risk (theory)")
        case .standardRiskTheory: return (.dashed, .openCircle, "standard risk (theory)")
        case .robustErrorTheory: return (.dashed, .openCircle, "robust error (theory)")
        default: return (metric.isExact ? .dotted : .solid, metric.isExact ? .diamond : .circle, metric.title)
        }
    }

    /// The metrics plotted by default for a task.
    public static func defaultMetrics(for task: Task) -> [ResultMetric] {
        task == .regression
            ? [.adversarialRisk, .standardRisk, .adversarialRiskExact, .standardRiskExact, .adversarialRiskTheory, .standardRiskTheory]
            : [.robustError, .cleanError, .robustErrorExact, .robustErrorTheory]
    }

    // MARK: General plot

    /// One plot of metrics against an arbitrary x.
    ///
    /// - Parameters:
    ///   - rows: the rows to plot; rows where `x` returns nil are left out.
    ///   - x: the x value of a row (`Double($0.n)`, or a parameter via `parameter(_:in:)`).
    ///   - series: the series a row belongs to (default: its estimator); series are coloured in order of
    ///     first appearance.
    ///   - metrics: the metrics to draw (default: by the first row's task); metrics no row has are skipped.
    /// Rows with the same series and x are averaged (mean and 95% interval over seeds).
    public static func plot(_ rows: [ResultRow], title: String, xLabel: String, yLabel: String = "risk",
                            x: (ResultRow) -> Double?, series: (ResultRow) -> String = { $0.estimator },
                            metrics: [ResultMetric]? = nil, xScale: SVGPlot.Scale = .logarithmic,
                            yScale: SVGPlot.Scale = .logarithmic, identifier: String = "plot") -> SVGPlot {
        var plot = SVGPlot(title: title, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale, identifier: identifier)
        guard let first = rows.first else { return plot }
        let wanted = (metrics ?? defaultMetrics(for: first.task)).filter { metric in rows.contains { metric.value(in: $0) != nil } }

        // Series keys and x values in first-appearance order; cells keyed by series and x.
        var keys: [String] = []
        var cells: [String: [Double: [ResultRow]]] = [:]
        for row in rows {
            guard let xValue = x(row) else { continue }
            let key = series(row)
            if cells[key] == nil { keys.append(key) }
            cells[key, default: [:]][xValue, default: []].append(row)
        }
        let labels = abbreviated(keys)
        var legend: [SVGPlot.LegendEntry] = []
        for (index, key) in keys.enumerated() {
            let color = SVGPlot.color(index)
            legend.append(.init(label: labels[index], color: color, line: .solid))
            let byX = cells[key]!.sorted { $0.key < $1.key }
            for metric in wanted {
                let style = style(of: metric)
                let isExact = metric.isExact
                let points = byX.compactMap { xValue, group -> SVGPlot.Point? in
                    guard let statistics = MeanInterval(group.compactMap { metric.value(in: $0) }) else { return nil }
                    return SVGPlot.Point(x: xValue, y: statistics.mean,
                                         lower: isExact ? nil : statistics.lower, upper: isExact ? nil : statistics.upper)
                }
                guard !points.isEmpty else { continue }
                plot.series.append(.init(label: labels[index] + " — " + style.label, color: color, line: style.line,
                                         marker: style.marker, points: points))
            }
        }
        if wanted.count > 1 || keys.count == 1 {
            legend += wanted.map { metric in
                let style = style(of: metric)
                return SVGPlot.LegendEntry(label: style.label, color: styleKeyColor, line: style.line, marker: style.marker)
            }
        }
        plot.legend = legend
        return plot
    }

    // MARK: Risk versus n

    /// One figure per (data, attack, target, task) in first-appearance order: the metrics against n on
    /// log-log axes, one colour per estimator. Plot ids are `identifierPrefix-1`, `-2`, ….
    public static func riskVersusN(_ rows: [ResultRow], identifierPrefix: String = "risk-n") -> [ReportFigure] {
        var order: [String] = []
        var groups: [String: [ResultRow]] = [:]
        for row in rows {
            let key = [row.data, row.attack, row.target, row.task.rawValue].joined(separator: "\u{1F}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        return order.enumerated().map { index, key in
            let group = groups[key]!, first = group[0]
            let yLabel = first.task == .regression ? "risk (target: \(first.target))" : "error"
            let plot = plot(group, title: MarkupText.truncated("attack: " + first.attack, limit: 90), xLabel: "n (training samples)",
                            yLabel: yLabel, x: { Double($0.n) }, identifier: "\(identifierPrefix)-\(index + 1)")
            return ReportFigure(heading: "\(first.attack) · target \(first.target)", caption: "data: " + first.data, plot: plot)
        }
    }

    // MARK: Spec helpers

    /// The numeric value of parameter `name` in a spec (`parameter("lambda", in: "ridge(lambda=0.01)")` is
    /// 0.01); nil if absent or not a number.
    public static func parameter(_ name: String, in spec: String) -> Double? {
        guard let parsed = try? ComponentSpec(parsing: spec) else { return nil }
        for argument in parsed.arguments where argument.key == name {
            if case .number(let value) = argument.value { return value }
        }
        return nil
    }

    /// The spec without parameter `name` (`ridge(lambda=0.01)` → `ridge`): a series key for sweeps over it.
    public static func spec(_ spec: String, removing name: String) -> String {
        guard let parsed = try? ComponentSpec(parsing: spec) else { return spec }
        return ComponentSpec(name: parsed.name, arguments: parsed.arguments.filter { $0.key != name }).description
    }

    /// Legend labels: specs up to `abbreviationLength` characters stay whole; longer ones drop the
    /// parameters whose values all specs of the same name share.
    static func abbreviated(_ specs: [String]) -> [String] {
        let parsed = specs.map { try? ComponentSpec(parsing: $0) }
        return specs.indices.map { index in
            guard specs[index].count > abbreviationLength, let spec = parsed[index] else { return specs[index] }
            let siblings = parsed.compactMap { $0 }.filter { $0.name == spec.name }
            let kept = spec.arguments.filter { argument in
                !siblings.allSatisfy { sibling in sibling.arguments.contains { $0.key == argument.key && $0.value == argument.value } }
            }
            return kept.isEmpty && siblings.count == 1 ? specs[index] : ComponentSpec(name: spec.name, arguments: kept).description
        }
    }
}
