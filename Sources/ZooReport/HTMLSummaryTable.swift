import ZooHarness
// MARK: - Summary table in HTML

/// The report's summary table for one (data, target): per (estimator, attack, n) the mean ± 95% CI over
/// seeds of each metric present, numbers formatted as in `TableFormatter`.
enum HTMLSummaryTable {
    static func render(_ summary: ResultSummary) -> String {
        var html = "<p class=\"context\"><strong>data</strong> \(MarkupText.escape(summary.data)) · "
            + "<strong>target</strong> \(MarkupText.escape(summary.target))</p>\n"
        let metrics = summary.presentMetrics
        html += "<table>\n<thead><tr><th class=\"spec\">estimator</th><th class=\"spec\">attack</th><th>n</th><th>seeds</th>"
        for metric in metrics { html += "<th>\(MarkupText.escape(metric.title))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        var previous: (estimator: String, attack: String)? = nil
        for group in summary.groups {
            // Repeated specs are left blank, so each block of rows reads as one estimator × attack pair.
            let repeated = previous.map { $0.estimator == group.estimator && $0.attack == group.attack } ?? false
            previous = (group.estimator, group.attack)
            html += "<tr><td class=\"spec\">\(repeated ? "" : MarkupText.escape(group.estimator))</td>"
                + "<td class=\"spec\">\(repeated ? "" : MarkupText.escape(group.attack))</td>"
                + "<td class=\"number\">\(group.n)</td><td class=\"number\">\(group.seedCount)</td>"
            for metric in metrics { html += "<td class=\"number\">\(cell(group.statistics(metric), metric: metric))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if let note = summary.columnNote { html += "<p class=\"context\">\(MarkupText.escape(note))</p>\n" }
        return html
    }

    private static func cell(_ statistics: MeanInterval?, metric: ResultMetric) -> String {
        guard let statistics else { return "–" }
        let mean = NumberText.significant(statistics.mean, digits: TableFormatter.meanDigits)
        guard metric.showsInterval, let halfWidth = statistics.halfWidth else { return mean }
        return mean + " <span class=\"interval\">± "
            + NumberText.significant(MeanInterval.displayedHalfWidth(halfWidth, mean: statistics.mean), digits: TableFormatter.halfWidthDigits) + "</span>"
    }
}
