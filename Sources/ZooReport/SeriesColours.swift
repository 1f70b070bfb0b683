// MARK: - One colour, one meaning

/// The colours of a report's series, by key: the first key seen gets the first colour of
/// `SVGPlot.palette`, the next key the next one, and a key keeps its colour in every figure it appears
/// in (`ReportFigures.automatic` shares one instance across the report). Keys are what the legend says
/// a colour is: an estimator (`ridge(lambda=0.01)`, or `ridge` where λ is on the x axis).
///
/// The palette has 8 colours; a report with more keys repeats them, in which case figures with more
/// than `ReportFigures.maximumSeries` series are not drawn at all.
public final class SeriesColours: @unchecked Sendable {
    private var keys: [String] = []

    public init() {}

    /// The colour of `key`, assigning the next free one to a new key.
    public func color(_ key: String) -> String {
        if let index = keys.firstIndex(of: key) { return SVGPlot.color(index) }
        keys.append(key)
        return SVGPlot.color(keys.count - 1)
    }
}
