import ZooHarness

// MARK: - Summary table in HTML

/// The report's summary table for one (data, target): per (estimator, attack, n) the mean ± 95% CI over
/// seeds of each metric present, numbers formatted as in `TableFormatter`.
///
/// Compact layout, so that a table with every exact and theory column fits a laptop-wide window: the
/// values of one risk (its test-sample estimate, exact and theory values) share a group header
/// ("adversarial risk" over "test sample · exact · theory") instead of repeating the risk's name in each
/// column, headers wrap, and a table whose cells would not fit `widthBudget` on one line is `stacked`:
/// every "± half-width" goes on its own line under its mean. Otherwise a cell may still wrap between its
/// mean and its "± half-width" in a narrower window (never inside either). No value is dropped.
enum HTMLSummaryTable {
    // MARK: Columns

    /// One value column: its metric and the title shown under its group header (nil: not grouped).
    struct Column: Equatable {
        var metric: ResultMetric
        var subtitle: String?
    }

    /// Columns sharing one header: a risk with its exact and theory values, or a metric on its own.
    struct ColumnGroup: Equatable {
        var title: String
        var columns: [Column]
    }

    /// The risk a metric belongs to and its title within that risk's group (its declared `family` and
    /// `estimate`); nil for metrics of their own (weight norm).
    static func family(of metric: ResultMetric) -> (group: String, subtitle: String)? {
        guard let family = metric.family, let subtitle = metric.estimate.subtitle else { return nil }
        return (family.name, subtitle)
    }

    /// The metrics grouped by risk, groups in order of their first metric, metrics in the given order
    /// within a group.
    static func groups(_ metrics: [ResultMetric]) -> [ColumnGroup] {
        var groups: [ColumnGroup] = []
        for metric in metrics {
            guard let family = family(of: metric) else {
                groups.append(ColumnGroup(title: metric.title, columns: [Column(metric: metric, subtitle: nil)]))
                continue
            }
            if let index = groups.firstIndex(where: { $0.title == family.group && $0.columns[0].subtitle != nil }) {
                groups[index].columns.append(Column(metric: metric, subtitle: family.subtitle))
            } else {
                groups.append(
                    ColumnGroup(title: family.group, columns: [Column(metric: metric, subtitle: family.subtitle)]))
            }
        }
        return groups
    }

    /// Whether the header has a row of subtitles: when some risk has several columns.
    static func hasSubheader(_ groups: [ColumnGroup]) -> Bool { groups.contains { $0.columns.count > 1 } }

    /// The header text over one column: its subtitle under a group header, else the metric's title.
    static func columnTitle(_ column: Column, subheader: Bool) -> String {
        subheader ? column.subtitle ?? column.metric.title : column.metric.title
    }

    // MARK: Width

    /// The width in CSS pixels a table may take: the report's content width (`max-width` of the body)
    /// at a 1300 px window.
    static let widthBudget = 1100.0
    /// The table's font size in CSS pixels (0.85em of 16 px) and a cell's horizontal padding (2 × 0.45em).
    static let fontSize = 13.6, cellPadding = 0.9 * 13.6

    /// The texts of one row's cells, column by column, as `cell` shows them: (mean, interval or nil).
    static func cellTexts(_ summary: ResultSummary, _ groups: [ColumnGroup], showsAttack: Bool) -> [[(String, String?)]]
    {
        summary.groups.map { group in
            var texts: [(String, String?)] =
                [(SpecText.short(group.estimator), nil)] + (showsAttack ? [(SpecText.short(group.attack), nil)] : [])
            texts += [(String(group.n), nil)] + (showsSeeds(summary) ? [(String(group.seedCount), nil)] : [])
            for column in groups.flatMap(\.columns) {
                let bound =
                    column.metric == .robustError && group.rows.allSatisfy(\.robustErrorIsLowerBound) ? "≥ " : ""
                let text = cellText(group.statistics(column.metric), metric: column.metric)
                texts.append((bound + text.mean, text.interval))
            }
            return texts
        }
    }

    /// The estimated width of the table: per column its widest cell or header word (headers wrap at
    /// spaces), at `MarkupText.averageCharacterWidth`, plus padding. `stacked`: an interval is a line of
    /// its own instead of following its mean.
    static func estimatedWidth(_ summary: ResultSummary, _ groups: [ColumnGroup], showsAttack: Bool, stacked: Bool)
        -> Double
    {
        let subheader = hasSubheader(groups)
        let headers =
            ["estimator"] + (showsAttack ? ["attack"] : []) + ["n"] + (showsSeeds(summary) ? ["seeds"] : [])
            + groups.flatMap(\.columns).map { columnTitle($0, subheader: subheader) }
        var widest = headers.map { $0.split(separator: " ").map(\.count).max() ?? 0 }
        for row in cellTexts(summary, groups, showsAttack: showsAttack) {
            for (index, text) in row.enumerated() {
                let mean = text.0.count
                let interval = text.1.map { $0.count + 2 } ?? 0
                widest[index] = max(
                    widest[index], stacked ? max(mean, interval) : mean + (interval > 0 ? interval + 1 : 0))
            }
        }
        return widest.reduce(0) { $0 + Double($1) * fontSize * MarkupText.averageCharacterWidth + cellPadding }
    }

    // MARK: Table

    static func render(_ summary: ResultSummary) -> String {
        // One attack for the whole table: named above it instead of repeated in a column.
        let attacks = Set(summary.groups.map(\.attack))
        let sharedAttack = attacks.count == 1 ? summary.groups.first?.attack : nil
        var html =
            "<p class=\"context\"><strong>data</strong> \(MarkupText.breakingBetweenWords(SpecText.short(summary.data))) · "
            + (sharedAttack.map { "<strong>attack</strong> \(MarkupText.breakingBetweenWords(SpecText.short($0))) · " }
                ?? "")
            + "<strong>target</strong> \(MarkupText.escape(summary.target))</p>\n"
        let groups = Self.groups(summary.presentMetrics)
        let stacked = estimatedWidth(summary, groups, showsAttack: sharedAttack == nil, stacked: false) > widthBudget
        // A long table (a grid) is folded, so the figures stay in view; the open summary line says what it holds.
        let folded = summary.groups.count > foldedRowCount
        if folded {
            html +=
                "<details class=\"long-table\"><summary>The full table: \(summary.groups.count) rows (estimator × attack × n, mean ± 95% CI over seeds), folded — click to show</summary>\n"
        }
        html +=
            "<div class=\"table-scroll\"><table class=\"summary\(stacked ? " stacked" : "")\">\n"
            + header(groups, showsAttack: sharedAttack == nil, showsSeeds: showsSeeds(summary)) + "<tbody>\n"
        var previous: (estimator: String, attack: String)? = nil
        let estimatorTexts = SpecText.distinct(summary.groups.map(\.estimator))
        let attackTexts = SpecText.distinct(summary.groups.map(\.attack))
        for group in summary.groups {
            // Repeated specs are left blank, so each block of rows reads as one estimator × attack pair.
            let repeated = previous.map { $0.estimator == group.estimator && $0.attack == group.attack } ?? false
            previous = (group.estimator, group.attack)
            html +=
                "<tr><td class=\"spec\"\(repeated ? "" : fullSpec(group.estimator))>\(repeated ? "" : specMarkup(estimatorTexts[group.estimator] ?? group.estimator))</td>"
                + (sharedAttack == nil
                    ? "<td class=\"spec\"\(repeated ? "" : fullSpec(group.attack))>\(repeated ? "" : specMarkup(attackTexts[group.attack] ?? group.attack))</td>"
                    : "")
                + "<td class=\"number\">\(group.n)</td>"
                + (showsSeeds(summary) ? "<td class=\"number\">\(group.seedCount)</td>" : "")
            for columnGroup in groups {
                for (index, column) in columnGroup.columns.enumerated() {
                    let metric = column.metric
                    let bound = metric == .robustError && group.rows.allSatisfy(\.robustErrorIsLowerBound) ? "≥ " : ""
                    html +=
                        "<td class=\"number\(index == 0 ? " group-start" : "")\">"
                        + cell(group.statistics(metric), metric: metric, prefix: bound) + "</td>"
                }
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        if folded { html += "</details>\n" }
        if let note = summary.columnNote { html += "<p class=\"context\">\(MarkupText.escape(note))</p>\n" }
        for formula in TableFormatter.theoryFormulas(summary.groups) {
            guard let kind = RiskPlots.boundKind(of: formula) else { continue }
            html +=
                "<p class=\"context\">\(MarkupText.escape(formula)) is a \(kind) bound, not a prediction: the true value is \(kind == "lower" ? "at least" : "at most") its theory column.</p>\n"
        }
        if summary.groups.contains(where: { $0.rows.contains(where: \.robustErrorIsLowerBound) }) {
            html +=
                "<p class=\"context\">≥: the attack's robust error is a certified lower bound (every flip it reports is real; it may miss some).</p>\n"
        }
        return html
    }

    /// The header: one row of metric titles when no group has several columns, else risk titles over
    /// their columns' subtitles ("test sample", "exact", "theory"), the other headers spanning both rows.
    static func header(_ groups: [ColumnGroup], showsAttack: Bool, showsSeeds: Bool = true) -> String {
        let twoRows = hasSubheader(groups)
        let span = twoRows ? " rowspan=\"2\"" : ""
        var html =
            "<thead><tr><th class=\"spec\"\(span)>estimator</th>"
            + (showsAttack ? "<th class=\"spec\"\(span)>attack</th>" : "") + "<th\(span)>n</th>"
            + (showsSeeds ? "<th\(span)>seeds</th>" : "")
        for group in groups {
            let grouped = twoRows && group.columns[0].subtitle != nil
            html +=
                grouped
                ? "<th class=\"group group-start\" colspan=\"\(group.columns.count)\">\(MarkupText.escape(group.title))</th>"
                : "<th class=\"group-start\"\(span)>\(MarkupText.escape(columnTitle(group.columns[0], subheader: false)))</th>"
        }
        html += "</tr>\n"
        if twoRows {
            html += "<tr class=\"subheader\">"
            for group in groups where group.columns[0].subtitle != nil {
                for (index, column) in group.columns.enumerated() {
                    html +=
                        "<th\(index == 0 ? " class=\"group-start\"" : "")>\(MarkupText.escape(columnTitle(column, subheader: true)))</th>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</thead>\n"
    }

    /// Tables with more rows than this are folded (`<details>`).
    static let foldedRowCount = 40

    /// A `title` attribute with the full spec, when its shown text is shortened.
    static func fullSpec(_ spec: String) -> String {
        SpecText.short(spec) == spec ? "" : " title=\"\(MarkupText.escape(spec))\""
    }

    /// Whether the table has a seeds column: not when nothing in it was sampled (`zoo theory`).
    static func showsSeeds(_ summary: ResultSummary) -> Bool { summary.presentMetrics.contains { !$0.isExact } }

    /// A spec that wraps only after its commas (never at the hyphen of `exact-l2`): unbreakable
    /// segments joined by `<wbr>`.
    static func specMarkup(_ spec: String) -> String {
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
        return parts.indices.map { index in
            "<span class=\"unbroken\">" + MarkupText.escape(String(parts[index]) + (index < parts.count - 1 ? "," : ""))
                + "</span>"
        }.joined(separator: "<wbr>")
    }

    /// The mean's text and, where the metric shows one, the half-width's (without "±"), as in `TableFormatter`.
    static func cellText(_ statistics: MeanInterval?, metric: ResultMetric) -> (mean: String, interval: String?) {
        guard let statistics else { return ("–", nil) }
        let cell = TableFormatter.cell(statistics, metric: metric)
        return (cell.mean, cell.halfWidth)
    }

    /// The mean and, where the metric has one, its "± half-width", each unbreakable, with a break
    /// opportunity between them (a line break of its own in a stacked table, by the style sheet).
    static func cell(_ statistics: MeanInterval?, metric: ResultMetric, prefix: String = "") -> String {
        let text = cellText(statistics, metric: metric)
        guard statistics != nil else { return text.mean }
        let mean = "<span class=\"unbroken\">" + MarkupText.escape(prefix + text.mean) + "</span>"
        guard let interval = text.interval else { return mean }
        return mean + " <span class=\"interval unbroken\">± " + interval + "</span>"
    }
}
