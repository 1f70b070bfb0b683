// MARK: - SVG line plots

/// A self-contained SVG line plot: axes (linear or log), ticks and grid, polylines with markers, optional
/// 95% intervals as error bars or a band, and a legend. No scripts, no external fonts.
///
/// The plot is a value: fill in series and call `render()`. Any x can be used (sample size n, a
/// regularisation λ, a radius), so risk-versus-n and risk-versus-parameter plots share this type.
///
///     var plot = SVGPlot(title: "adversarial risk", xLabel: "n", yLabel: "risk")
///     plot.series.append(.init(label: "ridge", color: SVGPlot.palette[0],
///                              points: [.init(x: 100, y: 0.5), .init(x: 1000, y: 0.2)]))
///     let svg = plot.render()
///
/// Points that cannot be shown (non-finite, or ≤ 0 on a log axis) are skipped and break the line there.
public struct SVGPlot: Sendable {
    /// Axis scale.
    public enum Scale: Sendable { case linear, logarithmic }
    /// How a series' points are joined. `connector` is a thin, light dotted line: it joins the markers
    /// of test-sample (Monte-Carlo) estimates and must not read as an exact curve; the other styles are
    /// drawn at full weight. `longDashed` marks a theoretical bound (not a prediction).
    public enum LineStyle: String, Sendable {
        case solid, dashed, dotted, dashDot, dashDotDot, longDashed, connector, none
    }
    /// The symbol drawn at each point. `swatch` is a legend-only colour sample (a short thick bar) that
    /// names a series' colour without suggesting a line style.
    public enum Marker: String, Sendable { case none, circle, openCircle, square, diamond, triangle, swatch }
    /// How intervals (`Point.lower`/`upper`) are drawn.
    public enum IntervalStyle: Sendable { case errorBars, band }

    /// One data point, with an optional interval [lower, upper] around y.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var lower: Double?
        public var upper: Double?
        /// Text written beside the point (e.g. `λ = 0.01` on a trade-off curve); placed where it covers
        /// no other label, or left out when there is no such place.
        public var label: String?
        public init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil, label: String? = nil) {
            self.x = x
            self.y = y
            self.lower = lower
            self.upper = upper
            self.label = label
        }
    }

    /// One line of the plot. A nil label keeps it out of the automatic legend.
    public struct Series: Sendable {
        public var label: String?
        /// Any SVG colour (`#0072B2`).
        public var color: String
        public var line: LineStyle
        public var marker: Marker
        public var interval: IntervalStyle
        public var points: [Point]
        public init(
            label: String?, color: String, line: LineStyle = .solid, marker: Marker = .circle,
            interval: IntervalStyle = .errorBars, points: [Point]
        ) {
            self.label = label
            self.color = color
            self.line = line
            self.marker = marker
            self.interval = interval
            self.points = points
        }
    }

    /// One legend line: a short line sample in the given style, a marker and a label.
    public struct LegendEntry: Sendable {
        public var label: String
        public var color: String
        public var line: LineStyle
        public var marker: Marker
        public init(label: String, color: String, line: LineStyle = .solid, marker: Marker = .none) {
            self.label = label
            self.color = color
            self.line = line
            self.marker = marker
        }
    }

    // MARK: Properties

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    public var yScale: Scale
    /// Overall size in pixels, legend included.
    public var width: Double
    public var height: Double
    public var series: [Series] = []
    /// Explicit legend entries; nil lists every labelled series.
    public var legend: [LegendEntry]? = nil
    /// Horizontal offset in pixels between successive series that have intervals (0: none), so error
    /// bars at the same x do not hide each other; `RiskPlots` sets 4.
    public var dodge: Double = 0
    /// Explicit x ticks, all labelled (e.g. the sample sizes of a sweep); nil: automatic ticks.
    public var xTicks: [Double]? = nil
    /// Prefix of the element ids inside the SVG (its clip path); make it unique per document when
    /// several plots share one HTML page.
    public var identifier: String

    public init(
        title: String, xLabel: String, yLabel: String, xScale: Scale = .logarithmic,
        yScale: Scale = .logarithmic, width: Double = 760, height: Double = 440, identifier: String = "plot"
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
        self.identifier = identifier
    }

    /// Colour-blind-safe series colours (the Okabe–Ito palette without its yellow), used in order.
    public static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999",
    ]

    /// The colour for the i-th series (the palette repeats).
    public static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// The entries the legend shows.
    public var legendEntries: [LegendEntry] {
        legend
            ?? series.compactMap { series in
                series.label.map {
                    LegendEntry(label: $0, color: series.color, line: series.line, marker: series.marker)
                }
            }
    }
}
