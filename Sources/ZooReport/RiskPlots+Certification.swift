import ZooCore
import ZooHarness

// MARK: - The band between the attack and the certified bound

extension RiskPlots {
    /// The style of a certified upper bound: a dotted line without markers, with a shaded band down to
    /// the attack's estimate (the true value lies in the band).
    static let certifiedStyle: (line: SVGPlot.LineStyle, marker: SVGPlot.Marker, label: String) =
        (.dotted, .none, "certified upper bound")

    /// The certified column of an attack's metric (`adversarial_risk_upper` for `adversarial_risk`,
    /// `robust_error_upper` for `robust_error`), nil for other metrics.
    static func certifiedCompanion(of metric: ResultMetric) -> ResultMetric? {
        guard metric.estimate == .sample, let family = metric.family else { return nil }
        return ResultMetric.members(of: family, .upperBound).first
    }

    /// For an attack's metric whose rows carry a certified bound (`--certify`): the series of the mean
    /// bound against x with, as its interval, the band from the attack's mean to the bound's mean;
    /// nil when no row has the bound. Points keep the order of `byX`.
    static func certifiedBand(
        _ byX: [(key: Double, value: [ResultRow])], metric: ResultMetric, label: String,
        color: String
    ) -> SVGPlot.Series? {
        guard let upper = certifiedCompanion(of: metric) else { return nil }
        let points = byX.compactMap { xValue, group -> SVGPlot.Point? in
            guard let bound = MeanInterval(group.compactMap { upper.value(in: $0) }),
                let found = MeanInterval(group.compactMap { metric.value(in: $0) })
            else { return nil }
            return SVGPlot.Point(x: xValue, y: bound.mean, lower: found.mean, upper: bound.mean)
        }
        guard !points.isEmpty else { return nil }
        return SVGPlot.Series(
            label: label + " — " + certifiedStyle.label, color: color, line: certifiedStyle.line,
            marker: certifiedStyle.marker, interval: .band, points: points)
    }
}
