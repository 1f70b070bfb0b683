import Foundation
import ZooCore
import ZooHarness

// MARK: - HTML report

/// One self-contained HTML file (`--report FILE.html`): inline CSS and inline SVG, no scripts, no
/// external fonts or images, so it can be mailed or archived as is.
///
/// Contents: the title, the command or experiment spec that produced it, the summary table (the same
/// aggregation as `TableFormatter`: mean ± 95% CI over seeds), one risk-versus-n figure per (data, attack,
/// target) (`RiskPlots.riskVersusN`), then any `extraFigures` (e.g. risk versus λ from
/// `RiskPlots.plot`). The output has no timestamp: identical inputs give identical bytes.
public struct HTMLReport: Sendable {
    public var title: String
    /// The command line or experiment spec, shown verbatim.
    public var command: String
    public var rows: [ResultRow]
    /// Paragraphs of plain text shown under the command (escaped).
    public var notes: [String] = []
    /// Whether to include the risk-versus-n figures (they need at least two values of n to be useful).
    public var includesRiskVersusN = true
    /// Further figures, shown after the risk-versus-n ones.
    public var extraFigures: [ReportFigure] = []

    public init(title: String, command: String, rows: [ResultRow]) {
        self.title = title
        self.command = command
        self.rows = rows
    }

    /// The complete HTML document.
    public func render() -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(MarkupText.escape(title))</title>\n<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n"
        html += "<h1>\(MarkupText.escape(title))</h1>\n"
        html += "<p class=\"command-label\">Produced by</p>\n<pre class=\"command\"><code>\(MarkupText.escape(command))</code></pre>\n"
        for note in notes { html += "<p>\(MarkupText.escape(note))</p>\n" }

        html += "<h2>Summary</h2>\n"
        if rows.isEmpty { html += "<p>No results.</p>\n" }
        for summary in ResultSummary.summaries(of: rows) { html += HTMLSummaryTable.render(summary) }

        let figures = (includesRiskVersusN ? RiskPlots.riskVersusN(rows) : []) + extraFigures
        if !figures.isEmpty { html += "<h2>Figures</h2>\n" }
        for figure in figures {
            html += "<figure>\n<h3>\(MarkupText.escape(figure.heading))</h3>\n"
            html += figure.plot.render()
            if let caption = figure.caption { html += "<figcaption>\(MarkupText.escape(caption))</figcaption>\n" }
            html += "</figure>\n"
        }
        html += "<footer>EstimatorZoo report. Intervals are 95% Student t confidence intervals of the mean over seeds.</footer>\n"
        return html + "</body>\n</html>\n"
    }

    /// Writes the report to `path` via `path.partial` and a rename, so a failed run never leaves a
    /// complete-looking report.
    public func write(to path: String) throws(ZooError) {
        try AtomicFile.write(render(), to: path)
    }

    // MARK: Style

    static let styleSheet = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto;
               max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.4; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
        h3 { font-size: 1em; font-weight: 600; margin: 0.6em 0 0.3em; word-break: break-all; }
        .command-label { color: #666; margin-bottom: 0.2em; }
        pre.command { background: #f5f5f5; padding: 0.6em 0.8em; border-radius: 4px; white-space: pre-wrap;
                      word-break: break-all; }
        table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.9em; }
        th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e4e4e4; text-align: right; vertical-align: top; }
        th { background: #fafafa; font-weight: 600; }
        td.spec, th.spec { text-align: left; font-family: ui-monospace, Menlo, Consolas, monospace; }
        td.number { font-variant-numeric: tabular-nums; white-space: nowrap; }
        .interval { color: #777; }
        .context { color: #555; margin: 0.3em 0; word-break: break-all; }
        figure { margin: 1em 0 2em; }
        figure svg { max-width: 100%; height: auto; }
        figcaption { color: #555; font-size: 0.9em; word-break: break-all; }
        footer { color: #888; font-size: 0.85em; margin-top: 3em; }

        """
}
