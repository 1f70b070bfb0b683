import Testing
import ZooCore
import ZooHarness

@testable import ZooReport

/// Counts non-overlapping occurrences of `needle`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite("SVG plots")
struct SVGPlotTests {
    @Test("log ticks at powers of ten, plus 2 and 5 over a small range")
    func logTicks() throws {
        let wide = try #require(PlotAxis(values: [1e-4, 10], scale: .logarithmic, pixelLower: 0, pixelUpper: 100))
        let wideLabels = wide.ticks().filter(\.isMajor).map(\.label)
        #expect(wideLabels == ["0.0001", "0.001", "0.01", "0.1", "1", "10"])
        let narrow = try #require(PlotAxis(values: [1, 50], scale: .logarithmic, pixelLower: 0, pixelUpper: 100))
        let narrowLabels = narrow.ticks().filter(\.isMajor).map(\.label)
        #expect(narrowLabels == ["1", "2", "5", "10", "20", "50"])
        #expect(narrow.ticks().contains { !$0.isMajor })
        let huge = try #require(PlotAxis(values: [1e-20, 1e20], scale: .logarithmic, pixelLower: 0, pixelUpper: 100))
        #expect(huge.ticks().filter(\.isMajor).count <= PlotAxis.maximumDecadeLabels + 1)
    }

    @Test("extreme values never trap or loop (issue 8 audit)")
    func extremes() {
        // Subnormals: the smallest (5e-324) and two more, written without decimal literals that round.
        let tiny = Double.leastNonzeroMagnitude
        for values in [[tiny], [tiny, 2024 * tiny], [1e308], [1e308, 1.7e308], [1e-300, 1e300]] {
            _ = PlotAxis(values: values, scale: .logarithmic, pixelLower: 0, pixelUpper: 100)?.ticks()
        }
        for values in [[1e16, 1e16 + 2], [-1.7e308, 1.7e308], [tiny, 2 * tiny]] {
            let axis = PlotAxis(values: values, scale: .linear, pixelLower: 0, pixelUpper: 100)
            #expect((axis?.ticks().count ?? 0) <= 50)
        }
    }

    @Test("log mapping is linear in log10")
    func logMapping() throws {
        let axis = try #require(PlotAxis(values: [1, 100], scale: .logarithmic, pixelLower: 0, pixelUpper: 100))
        let a = try #require(axis.pixel(1))
        let b = try #require(axis.pixel(10))
        let c = try #require(axis.pixel(100))
        #expect(abs((b - a) - (c - b)) < 1e-9)
        #expect(axis.pixel(0) == nil && axis.pixel(-1) == nil)
        #expect(axis.clampedPixel(-1) == 0)
    }

    @Test("linear ticks at 1-2-5 steps")
    func linearTicks() throws {
        let axis = try #require(PlotAxis(values: [0, 1], scale: .linear, pixelLower: 0, pixelUpper: 100))
        #expect(axis.ticks().map(\.label) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(PlotAxis(values: [], scale: .linear, pixelLower: 0, pixelUpper: 1) == nil)
        #expect(PlotAxis(values: [-1, 0], scale: .logarithmic, pixelLower: 0, pixelUpper: 1) == nil)
    }

    @Test("render draws series, markers, intervals and an escaped legend")
    func render() {
        var plot = SVGPlot(title: "risk <vs> n", xLabel: "n", yLabel: "risk", identifier: "test")
        plot.series.append(
            .init(
                label: "ridge(lambda=0.1) & <co>", color: SVGPlot.color(0), line: .solid, marker: .circle,
                points: [.init(x: 10, y: 1, lower: 0.5, upper: 1.5), .init(x: 100, y: 0.1, lower: -1, upper: 0.2)]))
        plot.series.append(
            .init(
                label: "min-norm", color: SVGPlot.color(1), line: .dashed, marker: .square,
                interval: .band,
                points: [.init(x: 10, y: 2, lower: 1, upper: 3), .init(x: 100, y: 3, lower: 2, upper: 4)]))
        let svg = plot.render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(occurrences(of: "<svg", in: svg) == occurrences(of: "</svg>", in: svg))
        #expect(occurrences(of: "<g", in: svg) == occurrences(of: "</g>", in: svg))
        #expect(svg.contains("risk &lt;vs&gt; n"))
        #expect(svg.contains("ridge(lambda=0.1) &amp; &lt;co&gt;"))
        #expect(!svg.contains("<co>"))
        // Two lines and the arrow of the interval cut at the log axis (its lower end, -1, is below 0).
        #expect(occurrences(of: "<polyline", in: svg) == 3)
        #expect(svg.contains("stroke-dasharray=\"7 4\""))
        #expect(svg.contains("fill-opacity"))
        #expect(svg.contains("clip-path=\"url(#test-clip)\""))
        #expect(plot.render() == svg)
    }

    @Test("points that cannot be shown break the line")
    func gaps() {
        var plot = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
        plot.series.append(
            .init(
                label: nil, color: "#000",
                points: [
                    .init(x: 1, y: 1), .init(x: 2, y: 2), .init(x: 3, y: 0), .init(x: 4, y: 4), .init(x: 5, y: 5),
                ]))
        let svg = plot.render()
        #expect(occurrences(of: "<polyline", in: svg) == 2)
        #expect(!svg.contains("class=\"legend\""))
    }

    @Test("empty plots say so")
    func empty() {
        #expect(SVGPlot(title: "t", xLabel: "x", yLabel: "y").render().contains("no data to show"))
    }

    @Test("risk versus a parameter uses any x")
    func riskVersusParameter() throws {
        let rows = [0.001, 0.01, 0.1].flatMap { lambda in
            (0..<2).map {
                makeRegressionRow(estimator: "ridge(lambda=\(lambda))", seed: UInt64($0), risk: lambda + 0.1)
            }
        }
        let plot = RiskPlots.plot(
            rows, title: "risk versus λ", xLabel: "λ", x: { $0.estimatorSpec?.number("lambda") },
            series: { $0.attack })
        #expect(plot.series.count == 4)  // one series key × four metrics
        #expect(plot.series[0].points.map(\.x) == [0.001, 0.01, 0.1])
        #expect(plot.legendEntries.map(\.label).contains("pgd-l2(radius=0.1,steps=100)"))
        #expect(try ComponentSpec(parsing: "ridge(lambda=1e-3)").number("lambda") == 0.001)
        #expect(
            try ComponentSpec(parsing: "ridge(lambda=0.5,fit-intercept=false)").removing("lambda").description
                == "ridge(fit-intercept=false)")
    }

    @Test("long legend labels drop shared parameters")
    func abbreviation() {
        let specs = [
            "two-layer(width=1000,steps=5000,lr=0.1,init=gaussian)",
            "two-layer(width=4000,steps=5000,lr=0.1,init=gaussian)",
            "ridge(lambda=0.01)",
        ]
        #expect(
            RiskPlots.abbreviated(specs) == ["two-layer(width=1000)", "two-layer(width=4000)", "ridge(lambda=0.01)"])
    }
}
