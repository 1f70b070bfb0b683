import ZooCore

// MARK: - Report colours

/// The colours of a report's figures (`--palette`). Figures are drawn with `SVGPlot.palette` (the
/// Okabe–Ito colours); a report in another palette maps the i-th colour of that palette to the i-th of
/// its own, so every colour keeps its meaning (one estimator, the same in every figure of the report).
public enum ReportPalette: String, Sendable, CaseIterable {
    /// Okabe & Ito's colour-blind-safe colours without yellow (the default).
    case okabeIto = "okabe-ito"
    /// Paul Tol's "bright" scheme, also colour-blind safe.
    case tolBright = "tol-bright"
    /// Greys from black, for black-and-white print (markers and line styles still tell metrics apart).
    case grey

    public var colors: [String] {
        switch self {
        case .okabeIto: return SVGPlot.palette
        case .tolBright:
            return ["#4477AA", "#EE6677", "#228833", "#AA3377", "#CCBB44", "#66CCEE", "#000000", "#BBBBBB"]
        case .grey: return ["#000000", "#666666", "#999999", "#333333", "#BBBBBB", "#4D4D4D", "#808080", "#1A1A1A"]
        }
    }

    /// `color` in this palette: a colour of `SVGPlot.palette` becomes this palette's colour at its index;
    /// any other colour (the grey of the line-style key) is kept.
    public func mapped(_ color: String) -> String {
        guard self != .okabeIto, let index = SVGPlot.palette.firstIndex(of: color) else { return color }
        return colors[index % colors.count]
    }

    /// Parses a `--palette` value, with a "did you mean" hint on a misspelling.
    public init(parsing text: String) throws(ZooError) {
        guard let palette = ReportPalette(rawValue: text.lowercased()) else {
            throw .usage(
                "unknown palette '\(text)'" + Suggestions.hint(for: text, among: Self.allCases.map(\.rawValue)))
        }
        self = palette
    }
}

extension SVGPlot {
    /// The plot with every series and legend colour mapped to `palette`.
    public func recolored(_ palette: ReportPalette) -> SVGPlot {
        guard palette != .okabeIto else { return self }
        var copy = self
        copy.series = series.map {
            var item = $0
            item.color = palette.mapped(item.color)
            return item
        }
        copy.legend = legend?.map {
            var entry = $0
            entry.color = palette.mapped(entry.color)
            return entry
        }
        return copy
    }
}
