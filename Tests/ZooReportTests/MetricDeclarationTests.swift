import Foundation
import Testing
import ZooCore
import ZooHarness

@testable import ZooReport

// MARK: - A metric declared in one place

extension ResultMetric {
    /// A metric that exists only in this test, declared as a new metric's file would declare it: a risk
    /// family of its own, a test-sample estimate, shown in tables between the adversarial risk and its
    /// certified bound.
    static let testMarginRisk = ResultMetric(
        "margin_risk", title: "margin risk", shortTitle: "margin",
        meaning: "a test-only metric: the declaration is all that makes it a column", tasks: [.regression],
        estimate: .sample, family: Family("margin risk", underAttack: true), summaryPosition: 25)
}

/// A new metric is one declaration: registered (here for this test's task only, with
/// `ResultMetric.$registered`), it is a column of the writers and the reader, a table column, a plotted
/// series with its own figure, a head-to-head risk and a group of the HTML summary — no other code names it.
@Suite("Metric declarations")
struct MetricDeclarationTests {
    /// Runs `body` with the test metric registered after the declared ones.
    func withTestMetric(_ body: () throws -> Void) throws {
        try ResultMetric.$registered.withValue(ResultMetric.declared + [.testMarginRisk]) { try body() }
    }

    /// A regression row with the test metric.
    func row(seed: UInt64, value: Double) -> ResultRow {
        var row = makeRegressionRow(seed: seed)
        row[.testMarginRisk] = value
        return row
    }

    @Test("the declaration alone makes a CSV and JSON Lines column that round-trips")
    func rowFormats() throws {
        try withTestMetric { () throws in
            let columns = ResultRow.columns(for: .regression)
            // Appended after the declared metrics, before the text columns.
            let position = try #require(columns.firstIndex(of: "margin_risk"))
            #expect(columns[position - 1] == ResultMetric.declared.last!.name && columns[position + 1] == "theory")
            #expect(!ResultRow.columns(for: .classification).contains("margin_risk"))

            let row = row(seed: 3, value: 0.375)
            let header = CSVResultWriter.header(for: .regression).split(separator: ",").map(String.init)
            // The field after certify_seconds (empty) and before theory and diagnostics (empty).
            let record = CSVResultWriter.line(for: row)
            #expect(header[position] == "margin_risk" && record.hasSuffix(",,0.375,,"), "\(record)")

            let line = JSONLinesResultWriter.line(for: row)
            #expect(line.contains("\"certify_seconds\":null,\"margin_risk\":0.375,\"theory\":null"), "\(line)")
            let read = try readResultRows(jsonLines: line + "\n")
            #expect(read == [row])
            #expect(read.first?[.testMarginRisk] == 0.375)
        }
        // Outside the registration nothing knows it.
        #expect(!ResultRow.columns(for: .regression).contains("margin_risk"))
    }

    @Test("tables, plots, head to head and the HTML summary select it by its declaration")
    func selection() throws {
        try withTestMetric { () throws in
            // Tables: in summary order (position 25, between adversarial_risk and adversarial_risk_upper).
            let summary = ResultMetric.summaryMetrics(for: .regression).map(\.name)
            #expect(
                Array(summary.prefix(4)) == [
                    "standard_risk", "adversarial_risk", "margin_risk", "adversarial_risk_upper",
                ])
            #expect(try TableFormatter.parseColumns("margin_risk") == [.testMarginRisk])
            let rows = (0..<3).map { row(seed: UInt64($0), value: 0.5 + Double($0) / 10) }
            let table = TableFormatter(width: 160, columns: [.standardRisk, .testMarginRisk]).format(rows)
            #expect(table.contains("margin risk") && table.contains("0.6"), "\(table)")

            // Plots: a sampled risk under attack, after the adversarial risk; a figure of its own.
            #expect(
                RiskPlots.defaultMetrics(for: .regression).prefix(3).map(\.name) == [
                    "adversarial_risk", "margin_risk", "standard_risk",
                ])
            #expect(
                RiskPlots.figures(for: .regression).map(\.name) == ["adversarial risk", "margin risk", "standard risk"])
            let style = RiskPlots.style(of: .testMarginRisk)
            #expect(style.line == .connector && style.marker == .circle && style.label == "margin risk (Monte Carlo)")
            let manyN = rows.enumerated().map { index, row in
                var row = row
                row.n = 100 * (index + 1)
                return row
            }
            #expect(RiskPlots.riskVersusN(manyN).contains { $0.heading.hasPrefix("Margin risk against n") })

            // Head to head and the HTML summary.
            #expect(HeadToHead.metrics(for: .regression).contains(.testMarginRisk))
            #expect(HeadToHeadTable.shortTitle(.testMarginRisk) == "margin")
            #expect(HTMLSummaryTable.family(of: .testMarginRisk)! == ("margin risk", "test sample"))
        }
    }
}
