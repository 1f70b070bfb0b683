import Foundation
import ZooCore
import ZooHarness

// MARK: - HTML report

/// One self-contained HTML file (`--report FILE.html`): inline CSS and inline SVG, no scripts, no
/// external fonts or images, so it can be mailed or archived as is.
///
/// Contents: the title, the command or experiment spec that produced it, the summary table (the same
/// aggregation as `TableFormatter`: mean ± 95% CI over seeds), one risk-versus-n figure per (data, attack,
/// target) (`RiskPlots.riskVersusN`), with any `extraFigures` (e.g. a preset's figure in the paper's
/// axes, from `RiskPlots.plot`) first. The output has no timestamp: identical inputs give identical bytes.
public struct HTMLReport: Sendable {
    public var title: String
    /// The command line or experiment spec, shown verbatim.
    public var command: String
    public var rows: [ResultRow]
    /// Paragraphs of plain text shown under the command (escaped).
    public var notes: [String] = []
    /// Whether to include the risk-versus-n figures (they need at least two values of n to be useful).
    public var includesRiskVersusN = true
    /// Further figures (a preset's own), shown before the automatic ones.
    public var extraFigures: [ReportFigure] = []
    /// Whether to add the automatic sweep figures (`ReportFigures.automatic`: trade-off curves and risk
    /// against every swept parameter) beside the risk-versus-n ones.
    public var includesSweeps = true
    /// The claims checked against these rows (`zoo reproduce`), shown above the summary.
    public var verdicts: [ClaimVerdict] = []
    /// The full experiment specification (e.g. the experiment file's JSON), shown in the footer.
    public var specification: String? = nil
    /// The producing program and version (`zoo 0.1.0`), shown in the footer.
    public var version: String? = nil
    /// The head-to-head section (`HTMLHeadToHead`), shown after the summary when the rows have two or more
    /// estimators; nil leaves it out.
    public var headToHead: HeadToHead? = HeadToHead()
    /// The figures' colours (`--palette`).
    public var palette: ReportPalette = .okabeIto

    /// What the figures call the swept parameters (the components' declared notation).
    public var notations: ParameterNotations

    public init(title: String, command: String, rows: [ResultRow], notations: ParameterNotations) {
        self.title = title
        self.command = command
        self.rows = rows
        self.notations = notations
    }

    /// The complete HTML document.
    public func render() -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(MarkupText.escape(title))</title>\n<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n"
        html += "<h1>\(MarkupText.escape(title))</h1>\n"
        html +=
            "<p class=\"command-label\">Produced by</p>\n<pre class=\"command\"><code>\(MarkupText.breakingBetweenWords(command))</code></pre>\n"
        for note in notes { html += "<p>\(MarkupText.escape(note))</p>\n" }
        for verdict in verdicts { html += Self.render(verdict) }

        html += "<h2>Summary</h2>\n"
        if rows.isEmpty { html += "<p>No results.</p>\n" }
        for summary in ResultSummary.summaries(of: rows) { html += HTMLSummaryTable.render(summary) }
        if let headToHead, HeadToHead.estimatorCount(rows) >= 2 {
            html += HTMLHeadToHead.render(rows, using: headToHead)
        }

        var figures = includesRiskVersusN ? ReportFigures.automatic(rows, notations: notations) : []
        if !includesRiskVersusN && includesSweeps {
            let colours = SeriesColours()
            figures =
                SweepPlots.tradeOff(rows, notations: notations, colours: colours)
                + SweepPlots.riskVersusParameter(rows, notations: notations, colours: colours)
        }
        figures = extraFigures + figures  // a preset's own figures (the paper's) first
        if !figures.isEmpty { html += "<h2>Figures</h2>\n" }
        if includesRiskVersusN || includesSweeps {
            let omitted = SweepPlots.omitted(rows).filter { includesRiskVersusN || !$0.hasPrefix("risk against n") }
            if !omitted.isEmpty {
                html +=
                    "<p class=\"context\">"
                    + MarkupText.breakingBetweenWords(
                        "Not drawn, too many series for one figure (the figures below show the same rows along another axis; "
                            + "the table, and zoo report FILE --format table, have every value): \(omitted.joined(separator: "; "))."
                    ) + "</p>\n"
            }
        }
        for figure in figures { html += figure.render(palette: palette) }
        html +=
            "<footer>\n<p>EstimatorZoo report\(version.map { " · " + MarkupText.escape($0) } ?? ""). "
            + "Intervals are 95% Student t confidence intervals of the mean over seeds; “≥” marks a certified lower bound.</p>\n"
        html +=
            "<p class=\"command-label\">Command</p>\n<pre class=\"command\"><code>\(MarkupText.breakingBetweenWords(command))</code></pre>\n"
        if let specification {
            html +=
                "<p class=\"command-label\">Experiment</p>\n<pre class=\"command\"><code>\(MarkupText.breakingBetweenWords(specification))</code></pre>\n"
        }
        html += "</footer>\n"
        return html + "</body>\n</html>\n"
    }

    /// Writes the report to `path` via `path.partial` and a rename, so a failed run never leaves a
    /// complete-looking report.
    public func write(to path: String) throws(ZooError) {
        try OutputTarget.write(render(), to: path, option: "--report")
    }

    /// The claim, each check with its figures, and the verdict.
    static func render(_ verdict: ClaimVerdict) -> String {
        var html = "<section class=\"verdict \(verdict.held ? "held" : "failed")\">\n<h2>Claim</h2>\n"
        html += "<p>\(MarkupText.escape(verdict.claim))</p>\n"
        if !verdict.source.isEmpty {
            html += "<p class=\"command-label\">Source: \(MarkupText.escape(verdict.source))</p>\n"
        }
        if !verdict.regime.isEmpty {
            html += "<p class=\"command-label\">Regime: \(MarkupText.escape(verdict.regime))</p>\n"
        }
        html += "<ul>\n"
        for check in verdict.checks {
            html += "<li>\(check.held ? "✓" : "✗") \(MarkupText.escape(check.text))</li>\n"
        }
        let meaning = verdict.held ? verdict.meaningIfHeld : verdict.meaningIfNot
        html +=
            "</ul>\n<p class=\"outcome\"><strong>\(verdict.held ? "claim held" : "claim did not hold")</strong>"
            + (meaning.isEmpty ? "" : ": " + MarkupText.escape(meaning)) + "</p>\n</section>\n"
        return html
    }

    // MARK: Style

    static let styleSheet = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto;
               max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
        h3 { font-size: 1em; font-weight: 600; margin: 0.6em 0 0.3em; overflow-wrap: break-word; }
        .command-label { color: #666; margin-bottom: 0.2em; }
        pre.command { background: #f5f5f5; padding: 0.6em 0.8em; border-radius: 4px; white-space: pre-wrap;
                      overflow-wrap: anywhere; }
        table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.85em; }
        th, td { padding: 0.2em 0.45em; border-bottom: 1px solid #e4e4e4; text-align: right; vertical-align: top; }
        th { background: #fafafa; font-weight: 600; vertical-align: bottom; }
        th.group { text-align: center; border-bottom: 1px solid #ccc; }
        tr.subheader th { font-weight: 500; color: #444; }
        .group-start { border-left: 1px solid #e4e4e4; }
        td.spec, th.spec { text-align: left; font-family: ui-monospace, Menlo, Consolas, monospace; }
        td.number { font-variant-numeric: tabular-nums; }
        .table-scroll { overflow-x: auto; max-width: 100%; }
        .unbroken { white-space: nowrap; }
        .interval { color: #777; }
        table.stacked .interval { display: block; font-size: 0.92em; }
        .context { color: #555; margin: 0.3em 0; overflow-wrap: break-word; }
        details.long-table > summary { cursor: pointer; color: #444; margin: 0.4em 0; }
        figure { margin: 1em 0 2em; }
        figure svg { width: 100%; max-width: 1000px; height: auto; }
        figure .panels { display: flex; flex-wrap: wrap; gap: 0.4em 1em; }
        figure .panels svg { flex: 1 1 380px; width: auto; max-width: 520px; min-width: 300px; }
        ul.legend { list-style: none; padding: 0; margin: 0.4em 0; display: flex; flex-wrap: wrap; gap: 0.2em 1.4em; font-size: 0.85em; }
        ul.legend li { display: flex; align-items: center; gap: 0.4em; }
        ul.legend svg { width: 34px; height: 14px; flex: none; }
        figcaption { color: #555; font-size: 0.9em; overflow-wrap: break-word; }
        footer { color: #666; font-size: 0.85em; margin-top: 3em; border-top: 1px solid #ddd; }
        footer pre.command { font-size: 0.95em; }
        section.verdict { border-left: 4px solid #0072B2; padding: 0.2em 1em; background: #f4f8fb; }
        section.verdict.failed { border-left-color: #D55E00; background: #fdf5f0; }
        section.verdict h2 { border: none; margin-top: 0.4em; }
        section.verdict ul { padding-left: 1.2em; }
        .outcome { font-size: 1.1em; }
        @media (max-width: 900px) { table { font-size: 0.75em; } th, td { padding: 0.2em 0.3em; } }

        """
}
