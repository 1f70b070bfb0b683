import ZooCore
import ZooHarness

// MARK: - Risk plots from result rows

/// A plot with the heading and caption it is shown under in a report.
public struct ReportFigure: Sendable {
    public var heading: String
    public var caption: String?
    public var plot: SVGPlot
    /// Small multiples: when not empty, these panels are shown side by side instead of `plot`, with
    /// `legend` once below them (`FacetedFigures`).
    public var panels: [SVGPlot] = []
    public var legend: [SVGPlot.LegendEntry] = []
    public init(heading: String, caption: String? = nil, plot: SVGPlot) {
        self.heading = heading
        self.caption = caption
        self.plot = plot
    }
}

/// Builds `SVGPlot`s of risk (or error) against any x from result rows, averaging over seeds.
///
/// Styles, one rule for every figure: markers mean test-sample (Monte-Carlo) estimates, lines without
/// markers mean values that are not estimated.
/// - Monte-Carlo estimates are markers with 95% intervals over seeds as error bars — filled circles for
///   the adversarial risk (robust error), filled squares for the standard risk (clean error), upward
///   triangles for a robust error that is a certified lower bound (`≥`). Beside an exact or theory line
///   of the same metric they are markers only; otherwise a thin, light dotted connector
///   (`SVGPlot.LineStyle.connector`) joins them.
/// - Exact values are full-weight lines without markers: solid for the adversarial risk (robust error),
///   dashed for the standard risk.
/// - Theoretical predictions are dash-dotted lines without markers (dash-dot-dotted for the standard risk).
/// The legend lists the series colours as swatches, then the styles in grey, each labelled
/// "(Monte Carlo)", "(exact)" or "(theory)".
public enum RiskPlots {
    /// The grey of the line-style legend entries.
    static let styleKeyColor = "#555555"
    /// Legend labels longer than this drop the parameters shared by all series of the same component.
    static let abbreviationLength = 36

    /// Line style, marker and legend text of a metric, from its declared family and estimate: markers
    /// (circles under attack, squares clean) for test-sample estimates, lines (solid under attack, dashed
    /// clean) for exact values, dash-dotted lines (dash-dot-dotted clean) for theory.
    static func style(of metric: ResultMetric) -> (line: SVGPlot.LineStyle, marker: SVGPlot.Marker, label: String) {
        if let family = metric.family {
            let attacked = family.underAttack
            switch metric.estimate {
            case .sample: return (.connector, attacked ? .circle : .square, "\(family.name) (Monte Carlo)")
            case .exact: return (attacked ? .solid : .dashed, .none, "\(family.name) (exact)")
            case .theory: return (attacked ? .dashDot : .dashDotDot, .none, "\(family.name) (theory)")
            case .upperBound, .measurement: break
            }
        }
        return metric.isExact ? (.solid, .none, metric.title) : (.connector, .circle, metric.title)
    }

    /// Whether a `theory` formula is a bound: `lower` or `upper` by the formula-name convention
    /// `…-lower-bound` / `…-upper-bound` (`sanyal-lower-bound`); nil for a prediction.
    public static func boundKind(of formula: String?) -> String? {
        guard let formula else { return nil }
        if formula.contains("lower-bound") { return "lower" }
        if formula.contains("upper-bound") { return "upper" }
        return nil
    }

    /// A theory value that is a bound, not a prediction: a long-dashed line labelled as the bound it is
    /// (`robust error ≥ bound (theory)`: the true value is at least the line).
    static func theoryBoundStyle(of metric: ResultMetric, kind: String) -> (
        line: SVGPlot.LineStyle, marker: SVGPlot.Marker, label: String
    ) {
        let name = metric.family?.name ?? metric.title
        return (.longDashed, .none, "\(name) \(kind == "lower" ? "≥" : "≤") bound (theory)")
    }

    /// The style of a robust error that is a certified lower bound (a Monte-Carlo estimate too).
    static let lowerBoundStyle: (line: SVGPlot.LineStyle, marker: SVGPlot.Marker, label: String) =
        (.connector, .triangle, "robust error ≥ (MC lower bound)")

    /// The metrics plotted by default for a task: every family's test-sample estimates, exact values and
    /// theory, in that order, the ones under attack first.
    public static func defaultMetrics(for task: Task) -> [ResultMetric] {
        let kinds: [ResultMetric.Estimate] = [.sample, .exact, .theory]
        let plotted = ResultMetric.columns(for: task).filter { $0.family != nil && kinds.contains($0.estimate) }
        return kinds.flatMap { kind in
            let ofKind = plotted.filter { $0.estimate == kind }
            return ofKind.filter { $0.family!.underAttack } + ofKind.filter { !$0.family!.underAttack }
        }
    }

    /// The exact and theory metrics drawn as lines beside a Monte-Carlo metric (of its family).
    static func companions(of metric: ResultMetric) -> [ResultMetric] {
        guard metric.estimate == .sample, let family = metric.family else { return [] }
        return ResultMetric.members(of: family, .exact) + ResultMetric.members(of: family, .theory)
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
    ///   - colours: the report's colour per series key (one meaning per colour across the report); nil
    ///     colours this plot's series in order.
    public static func plot(
        _ rows: [ResultRow], title: String, xLabel: String, yLabel: String = "risk",
        x: (ResultRow) -> Double?, series: (ResultRow) -> String = { $0.estimator },
        metrics: [ResultMetric]? = nil, xScale: SVGPlot.Scale = .logarithmic,
        yScale: SVGPlot.Scale = .logarithmic, identifier: String = "plot",
        colours: SeriesColours? = nil
    ) -> SVGPlot {
        let colours = colours ?? SeriesColours()
        var plot = SVGPlot(
            title: title, xLabel: xLabel, yLabel: yLabel, xScale: xScale, yScale: yScale, identifier: identifier)
        guard let first = rows.first else { return plot }
        let wanted = (metrics ?? defaultMetrics(for: first.task)).filter { metric in
            rows.contains { metric.value(in: $0) != nil }
        }

        // Series keys and x values in first-appearance order; cells keyed by series and x.
        var keys: [String] = []
        var cells: [String: [Double: [ResultRow]]] = [:]
        for row in rows {
            guard let xValue = x(row) else { continue }
            let key = series(row)
            if cells[key] == nil { keys.append(key) }
            cells[key, default: [:]][xValue, default: []].append(row)
        }
        let shortKeys = SpecText.distinct(keys)
        let labels = abbreviated(keys.map { shortKeys[$0] ?? $0 })
        let fractions = first.task == .classification
        var legend: [SVGPlot.LegendEntry] = []
        var usedStyles: [(line: SVGPlot.LineStyle, marker: SVGPlot.Marker, label: String)] = []
        for (index, key) in keys.enumerated() {
            let color = colours.color(labels[index])
            legend.append(.init(label: labels[index], color: color, line: .none, marker: .swatch))
            let byX = cells[key]!.sorted { $0.key < $1.key }
            let seriesRows = byX.flatMap(\.value)
            for metric in wanted {
                let isBound =
                    metric == .robustError && !seriesRows.isEmpty && seriesRows.allSatisfy(\.robustErrorIsLowerBound)
                let theoryBound =
                    metric.estimate == .theory
                    ? seriesRows.lazy.compactMap { Self.boundKind(of: $0.labels["theory"]) }.first : nil
                var style =
                    isBound
                    ? lowerBoundStyle : theoryBound.map { theoryBoundStyle(of: metric, kind: $0) } ?? style(of: metric)
                let isExact = metric.isExact
                let points = byX.compactMap { xValue, group -> SVGPlot.Point? in
                    guard let statistics = MeanInterval(group.compactMap { metric.value(in: $0) }) else { return nil }
                    // Error fractions lie in [0, 1]: so do the interval ends drawn.
                    let lower = statistics.lower.map { fractions ? max(0, $0) : $0 }
                    let upper = statistics.upper.map { fractions ? min(1, $0) : $0 }
                    return SVGPlot.Point(
                        x: xValue, y: statistics.mean, lower: isExact ? nil : lower, upper: isExact ? nil : upper)
                }
                guard !points.isEmpty else { continue }
                // A Monte-Carlo series beside an exact or theory line shows points only.
                if !isExact,
                    companions(of: metric).contains(where: { companion in
                        wanted.contains(companion) && seriesRows.contains { companion.value(in: $0) != nil }
                    })
                {
                    style.line = .none
                }
                plot.series.append(
                    .init(
                        label: labels[index] + " — " + style.label, color: color, line: style.line,
                        marker: style.marker, points: points))
                if let band = certifiedBand(byX, metric: metric, label: labels[index], color: color) {
                    plot.series.append(band)
                    if !usedStyles.contains(where: { $0.label == certifiedStyle.label }) {
                        usedStyles.append(certifiedStyle)
                    }
                }
                // The key shows a connector when any series of the style is joined by one.
                if let used = usedStyles.firstIndex(where: { $0.label == style.label }) {
                    if style.line != .none { usedStyles[used].line = style.line }
                } else {
                    usedStyles.append(style)
                }
            }
        }
        // The style key is always shown: it is what tells Monte-Carlo markers from exact lines.
        legend += usedStyles.map { style in
            SVGPlot.LegendEntry(label: style.label, color: styleKeyColor, line: style.line, marker: style.marker)
        }
        plot.legend = legend
        plot.dodge = dodgePixels
        return plot
    }

    /// The horizontal offset between series with error bars.
    static let dodgePixels = 4.0

    // MARK: Risk versus n

    /// Per (data, attack, target, task) in first-appearance order, the metrics against n on log-log axes,
    /// one colour per estimator: for regression one figure of the adversarial risk and one of the standard
    /// risk (each with its exact and theory lines), for classification one of clean and robust error.
    /// Plot ids are `identifierPrefix-1`, `-2`, ….
    public static func riskVersusN(
        _ rows: [ResultRow], identifierPrefix: String = "risk-n", colours: SeriesColours? = nil
    ) -> [ReportFigure] {
        let colours = colours ?? SeriesColours()
        var order: [String] = []
        var groups: [String: [ResultRow]] = [:]
        for row in rows {
            let key = [row.data, row.attack, row.target, row.task.rawValue].joined(separator: "\u{1F}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        var figures: [ReportFigure] = []
        for key in order {
            let group = groups[key]!
            let first = group[0]
            let panels = Self.figures(for: first.task).map { figure in
                first.task == .regression
                    ? (
                        name: figure.name, metrics: figure.metrics,
                        yLabel: "\(figure.name) (squared error, target: \(first.target))",
                        yScale: SVGPlot.Scale.logarithmic
                    )
                    : (
                        name: figure.name, metrics: figure.metrics, yLabel: "error (fraction of test points)",
                        yScale: SVGPlot.Scale.linear
                    )
            }
            let sizes = Array(Set(group.map { Double($0.n) })).sorted()
            for panel in panels {
                guard group.contains(where: { row in panel.metrics.contains { $0.value(in: row) != nil } }) else {
                    continue
                }
                var figure = plot(
                    group, title: "\(panel.name) against training-set size", xLabel: "n (training samples, log scale)",
                    yLabel: panel.yLabel, x: { Double($0.n) }, metrics: panel.metrics, yScale: panel.yScale,
                    identifier: "\(identifierPrefix)-\(figures.count + 1)", colours: colours)
                // Ticks at the sizes that ran, when they are few enough to label.
                if sizes.count <= 8 { figure.xTicks = sizes }
                figures.append(
                    ReportFigure(
                        heading:
                            "\(panel.name.prefix(1).uppercased() + panel.name.dropFirst()) against n · \(SpecText.short(first.attack)) · target \(first.target)",
                        caption: "data: " + SpecText.short(first.data) + ". " + Self.caption(for: group),
                        plot: figure))
            }
        }
        return figures
    }

    /// The figures against n of a task: one per declared `Family.figure`, in order of first appearance
    /// in `defaultMetrics(for:)`, each with the default metrics of its families.
    static func figures(for task: Task) -> [(name: String, metrics: [ResultMetric])] {
        var figures: [(name: String, metrics: [ResultMetric])] = []
        for metric in defaultMetrics(for: task) {
            guard let name = metric.family?.figure else { continue }
            if let index = figures.firstIndex(where: { $0.name == name }) {
                figures[index].metrics.append(metric)
            } else {
                figures.append((name, [metric]))
            }
        }
        return figures
    }

    /// What the marks mean, for a figure caption.
    static func caption(for rows: [ResultRow]) -> String {
        var parts: [String] = []
        let sampled = ResultMetric.registered.filter { $0.estimate == .sample && $0.family != nil }
        if rows.contains(where: { row in sampled.contains { $0.value(in: row) != nil } }) {
            parts.append(
                "Markers: Monte-Carlo (MC) estimates, test-sample means over seeds with 95% Student t intervals, "
                    + "joined by a thin dotted line where no exact or theory line of the same metric is drawn")
        } else {
            parts.append("Nothing sampled: theory alone")
        }
        let exactUnderAttack = ResultMetric.registered.filter {
            $0.estimate == .exact && $0.family?.underAttack == true
        }
        if rows.contains(where: { row in exactUnderAttack.contains { $0.value(in: row) != nil } }) {
            parts.append(
                rows[0].task == .regression
                    ? "lines without markers, solid (adversarial) and dashed (standard): exact population values for the attack's own ball (linear models)"
                    : "solid lines without markers: exact test-sample robust error of linear classifiers")
        }
        let formulas = Array(Set(rows.compactMap { $0.labels["theory"] })).sorted()
        let predictions = formulas.filter { boundKind(of: $0) == nil }
        let bounds = formulas.filter { boundKind(of: $0) != nil }
        if !predictions.isEmpty {
            parts.append(
                "dash-dotted lines without markers: theoretical predictions (\(predictions.joined(separator: "; ")))")
        }
        if !bounds.isEmpty {
            parts.append(
                "long-dashed lines without markers: theoretical bounds, not predictions (\(bounds.map { "\($0): the true value is \(boundKind(of: $0) == "lower" ? "at least" : "at most") the line" }.joined(separator: "; ")))"
            )
        }
        if rows.contains(where: { row in
            ResultMetric.columns(for: .regression).filter({ $0.estimate == .sample && $0.family != nil }).contains {
                metric in
                guard let value = metric.value(in: row) else { return false }
                return value > 0
            }
        }) {
            parts.append(
                "an error bar ending in an arrow continues beyond the axis (on a log axis: towards 0, or more than 10× from its mean)"
            )
        }
        let upper = ResultMetric.registered.filter { $0.estimate == .upperBound }
        if rows.contains(where: { row in upper.contains { $0.value(in: row) != nil } }) {
            parts.append(
                "dotted lines without markers with a shaded band: certified upper bounds (--certify); the true value lies in the band between the attack's estimate and the bound"
            )
        }
        if rows.contains(where: \.robustErrorIsLowerBound) {
            parts.append(
                "triangles: the attack's robust error is a certified lower bound (the true robust error is at least this)"
            )
        }
        return parts.joined(separator: "; ") + "."
    }

    // MARK: Spec helpers

    /// Legend labels: specs up to `abbreviationLength` characters stay whole; longer ones drop the
    /// parameters whose values all specs of the same name share.
    static func abbreviated(_ specs: [String]) -> [String] {
        let parsed = specs.map { try? ComponentSpec(parsing: $0) }
        return specs.indices.map { index in
            guard specs[index].count > abbreviationLength, let spec = parsed[index] else { return specs[index] }
            let siblings = parsed.compactMap { $0 }.filter { $0.name == spec.name }
            let kept = spec.arguments.filter { argument in
                !siblings.allSatisfy { sibling in
                    sibling.arguments.contains { $0.key == argument.key && $0.value == argument.value }
                }
            }
            // A long spec alone of its name is its name (the table and heading give the spec).
            return kept.isEmpty && siblings.count == 1
                ? spec.name : ComponentSpec(name: spec.name, arguments: kept).description
        }
    }
}
