import ZooCore
import ZooHarness

// MARK: - The head-to-head matrix figure

/// An SVG of small matrices, one per (risk, n), for one (data, target, attack): row estimator i against
/// column estimator j, the cell showing the mean paired difference row − column.
///
/// - Colour by sign: blue where the row estimator is better (difference < 0), vermillion where it is
///   worse (Okabe–Ito, distinguishable with the common colour-vision deficiencies); the shade grows with
///   |difference| relative to the largest in its matrix.
/// - A cell whose interval excludes 0 has a thick dark border and bold text; otherwise its text is grey.
/// - All pairs: both halves are shown (the lower one is the upper one negated). With a baseline the
///   matrix has one column, the baseline.
/// - Rows are labelled with a number and a short name (`shortLabels`), columns with the number.
enum HeadToHeadMatrix {
    static let cellWidth = 70.0, cellHeight = 30.0, fontSize = 12.0, titleFontSize = 13.0
    static let panelGap = 28.0, maxWidth = 1000.0
    static let better = (r: 0.0, g: 114.0, b: 178.0), worse = (r: 213.0, g: 94.0, b: 0.0)

    /// The names of estimators without the parameters they all share: `ridge(lambda=0.01)` beside
    /// `ridge(lambda=0.1)` and `min-norm`, dropping ridge's other (equal) parameters. Falls back to the
    /// full spec when shortening would make two names equal or a spec does not parse.
    static func shortLabels(_ specs: [String]) -> [String: String] {
        let parsed = specs.map { try? ComponentSpec(parsing: $0) }
        var labels = [String: String]()
        for (spec, component) in zip(specs, parsed) {
            guard let component else { labels[spec] = spec; continue }
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

    /// The figure for one section's comparisons (same data, target and attack); nil when empty.
    static func render(_ comparisons: [PairedComparison], baseline: String?) -> String? {
        guard !comparisons.isEmpty else { return nil }
        let c = MarkupText.coordinate
        let estimators = HeadToHead.distinct(comparisons.flatMap { [$0.estimatorA, $0.estimatorB] })
        let rowEstimators = baseline.map { b in estimators.filter { $0 != b } } ?? estimators
        let columnEstimators = baseline.map { [$0] } ?? estimators
        let labels = shortLabels(estimators)
        let number = Dictionary(uniqueKeysWithValues: estimators.enumerated().map { ($0.element, $0.offset + 1) })
        let rowLabels = rowEstimators.map { "\(number[$0]!)  \(labels[$0]!)" }
        let labelWidth = (rowLabels.map { MarkupText.estimatedWidth($0, fontSize: fontSize) }.max() ?? 0) + 10
        let panelWidth = labelWidth + Double(columnEstimators.count) * cellWidth
        let panelHeight = titleFontSize + 8 + fontSize + 8 + Double(rowEstimators.count) * cellHeight
        let fitting = max(1, Int((maxWidth + panelGap) / (panelWidth + panelGap)))
        let sizes = HeadToHead.distinct(comparisons.map { String($0.n) }).count
        // One line per risk when its sizes fit, so the panels read as a risk × n grid.
        let panelsPerLine = sizes <= fitting ? sizes : fitting

        // One panel per (risk, n): risks in order, n in order of appearance.
        var keys = [(ResultMetric, Int)]()
        for comparison in comparisons where !keys.contains(where: { $0.0 == comparison.metric && $0.1 == comparison.n }) {
            keys.append((comparison.metric, comparison.n))
        }
        let metricsOrder = HeadToHead.metrics(for: .regression) + HeadToHead.metrics(for: .classification)
        keys = keys.enumerated().sorted { left, right in
            (metricsOrder.firstIndex(of: left.element.0) ?? 0, left.offset) < (metricsOrder.firstIndex(of: right.element.0) ?? 0, right.offset)
        }.map(\.element)
        let lines = (keys.count + panelsPerLine - 1) / panelsPerLine
        let width = Double(min(keys.count, panelsPerLine)) * (panelWidth + panelGap) - panelGap
        let height = Double(lines) * (panelHeight + panelGap) - panelGap + 4

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" "
            + "font-family=\"sans-serif\" font-size=\"\(c(fontSize))\" role=\"img\" style=\"max-width: 100%; height: auto\">\n"
        for (index, key) in keys.enumerated() {
            let x0 = Double(index % panelsPerLine) * (panelWidth + panelGap)
            let y0 = Double(index / panelsPerLine) * (panelHeight + panelGap)
            let panel = comparisons.filter { $0.metric == key.0 && $0.n == key.1 }
            let largest = panel.compactMap { $0.meanDifference.map(abs) }.max() ?? 0
            svg += "<text x=\"\(c(x0))\" y=\"\(c(y0 + titleFontSize))\" font-size=\"\(c(titleFontSize))\" font-weight=\"bold\">"
                + MarkupText.escape("\(key.0.title), n = \(key.1)") + "</text>\n"
            let top = y0 + titleFontSize + 8 + fontSize + 8
            for (j, column) in columnEstimators.enumerated() {
                let text = baseline == nil ? String(number[column]!) : "vs \(number[column]!)"
                svg += "<text x=\"\(c(x0 + labelWidth + (Double(j) + 0.5) * cellWidth))\" y=\"\(c(top - 6))\" text-anchor=\"middle\" fill=\"#444\">\(text)</text>\n"
            }
            for (i, row) in rowEstimators.enumerated() {
                let y = top + Double(i) * cellHeight
                svg += "<text x=\"\(c(x0))\" y=\"\(c(y + cellHeight / 2 + fontSize / 3))\">\(MarkupText.escape(rowLabels[i]))</text>\n"
                for (j, column) in columnEstimators.enumerated() {
                    let x = x0 + labelWidth + Double(j) * cellWidth
                    let rect = "x=\"\(c(x + 1))\" y=\"\(c(y + 1))\" width=\"\(c(cellWidth - 2))\" height=\"\(c(cellHeight - 2))\""
                    let centre = "x=\"\(c(x + cellWidth / 2))\" y=\"\(c(y + cellHeight / 2 + fontSize / 3))\" text-anchor=\"middle\""
                    guard row != column else {
                        svg += "<rect \(rect) fill=\"#eeeeee\"/>\n"
                        continue
                    }
                    let found = panel.first { $0.estimatorA == row && $0.estimatorB == column }
                        ?? panel.first { $0.estimatorA == column && $0.estimatorB == row }.map(\.swapped)
                    guard let found, let difference = found.meanDifference else {
                        svg += "<rect \(rect) fill=\"#ffffff\" stroke=\"#cccccc\"/>\n<text \(centre) fill=\"#999\">n/a</text>\n"
                        continue
                    }
                    let strength = largest > 0 ? abs(difference) / largest : 0
                    let significant = found.intervalExcludesZero
                    let stroke = significant ? "stroke=\"#222\" stroke-width=\"2.5\"" : "stroke=\"#ffffff\""
                    let title = "\(row) − \(column): \(NumberText.significant(difference, digits: 4))"
                        + (found.halfWidth.map { " ± " + NumberText.significant($0, digits: 2) } ?? "")
                        + " (\(found.winsA):\(found.winsB):\(found.ties) wins)"
                    svg += "<rect \(rect) fill=\"\(difference == 0 ? "#ffffff" : fill(difference: difference, strength: strength))\" \(stroke)><title>\(MarkupText.escape(title))</title></rect>\n"
                    let textColour = strength > 0.6 ? "#ffffff" : (significant ? "#111" : "#555")
                    svg += "<text \(centre) fill=\"\(textColour)\"\(significant ? " font-weight=\"bold\"" : "")>"
                        + MarkupText.escape(NumberText.significant(difference, digits: 2)) + "</text>\n"
                }
            }
        }
        return svg + "</svg>\n"
    }
}
