import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - Built-in experiments

/// A named experiment from the papers, for `zoo reproduce NAME` (and the default `zoo compare`).
struct Preset: Sendable {
    let name: String
    let title: String
    /// What the experiment shows and which paper and figure it follows.
    let summary: String
    /// The full and the `--quick` version.
    let full: Experiment
    let quick: Experiment
    /// Extra report figures computed from the rows.
    var figures: @Sendable ([ResultRow]) -> [ReportFigure] = { _ in [] }
}

enum Presets {
    /// λ values 10^-4 … 10^1, `count` of them evenly spaced in log scale.
    static func logspace(_ low: Double, _ high: Double, count: Int) -> [Double] {
        (0..<count).map { Foundation.pow(10, low + (high - low) * Double($0) / Double(max(1, count - 1))) }
    }

    static func ridgeSpecs(_ lambdas: [Double]) -> [ComponentSpec] {
        lambdas.map { ComponentSpec(name: "ridge", arguments: [("lambda", .number(Double(String(format: "%.3g", $0))!))]) }
    }

    /// The spiked design of the reference sweep: d = 10000, k = 10, tail variance 0.01 per coordinate.
    static let spikedReference = ComponentSpec(name: "spiked", arguments: [
        ("d", .number(10000)), ("k", .number(10)), ("tail", .number(99.9)),
    ])

    /// `zoo compare` with no arguments: min-norm against a few ridge penalties on spiked data.
    static let defaultComparison = Experiment(
        data: spikedReference,
        estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.001, 0.01, 0.1]),
        attacks: [ComponentSpec(name: "exact-l2", arguments: [("radius", .number(0.3))])],
        sampleSizes: [100, 200, 400, 800, 1600], testSize: 1000, seedCount: 5)

    static let all: [Preset] = [
        Preset(
            name: "benign-overfitting",
            title: "Benign overfitting is adversarially harmful (Hao & Zhang 2024)",
            summary: "Spiked covariance, d = 10000: the min-norm interpolator's standard risk stays small as n grows while its adversarial risk under an ℓ₂ attack of radius 0.3 grows with ‖θ̂‖; ridge keeps both bounded.",
            full: defaultComparison,
            quick: Experiment(data: ComponentSpec(name: "spiked", arguments: [("d", .number(2000)), ("k", .number(5)), ("tail", .number(19.95))]),
                              estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.01, 0.1]),
                              attacks: [ComponentSpec(name: "exact-l2", arguments: [("radius", .number(0.3))])],
                              sampleSizes: [50, 100, 200, 400], testSize: 500, seedCount: 3)),
        Preset(
            name: "ridge-tradeoff",
            title: "Every ridge estimator trades standard against adversarial risk (Hao & Zhang 2024)",
            summary: "Spiked covariance, d = 10000, n = 800: standard and adversarial risk along the ridge path λ ∈ [1e-4, 10] (min-norm is λ = 0); one Lanczos run serves the whole path.",
            full: Experiment(data: spikedReference, estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs(logspace(-4, 1, count: 16)),
                             attacks: [ComponentSpec(name: "exact-l2", arguments: [("radius", .number(0.1))])],
                             sampleSizes: [800], testSize: 1000, seedCount: 5),
            quick: Experiment(data: ComponentSpec(name: "spiked", arguments: [("d", .number(2000)), ("k", .number(5)), ("tail", .number(19.95))]),
                              estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs(logspace(-4, 1, count: 8)),
                              attacks: [ComponentSpec(name: "exact-l2", arguments: [("radius", .number(0.1))])],
                              sampleSizes: [200], testSize: 500, seedCount: 3),
            figures: { rows in
                [ReportFigure(heading: "Risk along the ridge path", caption: "Mean over seeds; min-norm (λ = 0) is not on the log axis.",
                              plot: RiskPlots.plot(rows.filter { $0.estimator.hasPrefix("ridge") }, title: "risk versus λ",
                                                   xLabel: "λ", x: { RiskPlots.parameter("lambda", in: $0.estimator) },
                                                   series: { _ in "ridge" }))]
            }),
    ]

    static func named(_ name: String) throws(ZooError) -> Preset {
        guard let preset = all.first(where: { $0.name == name }) else {
            throw .usage("unknown experiment '\(name)'" + Suggestions.hint(for: name, among: all.map(\.name)))
        }
        return preset
    }
}
