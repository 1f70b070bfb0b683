import ZooCore
import ZooHarness

// MARK: - The head-to-head matrix figure

/// An SVG of small matrices for one (data, target, attack), each cell the mean paired difference
/// row estimator − column estimator (or − the baseline).
///
/// - Colour by sign: blue where the row estimator is better (difference < 0), vermillion where it is
///   worse (Okabe–Ito, distinguishable with the common colour-vision deficiencies); the shade grows with
///   |difference| relative to the largest in its matrix.
/// - A cell whose interval excludes 0 has a thick dark border and bold text; otherwise its text is grey.
/// - All pairs: one k × k matrix per (risk, n), both halves shown (the lower one is the upper one
///   negated); rows are labelled with a number and a short name (`shortLabels`), columns with the number.
/// - With a baseline: one matrix per risk, a row per other estimator and a column per n (estimator −
///   baseline).
enum HeadToHeadMatrix {
    static let cellWidth = 62.0, cellHeight = 30.0, fontSize = 12.0, titleFontSize = 13.0
    static let panelGap = 28.0, maxWidth = 1100.0
    static let better = (r: 0.0, g: 114.0, b: 178.0), worse = (r: 213.0, g: 94.0, b: 0.0)

    /// The names of estimators without the parameters they all share: `ridge(lambda=0.01)` beside
    /// `ridge(lambda=0.1)` and `min-norm`, dropping ridge's other (equal) parameters. Falls back to the
    /// full spec when shortening would make two names equal or a spec does not parse.
    static func shortLabels(_ specs: [String]) -> [String: String] {
        let parsed = specs.map { try? ComponentSpec(parsing: $0) }
        var labels = [String: String]()
        for (spec, component) in zip(specs, parsed) {
            guard let component else {
                labels[spec] = spec
                continue
            }
            let siblings = parsed.compactMap { $0 }.filter { $0.name == component.name }
            let varying = component.arguments.filter { argument in
                siblings.contains { sibling in
                    !sibling.arguments.contains { $0.key == argument.key && $0.value == argument.value }
                }
            }
            labels[spec] = ComponentSpec(name: component.name, arguments: varying).description
        }
        if Set(labels.values).count < specs.count { return Dictionary(uniqueKeysWithValues: specs.map { ($0, $0) }) }
        return labels
    }

    /// The fill of a cell: white mixed with the sign's colour by `strength` in [0, 1].
    static func fill(difference: Double, strength: Double) -> String {
        let colour = difference < 0 ? better : worse
        let t = 0.12 + 0.78 * min(max(strength, 0), 1)
        func mix(_ channel: Double) -> Int { Int((255 + (channel - 255) * t).rounded()) }
        return "rgb(\(mix(colour.r)),\(mix(colour.g)),\(mix(colour.b)))"
    }

    /// One small matrix: a title, column headers, and per row estimator a label and its cells.
    struct Panel {
        var title: String
        var columns: [String]
        var rows: [(label: String, cells: [Cell])]
    }

    enum Cell {
        case diagonal, missing
        case value(PairedComparison)
    }

    /// The panels of one section. All pairs: one k × k matrix per (risk, n), rows and columns numbered in
    /// order of first appearance. With a baseline: one matrix per risk, a row per other estimator and a
    /// column per n, each cell that estimator − baseline.
    static func panels(_ comparisons: [PairedComparison], baseline: String?) -> [Panel] {
        let estimators = HeadToHead.distinct(comparisons.flatMap { [$0.estimatorA, $0.estimatorB] })
        let labels = shortLabels(estimators)
        let metricsOrder = HeadToHead.metrics(for: .regression) + HeadToHead.metrics(for: .classification)
        let metrics = HeadToHead.distinct(comparisons.map(\.metric.name)).compactMap { name in
            metricsOrder.first { $0.name == name }
        }
        .sorted { (metricsOrder.firstIndex(of: $0) ?? 0) < (metricsOrder.firstIndex(of: $1) ?? 0) }
        let sizes = HeadToHead.distinct(comparisons.map { String($0.n) }).compactMap(Int.init)
        if let baseline {
            let others = estimators.filter { $0 != baseline }
            return metrics.map { metric in
                Panel(
                    title: "\(metric.title) − baseline", columns: sizes.map { "n = \($0)" },
                    rows: others.map { estimator in
                        (
                            labels[estimator]!,
                            sizes.map { n in
                                comparisons.first {
                                    $0.metric == metric && $0.n == n && $0.estimatorA == estimator
                                        && $0.estimatorB == baseline
                                }
                                .map(Cell.value) ?? .missing
                            }
                        )
                    })
            }
        }
        var panels = [Panel]()
        for metric in metrics {
            for n in sizes {
                let part = comparisons.filter { $0.metric == metric && $0.n == n }
                guard !part.isEmpty else { continue }
                panels.append(
                    Panel(
                        title: "\(metric.title), n = \(n)", columns: estimators.indices.map { String($0 + 1) },
                        rows: estimators.enumerated().map { i, row in
                            (
                                "\(i + 1)  \(labels[row]!)",
                                estimators.map { column in
                                    if row == column { return .diagonal }
                                    let found =
                                        part.first { $0.estimatorA == row && $0.estimatorB == column }
                                        ?? part.first { $0.estimatorA == column && $0.estimatorB == row }.map(\.swapped)
                                    return found.map(Cell.value) ?? .missing
                                }
                            )
                        }))
            }
        }
        return panels
    }

    /// The figure for one section's comparisons (same data, target and attack); nil when empty.
    static func render(_ comparisons: [PairedComparison], baseline: String?) -> String? {
        let panels = panels(comparisons, baseline: baseline)
        guard let first = panels.first else { return nil }
        let c = MarkupText.coordinate
        let labelWidth =
            (panels.flatMap { $0.rows.map { MarkupText.estimatedWidth($0.label, fontSize: fontSize) } }.max() ?? 0) + 12
        let columnWidth = max(
            cellWidth,
            (panels.flatMap { $0.columns.map { MarkupText.estimatedWidth($0, fontSize: fontSize) } }.max() ?? 0) + 10)
        let panelWidth = max(
            labelWidth + Double(first.columns.count) * columnWidth,
            panels.map { MarkupText.estimatedWidth($0.title, fontSize: titleFontSize) * 1.1 }.max() ?? 0)
        let panelHeight = titleFontSize + 8 + fontSize + 8 + Double(first.rows.count) * cellHeight
        let fitting = max(1, Int((maxWidth + panelGap) / (panelWidth + panelGap)))
        // All pairs: one line per risk when its sizes fit, so the panels read as a risk × n grid.
        let sizes = HeadToHead.distinct(comparisons.map { String($0.n) }).count
        // With a baseline: lines as even as possible (4 panels with room for 3 make two lines of 2).
        let panelsPerLine =
            baseline == nil && sizes <= fitting
            ? sizes
            : (panels.count + (panels.count + fitting - 1) / fitting - 1) / ((panels.count + fitting - 1) / fitting)
        let lines = (panels.count + panelsPerLine - 1) / panelsPerLine
        let width = Double(min(panels.count, panelsPerLine)) * (panelWidth + panelGap) - panelGap
        let height = Double(lines) * (panelHeight + panelGap) - panelGap + 4

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" "
            + "font-family=\"sans-serif\" font-size=\"\(c(fontSize))\" role=\"img\" style=\"max-width: 100%; height: auto\">\n"
        for (index, panel) in panels.enumerated() {
            let x0 = Double(index % panelsPerLine) * (panelWidth + panelGap)
            let y0 = Double(index / panelsPerLine) * (panelHeight + panelGap)
            let largest =
                panel.rows.flatMap(\.cells).compactMap { cell -> Double? in
                    if case .value(let comparison) = cell { return comparison.meanDifference.map(abs) }
                    return nil
                }.max() ?? 0
            svg +=
                "<text x=\"\(c(x0))\" y=\"\(c(y0 + titleFontSize))\" font-size=\"\(c(titleFontSize))\" font-weight=\"bold\">"
                + MarkupText.escape(panel.title) + "</text>\n"
            let top = y0 + titleFontSize + 8 + fontSize + 8
            for (j, column) in panel.columns.enumerated() {
                svg +=
                    "<text x=\"\(c(x0 + labelWidth + (Double(j) + 0.5) * columnWidth))\" y=\"\(c(top - 6))\" text-anchor=\"middle\" fill=\"#444\">\(MarkupText.escape(column))</text>\n"
            }
            for (i, row) in panel.rows.enumerated() {
                let y = top + Double(i) * cellHeight
                svg +=
                    "<text x=\"\(c(x0))\" y=\"\(c(y + cellHeight / 2 + fontSize / 3))\">\(MarkupText.escape(row.label))</text>\n"
                for (j, cell) in row.cells.enumerated() {
                    let x = x0 + labelWidth + Double(j) * columnWidth
                    let rect =
                        "x=\"\(c(x + 1))\" y=\"\(c(y + 1))\" width=\"\(c(columnWidth - 2))\" height=\"\(c(cellHeight - 2))\""
                    let centre =
                        "x=\"\(c(x + columnWidth / 2))\" y=\"\(c(y + cellHeight / 2 + fontSize / 3))\" text-anchor=\"middle\""
                    switch cell {
                    case .diagonal:
                        svg += "<rect \(rect) fill=\"#eeeeee\"/>\n"
                    case .missing:
                        svg +=
                            "<rect \(rect) fill=\"#ffffff\" stroke=\"#cccccc\"/>\n<text \(centre) fill=\"#999\">n/a</text>\n"
                    case .value(let found):
                        guard let difference = found.meanDifference else {
                            svg +=
                                "<rect \(rect) fill=\"#ffffff\" stroke=\"#cccccc\"/>\n<text \(centre) fill=\"#999\">unpaired</text>\n"
                            continue
                        }
                        let strength = largest > 0 ? abs(difference) / largest : 0
                        let significant = found.intervalExcludesZero
                        let stroke = significant ? "stroke=\"#222\" stroke-width=\"2.5\"" : "stroke=\"#ffffff\""
                        let title =
                            "\(found.estimatorA) − \(found.estimatorB), n = \(found.n): \(NumberText.significant(difference, digits: 4))"
                            + (found.halfWidth.map { " ± " + NumberText.significant($0, digits: 2) } ?? "")
                            + " (wins \(found.winsA):\(found.winsB):\(found.ties))"
                        svg +=
                            "<rect \(rect) fill=\"\(difference == 0 ? "#ffffff" : fill(difference: difference, strength: strength))\" \(stroke)><title>\(MarkupText.escape(title))</title></rect>\n"
                        let textColour = strength > 0.6 ? "#ffffff" : (significant ? "#111" : "#555")
                        svg +=
                            "<text \(centre) fill=\"\(textColour)\"\(significant ? " font-weight=\"bold\"" : "")>"
                            + MarkupText.escape(NumberText.significant(difference, digits: 2)) + "</text>\n"
                    }
                }
            }
        }
        return svg + "</svg>\n"
    }
}
