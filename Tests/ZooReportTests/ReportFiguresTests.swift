import Foundation
import Testing
import ZooCore
import ZooHarness

@testable import ZooReport

/// The automatic figures: which parameter a grid sweeps, the trade-off curve, lower bounds marked.
@Suite("Report figures")
struct ReportFiguresTests {
    /// Ridge's λ as its declaration writes it (the figures read the notation, never the name).
    static let notations = ParameterNotations(components: [
        (
            .estimator, "ridge",
            [ParameterSpec("lambda", .real(minimum: 0), default: .number(0.01), "λ", notation: .penalty)]
        )
    ])

    static func lambdaSweep(n: [Int] = [200]) -> [ResultRow] {
        var rows: [ResultRow] = []
        for size in n {
            for lambda in [0.001, 0.01, 0.1, 1.0] {
                for seed: UInt64 in 0..<3 {
                    rows.append(
                        makeRegressionRow(
                            estimator: "ridge(lambda=\(lambda))", attack: "exact-l2(radius=0.1)", n: size,
                            seed: seed, risk: 0.1 + lambda + 0.001 * Double(seed)))
                }
            }
            rows.append(
                makeRegressionRow(estimator: "min-norm(rcond=0)", attack: "exact-l2(radius=0.1)", n: size, risk: 0.2))
        }
        return rows
    }

    @Test("detects the swept parameter, never n or the seed")
    func sweptParameters() {
        #expect(SweepPlots.sweptParameters(Self.lambdaSweep()).map(\.description) == ["estimator ridge · lambda"])
        #expect(
            SweepPlots.sweptParameters(Self.lambdaSweep(n: [100, 200])).map(\.description) == [
                "estimator ridge · lambda"
            ])
        let radii = [0.05, 0.1, 0.2].map { makeRegressionRow(attack: "exact-l2(radius=\($0))") }
        #expect(SweepPlots.sweptParameters(radii).map(\.description) == ["attack exact-l2 · radius"])
        #expect(
            SweepPlots.sweptParameters(HTMLReportTests.sampleRows()).isEmpty, "different estimators are not a sweep")
    }

    @Test("trade-off: one labelled point per λ in λ order, min-norm a labelled point of its own")
    func tradeOff() throws {
        let figures = SweepPlots.tradeOff(Self.lambdaSweep(), notations: Self.notations)
        try #require(figures.count == 1)
        let plot = figures[0].plot
        let ridge = try #require(plot.series.first { $0.label == "ridge" })
        #expect(ridge.points.map(\.label) == ["λ=0.001", "λ=0.01", "λ=0.1", "λ=1"])
        // x is the mean standard risk, y the mean adversarial risk over the three seeds.
        #expect(abs(ridge.points[0].x - 0.102) < 1e-12 && abs(ridge.points[0].y - (2 * 0.102 + 0.1)) < 1e-12)
        #expect(plot.series.contains { $0.label == "min-norm(rcond=0)" && $0.points.first?.label == "min-norm" })
        let svg = plot.render()
        #expect(svg.contains(">λ=0.001</text>") && svg.contains(">min-norm</text>"))
        // Two sizes: one figure, one panel per n (small multiples), each with the ridge curve in ridge's colour.
        let both = SweepPlots.tradeOff(Self.lambdaSweep(n: [100, 200]))
        #expect(both.count == 1 && both[0].panels.map(\.title) == ["n = 100", "n = 200"])
        #expect(
            both[0].panels.allSatisfy { panel in
                panel.series.contains { $0.label == "ridge" && $0.color == SVGPlot.color(0) }
            })
        #expect(both[0].panels.allSatisfy { $0.legendEntries.isEmpty } && !both[0].legend.isEmpty)
        // Three values make no path.
        #expect(SweepPlots.tradeOff(Self.lambdaSweep().filter { !$0.estimator.contains("lambda=1.0") }).isEmpty)
    }

    @Test("risk against the swept parameter; risk against n split into adversarial and standard panels")
    func panels() {
        let sweep = SweepPlots.riskVersusParameter(Self.lambdaSweep(), notations: Self.notations)
        #expect(sweep.count == 1 && sweep[0].plot.xLabel.hasPrefix("λ"))
        let byN = RiskPlots.riskVersusN(HTMLReportTests.sampleRows())
        #expect(
            byN.map(\.plot.title) == [
                "adversarial risk against training-set size", "standard risk against training-set size",
            ])
        #expect(byN.allSatisfy { $0.plot.yLabel.contains("squared error") })
        // Monte-Carlo points beside an exact line are markers only.
        let series = byN[0].plot.series
        #expect(series.contains { $0.label?.hasSuffix("— adversarial risk (Monte Carlo)") == true && $0.line == .none })
        #expect(series.contains { $0.label?.hasSuffix("(exact)") == true && $0.line == .solid && $0.marker == .none })
    }

    @Test("a certified lower bound reads ≥ in the tables and has its own marker")
    func lowerBound() {
        var rows = (0..<3).map { makeClassificationRow(seed: UInt64($0), error: 0.1) }
        for index in rows.indices { rows[index].labels[ResultMetric.robustErrorBoundColumn] = "lower" }
        #expect(rows.allSatisfy { $0.robustErrorIsLowerBound })
        #expect(TableFormatter().format(rows).contains("≥ 0.3"))
        let html = HTMLReport(
            title: "t", command: "c",
            rows: rows
                + rows.map { row in
                    var other = row
                    other.n = 1000
                    return other
                },
            notations: ParameterNotations()
        ).render()
        #expect(html.contains("≥ 0.3"))
        #expect(html.contains("robust error ≥ (MC lower bound)"))
        // Without the mark there is no ≥.
        let plain = (0..<3).map { makeClassificationRow(seed: UInt64($0), error: 0.1) }
        #expect(!TableFormatter().format(plain).contains("≥"))
    }

    @Test("Monte-Carlo series are markers on a thin dotted connector, exact values full lines without markers")
    func monteCarloLooksDifferentFromExact() throws {
        // A 7-NN-like series: a lower-bound robust error and a clean error with no exact or theory line.
        var rows: [ResultRow] = []
        for n in [200, 500] {
            for seed: UInt64 in 0..<3 {
                var row = makeClassificationRow(seed: seed, error: 0.1)
                row.n = n
                row.labels[ResultMetric.robustErrorBoundColumn] = "lower"
                rows.append(row)
            }
        }
        let figure = try #require(RiskPlots.riskVersusN(rows).first)
        let robust = try #require(figure.plot.series.first { $0.label?.contains("robust error") == true })
        let clean = try #require(figure.plot.series.first { $0.label?.contains("clean error") == true })
        #expect(robust.line == .connector && robust.marker == .triangle)
        #expect(clean.line == .connector && clean.marker == .square)
        // Drawn thinner and lighter than full lines, dotted.
        let svg = figure.plot.render()
        #expect(
            svg.contains(
                "stroke-width=\"1.4\" stroke-dasharray=\"0.1 3.2\" stroke-linecap=\"round\" stroke-opacity=\"0.7\""))
        #expect(!svg.contains("stroke-width=\"1.8\"/>"), "no solid full-weight line: nothing here is exact")
        // The legend says which is which: colours as swatches, styles labelled Monte Carlo.
        let legend = figure.plot.legendEntries
        #expect(legend.filter { $0.marker == .swatch }.count == 1)
        #expect(legend.contains { $0.label == "robust error ≥ (MC lower bound)" && $0.line == .connector })
        #expect(legend.contains { $0.label == "clean error (Monte Carlo)" && $0.line == .connector })
        #expect(
            figure.caption?.contains("Monte-Carlo (MC) estimates") == true
                && figure.caption?.contains("thin dotted line") == true)
    }

    @Test("regression against n follows the same rule: exact solid or dashed without markers, theory dash-dotted")
    func regressionStyles() throws {
        var rows = HTMLReportTests.sampleRows()
        let byN = RiskPlots.riskVersusN(rows)
        for figure in byN {
            for series in figure.plot.series {
                let isEstimate = series.label?.contains("(Monte Carlo)") == true
                #expect(isEstimate == (series.marker != .none), "markers exactly on Monte-Carlo series")
                #expect(isEstimate ? series.line == .none : [.solid, .dashed].contains(series.line))
            }
        }
        #expect(
            byN[1].plot.series.contains { $0.label?.hasSuffix("standard risk (exact)") == true && $0.line == .dashed })
        // Without exact values the Monte-Carlo markers get their connector.
        rows = rows.map { row in
            var copy = row
            copy.standardRiskExact = nil
            copy.adversarialRiskExact = nil
            return copy
        }
        let alone = RiskPlots.riskVersusN(rows)
        #expect(alone.allSatisfy { $0.plot.series.allSatisfy { $0.line == .connector && $0.marker != .none } })
        // Theory lines carry no markers.
        #expect(
            RiskPlots.style(of: .standardRiskTheory).marker == .none
                && RiskPlots.style(of: .standardRiskTheory).line == .dashDotDot)
        #expect(RiskPlots.style(of: .adversarialRiskTheory) == (.dashDot, .none, "adversarial risk (theory)"))
    }

    @Test("trade-off: Monte-Carlo path on a connector, exact path solid without markers")
    func tradeOffStyles() throws {
        let plot = try #require(SweepPlots.tradeOff(Self.lambdaSweep()).first).plot
        let ridge = try #require(plot.series.first { $0.label == "ridge" })
        #expect(ridge.line == .connector && ridge.marker == .circle)
        #expect(plot.series.contains { $0.label == nil && $0.line == .solid && $0.marker == .none })
    }

    @Test(
        "a grid scales: panels per n, figures per attack, one colour per estimator, crowded figures left out and named")
    func gridScales() {
        let lambdas = (0..<10).map { pow(10, -4 + 0.5 * Double($0)) }
        var rows: [ResultRow] = []
        for n in [100, 200] {
            for radius in [0.05, 0.1, 0.2] {
                for lambda in lambdas {
                    for seed: UInt64 in 0..<2 {
                        rows.append(
                            makeRegressionRow(
                                estimator: "ridge(lambda=\(lambda))", attack: "exact-l2(radius=\(radius))", n: n,
                                seed: seed, risk: 0.1 + lambda / 10 + radius))
                    }
                }
            }
        }
        let figures = ReportFigures.automatic(rows, notations: Self.notations)
        #expect(!figures.contains { $0.heading.contains("against n") }, "10 estimators: no risk against n")
        let sweeps = figures.filter { $0.heading.hasPrefix("Risk against λ") }
        #expect(sweeps.count == 3 && sweeps.allSatisfy { $0.panels.map(\.title) == ["n = 100", "n = 200"] })
        #expect(!figures.contains { $0.heading.contains("against radius") })
        #expect(SweepPlots.omitted(rows).contains { $0.hasPrefix("risk against radius") && $0.contains("10 series") })
        // One colour for ridge in every panel of every figure; labels to 3 significant digits.
        let colours = Set(
            figures.flatMap { $0.panels.flatMap(\.series) + $0.plot.series }.filter {
                $0.label?.hasPrefix("ridge") == true
            }.map(\.color))
        #expect(colours.count == 1)
        let labels = figures.flatMap { $0.panels.flatMap(\.series) }.flatMap(\.points).compactMap(\.label)
        #expect(labels.contains("λ=0.000316") && !labels.contains { $0.count > 12 })
        let html = HTMLReport(title: "grid", command: "zoo run grid.json", rows: rows, notations: ParameterNotations())
            .render()
        #expect(
            html.contains("<details class=\"long-table\">")
                && html.contains(">Not</span> <span class=\"unbroken\">drawn,</span>"))
    }

    @Test("point labels never overlap each other")
    func labelsDoNotOverlap() {
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y", xScale: .linear, yScale: .linear)
        plot.series = [
            .init(label: "s", color: "#000", points: (0..<20).map { .init(x: 1, y: 1, label: "label \($0)") })
        ]
        let svg = plot.render()
        // Twenty labels at one spot: at most the eight places around it are used.
        let count = svg.components(separatedBy: ">label ").count - 1
        #expect(count >= 1 && count <= 8)
    }
}
