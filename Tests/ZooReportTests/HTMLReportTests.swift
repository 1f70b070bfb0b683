import Testing
import ZooHarness

@testable import ZooReport

@Suite("HTML report")
struct HTMLReportTests {
    static func sampleRows() -> [ResultRow] {
        var rows: [ResultRow] = []
        for n in [50, 100, 200, 400] {
            for estimator in ["ridge(lambda=0.001)", "min-norm<weird>"] {
                for seed: UInt64 in 0..<3 {
                    rows.append(
                        makeRegressionRow(
                            estimator: estimator, attack: "exact-l2(radius=0.1)", n: n, seed: seed,
                            risk: 10 / Double(n) + 0.01 * Double(seed)))
                }
            }
        }
        return rows
    }

    @Test("well-formed enough: balanced tags, no scripts or external resources")
    func wellFormed() {
        let html = HTMLReport(
            title: "Ridge versus min-norm", command: "zoo compare --data spiked --n 50,100", rows: Self.sampleRows(),
            notations: ParameterNotations()
        ).render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        for tag in ["svg", "g", "table", "tr", "figure", "text", "style", "body", "html", "head"] {
            #expect(
                occurrences(of: "<\(tag)>", in: html) + occurrences(of: "<\(tag) ", in: html)
                    == occurrences(of: "</\(tag)>", in: html),
                "unbalanced <\(tag)>")
        }
        #expect(!html.contains("<script"))
        #expect(
            !html.contains("http://")
                || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("@import") && !html.contains("url(http"))
    }

    @Test("contains command, summary, plot and legend entries, with specs escaped")
    func contents() {
        let html = HTMLReport(
            title: "Report", command: "zoo compare --estimators 'ridge(lambda=0.001),min-norm<weird>'",
            rows: Self.sampleRows(),
            notations: ParameterNotations()
        ).render()
        #expect(html.contains("<h1>Report</h1>"))
        // Text breaks only between words: every word (and every comma-separated part of a spec) is unbreakable.
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        #expect(text.contains("zoo compare --estimators &#39;ridge(lambda=0.001),min-norm&lt;weird&gt;&#39;"))
        #expect(html.contains("<span class=\"unbroken\">--estimators</span>"))
        #expect(!html.contains("break-all"))
        #expect(!html.contains("min-norm<weird>"))
        #expect(html.contains("min-norm&lt;weird&gt;"))
        #expect(occurrences(of: "<figure>", in: html) == 2, "adversarial and standard risk against n")
        #expect(html.contains("class=\"legend\""))
        for entry in [
            "ridge(lambda=0.001)", "adversarial risk (Monte Carlo)", "standard risk (Monte Carlo)",
            "adversarial risk (exact)",
        ] {
            #expect(html.contains(">\(entry)</text>"), "legend entry \(entry)")
        }
        #expect(html.contains("±"))
        #expect(text.contains("data: spiked(d=200"))
    }

    @Test("extra figures and determinism")
    func extraFigures() {
        var report = HTMLReport(
            title: "Sweep", command: "zoo run sweep.json", rows: Self.sampleRows(), notations: ParameterNotations())
        report.includesRiskVersusN = false
        let plot = RiskPlots.plot(
            Self.sampleRows(), title: "risk versus n", xLabel: "n", x: { Double($0.n) }, identifier: "extra")
        report.extraFigures = [ReportFigure(heading: "Extra", caption: "a caption", plot: plot)]
        let html = report.render()
        #expect(occurrences(of: "<figure>", in: html) == 1)
        #expect(html.contains("<h3><span class=\"unbroken\">Extra</span></h3>") && html.contains(">caption</span>"))
        #expect(html == report.render())
    }
}
