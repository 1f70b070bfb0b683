import ZooHarness
// MARK: - Summary table in HTML

/// The report's summary table for one (data, target): per (estimator, attack, n) the mean ± 95% CI over
/// seeds of each metric present, numbers formatted as in `TableFormatter`.
enum HTMLSummaryTable {
    static func render(_ summary: ResultSummary) -> String {
        // One attack for the whole table: named above it instead of repeated in a column.
        let attacks = Set(summary.groups.map(\.attack))
        let sharedAttack = attacks.count == 1 ? summary.groups.first?.attack : nil
        var html = "<p class=\"context\"><strong>data</strong> \(MarkupText.escape(summary.data)) · "
            + (sharedAttack.map { "<strong>attack</strong> \(MarkupText.escape($0)) · " } ?? "")
            + "<strong>target</strong> \(MarkupText.escape(summary.target))</p>\n"
        let metrics = summary.presentMetrics
        html += "<div class=\"table-scroll\"><table>\n<thead><tr><th class=\"spec\">estimator</th>"
            + (sharedAttack == nil ? "<th class=\"spec\">attack</th>" : "") + "<th>n</th><th>seeds</th>"
        for metric in metrics { html += "<th>\(MarkupText.escape(metric.title))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        var previous: (estimator: String, attack: String)? = nil
        for group in summary.groups {
            // Repeated specs are left blank, so each block of rows reads as one estimator × attack pair.
            let repeated = previous.map { $0.estimator == group.estimator && $0.attack == group.attack } ?? false
            previous = (group.estimator, group.attack)
            html += "<tr><td class=\"spec\">\(repeated ? "" : specMarkup(group.estimator))</td>"
                + (sharedAttack == nil ? "<td class=\"spec\">\(repeated ? "" : specMarkup(group.attack))</td>" : "")
                + "<td class=\"number\">\(group.n)</td><td class=\"number\">\(group.seedCount)</td>"
            for metric in metrics {
                let bound = metric == .robustError && group.rows.allSatisfy(\.robustErrorIsLowerBound) ? "≥ " : ""
                html += "<td class=\"number\">\(bound)\(cell(group.statistics(metric), metric: metric))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        if let note = summary.columnNote { html += "<p class=\"context\">\(MarkupText.escape(note))</p>\n" }
        if summary.groups.contains(where: { $0.rows.contains(where: \.robustErrorIsLowerBound) }) {
            html += "<p class=\"context\">≥: the attack's robust error is a certified lower bound (every flip it reports is real; it may miss some).</p>\n"
        }
        return html
    }

    /// A spec that wraps only after its commas (never at the hyphen of `exact-l2`): unbreakable
    /// segments joined by `<wbr>`.
    static func specMarkup(_ spec: String) -> String {
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
        return parts.indices.map { index in
            "<span class=\"unbroken\">" + MarkupText.escape(String(parts[index]) + (index < parts.count - 1 ? "," : "")) + "</span>"
        }.joined(separator: "<wbr>")
    }

    private static func cell(_ statistics: MeanInterval?, metric: ResultMetric) -> String {
        guard let statistics else { return "–" }
        let mean = NumberText.significant(statistics.mean, digits: TableFormatter.meanDigits)
        guard metric.showsInterval, let halfWidth = statistics.halfWidth else { return mean }
        return mean + " <span class=\"interval\">± "
            + NumberText.significant(MeanInterval.displayedHalfWidth(halfWidth, mean: statistics.mean), digits: TableFormatter.halfWidthDigits) + "</span>"
    }
}
