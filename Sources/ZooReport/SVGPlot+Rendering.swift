// MARK: - Rendering

extension SVGPlot {
    /// Layout constants in pixels.
    enum Layout {
        static let marginLeft = 72.0, marginRight = 16.0, marginTop = 34.0, marginBottom = 48.0
        static let fontSize = 11.0, titleFontSize = 13.0, pointLabelFontSize = 10.0
        static let legendSampleLength = 26.0, legendRowHeight = 17.0, legendGap = 14.0
        static let maximumLegendCharacters = 32
        static let markerRadius = 3.5, capHalfWidth = 4.0, minorTickLength = 3.0, majorTickLength = 5.0
        static let bandOpacity = "0.15"
        /// Exact and theory lines are drawn at `lineWidth`; test-sample connectors thinner and lighter.
        static let lineWidth = 1.8, connectorWidth = 1.4
        static let connectorOpacity = "0.7"
        static let swatchLength = 14.0, swatchHeight = 6.0
        /// The axis padding (fraction of the range on each side) of a plot with point labels.
        static let labelledPadding = 0.12
        /// How far (as a factor) an interval end may lie from its mean and still widen a log axis.
        static let logIntervalReach = 10.0
    }

    /// The plot as one `<svg>` element (with the SVG namespace, so it also works as a standalone file).
    public func render() -> String {
        let entries = legendEntries
        let legendLabels = entries.map { MarkupText.truncated($0.label, limit: Layout.maximumLegendCharacters) }
        let longestLabel = legendLabels.map { MarkupText.estimatedWidth($0, fontSize: Layout.fontSize) }.max() ?? 0
        let legendWidth = entries.isEmpty ? 0 : Layout.legendGap + Layout.legendSampleLength + 6 + longestLabel
        let left = Layout.marginLeft
        let top = Layout.marginTop
        let right = max(left + 80, width - Layout.marginRight - legendWidth)
        let bottom = max(top + 60, height - Layout.marginBottom)
        // A long legend makes the picture taller rather than running off its bottom.
        let totalHeight = max(height, top + 12 + Double(entries.count) * Layout.legendRowHeight)

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(totalHeight))\" "
            + "viewBox=\"0 0 \(c(width)) \(c(totalHeight))\" font-family=\"sans-serif\" font-size=\"\(c(Layout.fontSize))\" "
            + "role=\"img\">\n"
        svg += "<title>\(MarkupText.escape(title))</title>\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg +=
            "<text x=\"\(c((left + right) / 2))\" y=\"\(c(top - 14))\" text-anchor=\"middle\" "
            + "font-size=\"\(c(Layout.titleFontSize))\" font-weight=\"bold\">\(MarkupText.escape(title))</text>\n"

        let allX = series.flatMap { $0.points.map(\.x) }
        // On a log axis an interval end more than `logIntervalReach` times away from its mean (or ≤ 0)
        // does not widen the axis: its bar is cut at the frame and ends in an arrow there.
        let allY = series.flatMap {
            $0.points.flatMap { point -> [Double] in
                let ends = [point.lower, point.upper].compactMap { $0 }
                guard yScale == .logarithmic, point.y > 0 else { return [point.y] + ends }
                return [point.y] + ends.filter { $0 > 0 && max($0 / point.y, point.y / $0) <= Layout.logIntervalReach }
            }
        }
        // Labelled points get room for their labels between the outermost points and the frame.
        let padding =
            series.contains { $0.points.contains { $0.label != nil } }
            ? Layout.labelledPadding : PlotAxis.paddingFraction
        if let xAxis = PlotAxis(values: allX, scale: xScale, pixelLower: left, pixelUpper: right, padding: padding),
            let yAxis = PlotAxis(values: allY, scale: yScale, pixelLower: bottom, pixelUpper: top, padding: padding)
        {
            svg += renderAxes(xAxis, yAxis, left: left, right: right, top: top, bottom: bottom)
            let clip = MarkupText.escape(identifier) + "-clip"
            svg +=
                "<clipPath id=\"\(clip)\"><rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(right - left))\" "
                + "height=\"\(c(bottom - top))\"/></clipPath>\n<g clip-path=\"url(#\(clip))\">\n"
            // Series with intervals are shifted apart by `dodge` pixels each, so bars at one x stay legible.
            let withIntervals = series.indices.filter { index in series[index].points.contains { $0.lower != nil } }
            for (index, item) in series.enumerated() {
                let rank =
                    withIntervals.firstIndex(of: index).map { Double($0) - Double(withIntervals.count - 1) / 2 } ?? 0
                svg += renderSeries(item, xAxis, yAxis, shift: rank * dodge)
            }
            svg += "</g>\n"
            svg += renderPointLabels(xAxis, yAxis, left: left, right: right, top: top, bottom: bottom)
        } else {
            svg +=
                "<text x=\"\(c((left + right) / 2))\" y=\"\(c((top + bottom) / 2))\" text-anchor=\"middle\" "
                + "fill=\"#666\">no data to show</text>\n"
        }
        svg +=
            "<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(right - left))\" height=\"\(c(bottom - top))\" "
            + "fill=\"none\" stroke=\"#333\"/>\n"
        svg += renderLegend(entries, labels: legendLabels, x: right + Layout.legendGap, y: top)
        return svg + "</svg>\n"
    }

    // MARK: Axes

    private func renderAxes(
        _ xAxis: PlotAxis, _ yAxis: PlotAxis, left: Double, right: Double,
        top: Double, bottom: Double
    ) -> String {
        var svg = "<g class=\"axes\" stroke=\"#333\">\n"
        var labels = "<g class=\"tick-labels\" fill=\"#333\">\n"
        let xTickList =
            xTicks.map { values in
                values.filter { $0 >= xAxis.lower && $0 <= xAxis.upper }.map {
                    PlotAxis.Tick(value: $0, label: NumberText.compact($0), isMajor: true)
                }
            } ?? xAxis.ticks()
        for tick in xTickList {
            guard let x = xAxis.pixel(tick.value) else { continue }
            if tick.isMajor {
                svg += line(x, top, x, bottom, extra: "stroke=\"#e4e4e4\"")
            }
            let length = tick.isMajor ? Layout.majorTickLength : Layout.minorTickLength
            svg += line(x, bottom, x, bottom + length)
            if !tick.label.isEmpty {
                labels +=
                    "<text x=\"\(c(x))\" y=\"\(c(bottom + 8 + Layout.fontSize))\" text-anchor=\"middle\">"
                    + "\(MarkupText.escape(tick.label))</text>\n"
            }
        }
        for tick in yAxis.ticks() {
            guard let y = yAxis.pixel(tick.value) else { continue }
            if tick.isMajor {
                svg += line(left, y, right, y, extra: "stroke=\"#e4e4e4\"")
            }
            let length = tick.isMajor ? Layout.majorTickLength : Layout.minorTickLength
            svg += line(left - length, y, left, y)
            if !tick.label.isEmpty {
                labels +=
                    "<text x=\"\(c(left - 8))\" y=\"\(c(y + Layout.fontSize / 3))\" text-anchor=\"end\">"
                    + "\(MarkupText.escape(tick.label))</text>\n"
            }
        }
        svg += "</g>\n" + labels + "</g>\n"
        svg +=
            "<text x=\"\(c((left + right) / 2))\" y=\"\(c(bottom + 38))\" text-anchor=\"middle\">"
            + "\(MarkupText.escape(xLabel))</text>\n"
        let yLabelX = 16.0
        let yLabelY = (top + bottom) / 2
        svg +=
            "<text x=\"\(c(yLabelX))\" y=\"\(c(yLabelY))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 \(c(yLabelX)) \(c(yLabelY)))\">\(MarkupText.escape(yLabel))</text>\n"
        return svg
    }

    // MARK: Series

    private func renderSeries(_ item: Series, _ xAxis: PlotAxis, _ yAxis: PlotAxis, shift: Double) -> String {
        let xAxis = xAxis.shifted(by: shift)
        let color = MarkupText.escape(item.color)
        var svg = "<g class=\"series\">\n"
        if let label = item.label { svg += "<title>\(MarkupText.escape(label))</title>\n" }
        // Intervals first, so lines and markers stay on top.
        // An interval end outside the axis (≤ 0 or beyond the range of a log axis) is cut at the frame
        // and drawn as an arrow pointing on, never as a cap that would claim an end there.
        let intervals = item.points.compactMap {
            point -> (x: Double, low: Double, high: Double, lowCut: Bool, highCut: Bool)? in
            guard let lower = point.lower, let upper = point.upper, let x = xAxis.pixel(point.x) else { return nil }
            let low = yAxis.clampedPixel(lower)
            let high = yAxis.clampedPixel(upper)
            return (
                x, low, high, yAxis.pixel(lower).map { abs($0 - low) > 0.01 } ?? true,
                yAxis.pixel(upper).map { abs($0 - high) > 0.01 } ?? true
            )
        }
        switch item.interval {
        case .errorBars:
            let stroke = "stroke=\"\(color)\""
            for bar in intervals {
                svg += line(bar.x, bar.low, bar.x, bar.high, extra: stroke)
                for (y, cut, direction) in [(bar.low, bar.lowCut, 1.0), (bar.high, bar.highCut, -1.0)] {
                    if cut {
                        svg +=
                            "<polyline points=\"\(c(bar.x - Layout.capHalfWidth)),\(c(y - direction * Layout.capHalfWidth)) \(c(bar.x)),\(c(y)) "
                            + "\(c(bar.x + Layout.capHalfWidth)),\(c(y - direction * Layout.capHalfWidth))\" fill=\"none\" \(stroke)/>\n"
                    } else {
                        svg += line(bar.x - Layout.capHalfWidth, y, bar.x + Layout.capHalfWidth, y, extra: stroke)
                    }
                }
            }
        case .band where intervals.count >= 2:
            let outline =
                intervals.map { "\(c($0.x)),\(c($0.high))" } + intervals.reversed().map { "\(c($0.x)),\(c($0.low))" }
            svg +=
                "<polygon points=\"\(outline.joined(separator: " "))\" fill=\"\(color)\" "
                + "fill-opacity=\"\(Layout.bandOpacity)\" stroke=\"none\"/>\n"
        case .band:
            break
        }
        // Lines: one polyline per run of points that can be shown.
        if item.line != .none {
            var runs: [[String]] = [[]]
            for point in item.points {
                if let x = xAxis.pixel(point.x), let y = yAxis.pixel(point.y) {
                    runs[runs.count - 1].append("\(c(x)),\(c(y))")
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            for run in runs where run.count >= 2 {
                svg +=
                    "<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\""
                    + "\(strokeAttributes(item.line))/>\n"
            }
        }
        for point in item.points {
            guard let x = xAxis.pixel(point.x), let y = yAxis.pixel(point.y) else { continue }
            svg += marker(item.marker, x: x, y: y, color: color)
        }
        return svg + "</g>\n"
    }

    // MARK: Point labels

    /// Labels of points (`Point.label`), each at the first of eight places around its point that stays
    /// inside the plot area and overlaps no label placed before it and no marker; a label with no free
    /// place is left out (its point keeps a `<title>` tooltip).
    private func renderPointLabels(
        _ xAxis: PlotAxis, _ yAxis: PlotAxis, left: Double, right: Double,
        top: Double, bottom: Double
    ) -> String {
        struct Box {
            var x0, y0, x1, y1: Double
            func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
        }
        let fontSize = Layout.pointLabelFontSize
        let r = Layout.markerRadius + 1
        var markers: [Box] = []
        var labelled: [(x: Double, y: Double, text: String, color: String)] = []
        for item in series {
            for point in item.points {
                guard let x = xAxis.pixel(point.x), let y = yAxis.pixel(point.y) else { continue }
                markers.append(Box(x0: x - r, y0: y - r, x1: x + r, y1: y + r))
                if let text = point.label { labelled.append((x, y, text, item.color)) }
            }
        }
        guard !labelled.isEmpty else { return "" }
        var placed: [Box] = []
        var svg = "<g class=\"point-labels\" font-size=\"\(c(fontSize))\">\n"
        for item in labelled {
            let width = MarkupText.estimatedWidth(item.text, fontSize: fontSize)
            let height = fontSize
            let gap = 7.0  // clear of the point's own marker (radius + 1) and the 1 px box margin
            // Right, left, above, below, then the diagonals.
            let candidates: [(Double, Double)] = [
                (item.x + gap, item.y - height / 2), (item.x - gap - width, item.y - height / 2),
                (item.x - width / 2, item.y - gap - height), (item.x - width / 2, item.y + gap),
                (item.x + gap, item.y - gap - height), (item.x - gap - width, item.y + gap),
                (item.x + gap, item.y + gap), (item.x - gap - width, item.y - gap - height),
            ]
            for (x0, y0) in candidates {
                let box = Box(x0: x0 - 1, y0: y0 - 1, x1: x0 + width + 1, y1: y0 + height + 1)
                guard box.x0 >= left, box.x1 <= right, box.y0 >= top, box.y1 <= bottom,
                    !placed.contains(where: box.overlaps), !markers.contains(where: box.overlaps)
                else { continue }
                placed.append(box)
                svg +=
                    "<text x=\"\(c(x0))\" y=\"\(c(y0 + height * 0.85))\" fill=\"\(MarkupText.escape(item.color))\">"
                    + MarkupText.escape(item.text) + "</text>\n"
                break
            }
        }
        return svg + "</g>\n"
    }

    // MARK: Legend

    private func renderLegend(_ entries: [LegendEntry], labels: [String], x: Double, y: Double) -> String {
        guard !entries.isEmpty else { return "" }
        var svg = "<g class=\"legend\">\n"
        for (index, entry) in entries.enumerated() {
            let rowY = y + 6 + Double(index) * Layout.legendRowHeight
            let color = MarkupText.escape(entry.color)
            if entry.line != .none {
                svg +=
                    "<line x1=\"\(c(x))\" y1=\"\(c(rowY))\" x2=\"\(c(x + Layout.legendSampleLength))\" y2=\"\(c(rowY))\" "
                    + "stroke=\"\(color)\"\(strokeAttributes(entry.line))/>\n"
            }
            svg += marker(entry.marker, x: x + Layout.legendSampleLength / 2, y: rowY, color: color)
            svg += "<text x=\"\(c(x + Layout.legendSampleLength + 6))\" y=\"\(c(rowY + Layout.fontSize / 3))\">"
            if labels[index] != entry.label { svg += "<title>\(MarkupText.escape(entry.label))</title>" }
            svg += MarkupText.escape(labels[index]) + "</text>\n"
        }
        return svg + "</g>\n"
    }

    // MARK: Primitives

    private func c(_ value: Double) -> String { MarkupText.coordinate(value) }

    private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, extra: String = "") -> String {
        "<line x1=\"\(c(x1))\" y1=\"\(c(y1))\" x2=\"\(c(x2))\" y2=\"\(c(y2))\"" + (extra.isEmpty ? "" : " " + extra)
            + "/>\n"
    }

    /// Width, dash pattern and opacity of a line style (each attribute with a leading space).
    func strokeAttributes(_ style: LineStyle) -> String {
        let full = " stroke-width=\"\(c(Layout.lineWidth))\""
        switch style {
        case .solid, .none: return full
        case .dashed: return full + " stroke-dasharray=\"7 4\""
        case .dotted: return full + " stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\""
        case .dashDot: return full + " stroke-dasharray=\"9 3 2 3\""
        case .dashDotDot: return full + " stroke-dasharray=\"9 3 2 3 2 3\""
        case .longDashed: return full + " stroke-dasharray=\"14 5\" stroke-opacity=\"0.85\""
        case .connector:
            return
                " stroke-width=\"\(c(Layout.connectorWidth))\" stroke-dasharray=\"0.1 3.2\" stroke-linecap=\"round\" "
                + "stroke-opacity=\"\(Layout.connectorOpacity)\""
        }
    }

    func marker(_ kind: Marker, x: Double, y: Double, color: String) -> String {
        let r = Layout.markerRadius
        switch kind {
        case .none:
            return ""
        case .circle:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(r))\" fill=\"\(color)\"/>\n"
        case .openCircle:
            return
                "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(r))\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
        case .square:
            return
                "<rect x=\"\(c(x - r))\" y=\"\(c(y - r))\" width=\"\(c(2 * r))\" height=\"\(c(2 * r))\" fill=\"\(color)\"/>\n"
        case .diamond:
            let d = r * 1.3
            return
                "<polygon points=\"\(c(x)),\(c(y - d)) \(c(x + d)),\(c(y)) \(c(x)),\(c(y + d)) \(c(x - d)),\(c(y))\" fill=\"\(color)\"/>\n"
        case .triangle:
            let d = r * 1.2
            return
                "<polygon points=\"\(c(x)),\(c(y - d)) \(c(x + d)),\(c(y + d)) \(c(x - d)),\(c(y + d))\" fill=\"\(color)\"/>\n"
        case .swatch:
            let w = Layout.swatchLength
            let h = Layout.swatchHeight
            return
                "<rect class=\"swatch\" x=\"\(c(x - w / 2))\" y=\"\(c(y - h / 2))\" width=\"\(c(w))\" height=\"\(c(h))\" "
                + "rx=\"1\" fill=\"\(color)\"/>\n"
        }
    }
}
