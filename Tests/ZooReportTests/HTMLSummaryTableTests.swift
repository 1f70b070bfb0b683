import Testing
import ZooHarness

@testable import ZooReport

/// The summary table's compact layout: a risk's test-sample, exact and theory values under one group
/// header, every value kept, and a table that would be too wide on one line stacked so it fits.
@Suite("HTML summary table")
struct HTMLSummaryTableTests {
    /// Rows with every regression column: test-sample, exact and theory risks and the weight norm, for
    /// two estimators under one or two attacks (two attacks add the attack column).
    static func theoryRows(attacks: [String] = ["exact-l2(radius=0.1)"]) -> [ResultRow] {
        var rows: [ResultRow] = []
        for attack in attacks {
            for estimator in ["min-norm(rcond=0)", "ridge(lambda=0.01)", "ridge(lambda=0.1)"] {
                for n in [50, 100, 200, 400] {
                    for seed: UInt64 in 0..<3 {
                        var row = makeRegressionRow(
                            estimator: estimator, attack: attack, n: n, seed: seed,
                            risk: 0.009978 + 0.0123 * Double(seed) / Double(n))
                        row[.standardRiskTheory] = 0.06454
                        row[.adversarialRiskTheory] = 0.2260
                        row.labels["theory"] = "deterministic-equivalent"
                        rows.append(row)
                    }
                }
            }
        }
        return rows
    }

    static func table(_ rows: [ResultRow]) -> String {
        ResultSummary.summaries(of: rows).map(HTMLSummaryTable.render).joined()
    }

    @Test("exact and theory values are grouped under their risk, headed test sample · exact · theory")
    func groupedHeader() {
        let html = Self.table(Self.theoryRows())
        #expect(html.contains("<th class=\"group group-start\" colspan=\"3\">standard risk</th>"))
        #expect(html.contains("<th class=\"group group-start\" colspan=\"3\">adversarial risk</th>"))
        #expect(occurrences(of: ">test sample</th>", in: html) == 2)
        #expect(occurrences(of: ">exact</th>", in: html) == 2 && occurrences(of: ">theory</th>", in: html) == 2)
        #expect(html.contains("<th class=\"group-start\" rowspan=\"2\">weight norm</th>"))
        // The long per-column titles are gone.
        #expect(!html.contains(">standard (exact)<") && !html.contains(">adversarial (theory)<"))
        let groups = HTMLSummaryTable.groups(ResultMetric.summaryMetrics(for: .regression))
        #expect(groups.map(\.title) == ["standard risk", "adversarial risk", "weight norm"])
        #expect(
            groups[1].columns.map(\.metric) == [
                .adversarialRisk, .adversarialRiskUpper, .adversarialRiskExact, .adversarialRiskTheory,
            ])
    }

    @Test("every value is kept: one cell per metric in every row, intervals included")
    func everyValueKept() {
        let html = Self.table(Self.theoryRows())
        let bodyRows = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "<tr>").dropFirst()
        #expect(bodyRows.count == 12)
        // estimator, n, seeds, then 3 + 3 risks and the weight norm.
        #expect(bodyRows.allSatisfy { occurrences(of: "<td", in: $0) == 3 + 7 })
        // Test-sample and exact risks carry intervals; theory and weight norm do not.
        #expect(bodyRows.allSatisfy { occurrences(of: "class=\"interval unbroken\">± ", in: $0) == 4 })
        #expect(html.contains(">0.06454<") && html.contains(">0.2260<") && html.contains(">1.500<"))
    }

    @Test("a table too wide for one line per row is stacked and then fits the report's width")
    func fits() throws {
        let wide = try #require(
            ResultSummary.summaries(of: Self.theoryRows(attacks: ["exact-l2(radius=0.1)", "exact-linf(radius=0.01)"]))
                .first)
        let groups = HTMLSummaryTable.groups(wide.presentMetrics)
        #expect(
            HTMLSummaryTable.estimatedWidth(wide, groups, showsAttack: true, stacked: false)
                > HTMLSummaryTable.widthBudget)
        #expect(
            HTMLSummaryTable.estimatedWidth(wide, groups, showsAttack: true, stacked: true)
                <= HTMLSummaryTable.widthBudget)
        #expect(HTMLSummaryTable.render(wide).contains("<table class=\"summary stacked\">"))
        // One attack, no attack column: one line per row fits.
        let narrow = try #require(ResultSummary.summaries(of: Self.theoryRows()).first)
        #expect(
            HTMLSummaryTable.estimatedWidth(
                narrow, HTMLSummaryTable.groups(narrow.presentMetrics), showsAttack: false, stacked: false)
                <= HTMLSummaryTable.widthBudget)
        #expect(HTMLSummaryTable.render(narrow).contains("<table class=\"summary\">"))
    }

    @Test("the style sheet lets cells wrap between mean and interval and stacks intervals in stacked tables")
    func styleSheet() {
        let css = HTMLReport.styleSheet
        #expect(css.contains("td.number { font-variant-numeric: tabular-nums; }"), "no nowrap on whole number cells")
        #expect(css.contains("table.stacked .interval { display: block;"))
        #expect(css.contains("th, td { padding: 0.2em 0.45em;"))
        #expect(css.contains("th.group { text-align: center;"))
    }

    @Test("a lower bound keeps its ≥ inside the unbroken mean; a lone risk keeps its test-sample subtitle")
    func lowerBoundCell() {
        var rows = (0..<3).map { makeClassificationRow(seed: UInt64($0), error: 0.1) }
        for index in rows.indices {
            rows[index].labels[ResultMetric.robustErrorBoundColumn] = "lower"
            rows[index][.robustErrorTheory] = 0.5
        }
        let html = Self.table(rows)
        #expect(html.contains("<span class=\"unbroken\">≥ 0.3000</span>"))
        #expect(html.contains("colspan=\"1\">clean error</th>") && html.contains("colspan=\"2\">robust error</th>"))
    }
}
