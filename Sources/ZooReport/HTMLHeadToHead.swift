import ZooHarness

// MARK: - Head to head in the HTML report

/// The report's head-to-head section: per (data, target, attack), the matrix figure
/// (`HeadToHeadMatrix`) and a table with the numbers — A, B, n, risk, mean difference with its interval,
/// wins, adjusted p-values and unpaired seeds — followed by a note stating the interval level, the
/// adjustment and the tests.
public enum HTMLHeadToHead {
    /// The section for `rows`, or a note saying why it cannot be shown (e.g. two rows for one seed).
    public static func render(_ rows: [ResultRow], using headToHead: HeadToHead) -> String {
        // Many estimators (a λ grid) make k(k − 1)/2 pairs per risk and n: too many to read; say how to
        // get a readable view instead of drawing an unreadable one.
        let most = HeadToHead.groups(rows).map(\.estimators.count).max() ?? 0
        if headToHead.baseline == nil && most > allPairsLimit {
            return
                "<h2>Head to head</h2>\n<p>Not shown: up to \(most) estimators in one comparison, \(most * (most - 1) / 2) pairs for every risk and n. "
                + "Choose a baseline to compare every estimator with it: <code>zoo report RESULTS.jsonl --baseline SPEC --out report.html</code> "
                + "(docs/head-to-head.md).</p>\n"
        }
        do {
            return render(try headToHead.comparisons(rows), baseline: headToHead.baseline)
        } catch {
            return "<h2>Head to head</h2>\n<p>Not shown: \(MarkupText.escape(error.description))</p>\n"
        }
    }

    /// The most estimators of one group shown as all pairs by default.
    public static let allPairsLimit = 10

    /// The section's HTML; an empty string for no comparisons.
    public static func render(_ comparisons: [PairedComparison], baseline: String?) -> String {
        guard !comparisons.isEmpty else { return "" }
        var html = "<h2>Head to head</h2>\n"
        html +=
            "<p>Every estimator of a cell is fitted and attacked on the same training and test sample, so seeds pair them: "
            + "each number is the mean over paired seeds of the row estimator’s value minus the column estimator’s, or minus the baseline’s (lower is better; "
            + "blue: the row is better, vermillion: worse, darker: a larger difference within its matrix). A thick border and bold text mark "
            + "an interval that excludes 0. Hover a cell for its interval and wins; the table below has every number.</p>\n"
        let ordered = HeadToHeadTable.ordered(comparisons)
        var sections = [String]()
        for comparison in ordered where !sections.contains(sectionKey(comparison)) {
            sections.append(sectionKey(comparison))
        }
        for key in sections {
            let part = ordered.filter { sectionKey($0) == key }
            let first = part[0]
            html += "<h3>\(MarkupText.escape(first.attack)) · target \(MarkupText.escape(first.target))</h3>\n"
            html +=
                "<p class=\"context\">data: \(MarkupText.escape(first.data))"
                + (baseline.map { " · baseline: " + MarkupText.escape($0) } ?? "") + "</p>\n"
            if let figure = HeadToHeadMatrix.render(part, baseline: baseline) {
                html += "<div class=\"table-scroll\">\n" + figure + "</div>\n"
            }
            html += table(part, baseline: baseline)
        }
        html += HeadToHeadTable.notes(comparisons).map { "<p>\(MarkupText.escape($0))</p>\n" }.joined()
        return html
    }

    static func sectionKey(_ c: PairedComparison) -> String {
        [c.data, c.target, c.attack].joined(separator: "\u{1F}")
    }

    /// The numbers of one section: one row per (pair, n, risk); B is left out when it is the baseline.
    static func table(_ part: [PairedComparison], baseline: String?) -> String {
        let labels = HeadToHeadMatrix.shortLabels(HeadToHead.distinct(part.flatMap { [$0.estimatorA, $0.estimatorB] }))
        let showsUnpaired = part.contains { $0.onlyA > 0 || $0.onlyB > 0 }
        func spec(_ estimator: String) -> String {
            "<td class=\"spec unbroken\" title=\"\(MarkupText.escape(estimator))\">\(MarkupText.escape(labels[estimator] ?? estimator))</td>"
        }
        var html =
            "<div class=\"table-scroll\">\n<table>\n<tr><th class=\"spec\">A</th>"
            + (baseline == nil ? "<th class=\"spec\">B</th>" : "")
            + "<th>n</th><th class=\"spec\">risk</th><th>A − B</th><th>interval</th><th class=\"unbroken\">A:B:tie</th>"
            + "<th class=\"unbroken\">p sign</th><th class=\"unbroken\">p Wilcoxon</th>"
            + (showsUnpaired ? "<th>unpaired A / B</th>" : "") + "</tr>\n"
        for c in part {
            let cells = HeadToHeadTable.cells(c)
            var interval = "-"
            if let lower = c.lower, let upper = c.upper {
                interval =
                    "[" + NumberText.significant(lower, digits: 3) + ", " + NumberText.significant(upper, digits: 3)
                    + "]"
            }
            let strong = c.intervalExcludesZero
            html +=
                "<tr>" + spec(c.estimatorA) + (baseline == nil ? spec(c.estimatorB) : "")
                + "<td class=\"number\">\(c.n)</td><td class=\"spec unbroken\">\(MarkupText.escape(HeadToHeadTable.shortTitle(c.metric)))</td>"
                + "<td class=\"number unbroken\">\(strong ? "<strong>" : "")\(MarkupText.escape(cells.mean))\(strong ? "</strong>" : "")</td>"
                + "<td class=\"number unbroken\">\(MarkupText.escape(interval))</td>"
                + "<td class=\"number unbroken\">\(cells.wins)</td>"
                + "<td class=\"number\">\(cells.pSign)</td><td class=\"number\">\(cells.pWilcoxon)</td>"
                + (showsUnpaired ? "<td class=\"number unbroken\">\(c.onlyA) / \(c.onlyB)</td>" : "") + "</tr>\n"
        }
        return html + "</table>\n</div>\n"
    }
}
