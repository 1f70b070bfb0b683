// MARK: - A figure in the report

extension ReportFigure {
    /// The figure as HTML: heading, the plot (or its panels side by side with one legend below), caption;
    /// colours in `palette`.
    public func render(palette: ReportPalette = .okabeIto) -> String {
        var html = "<figure>\n<h3>\(MarkupText.breakingBetweenWords(heading))</h3>\n"
        if panels.isEmpty {
            html += plot.recolored(palette).render()
        } else {
            html += "<div class=\"panels\">\n" + panels.map { $0.recolored(palette).render() }.joined() + "</div>\n"
            if !legend.isEmpty {
                html += "<ul class=\"legend\">\n"
                for entry in legend {
                    var entry = entry
                    entry.color = palette.mapped(entry.color)
                    html += "<li>" + SVGPlot.legendSample(entry) + MarkupText.escape(entry.label) + "</li>\n"
                }
                html += "</ul>\n"
            }
        }
        if let caption { html += "<figcaption>\(MarkupText.breakingBetweenWords(caption))</figcaption>\n" }
        return html + "</figure>\n"
    }
}

extension SVGPlot {
    /// A legend entry's sample (line style and marker) as a small standalone SVG, for HTML legends.
    public static func legendSample(_ entry: LegendEntry) -> String {
        let plot = SVGPlot(title: "", xLabel: "", yLabel: "")
        let color = MarkupText.escape(entry.color)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"34\" height=\"14\" viewBox=\"0 0 34 14\" aria-hidden=\"true\">"
        if entry.line != .none {
            svg +=
                "<line x1=\"2\" y1=\"7\" x2=\"32\" y2=\"7\" stroke=\"\(color)\"\(plot.strokeAttributes(entry.line))/>"
        }
        svg += plot.marker(entry.marker, x: 17, y: 7, color: color).replacingOccurrences(of: "\n", with: "")
        return svg + "</svg>"
    }
}
