import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - Built-in experiments

/// A named experiment from the papers, for `zoo reproduce NAME` (and the default `zoo compare`): the
/// experiment at full size and `--quick`, the paper's claim in one sentence with the numeric criterion
/// that checks it against the run's own rows, and any figures beyond the automatic ones.
///
/// Presets are data (the table `Presets.all`); the claim vocabulary and checker are `Claim` (ZooReport).
struct Preset: Sendable {
    let name: String
    let title: String
    /// Which paper and result the experiment follows, and what to look for.
    let summary: String
    /// The claim and its criterion, checked on the rows of whichever size ran.
    let claim: Claim
    /// The full and the `--quick` version.
    let full: Experiment
    let quick: Experiment
    /// Extra report figures computed from the rows.
    var figures: @Sendable ([ResultRow]) -> [ReportFigure] = { _ in [] }
    /// Experiments run in order instead of `full` / `quick` alone (say one per flip rate η, a data
    /// parameter); nil: the experiment alone.
    var fullGroups: [Experiment]? = nil
    var quickGroups: [Experiment]? = nil
    /// Refuses, before anything runs, when something the preset needs is missing (an installed data set).
    var check: @Sendable () throws(ZooError) -> Void = {}
}

enum Presets {
    /// `count` values from 10^low to 10^high, evenly spaced in log scale.
    static func logspace(_ low: Double, _ high: Double, count: Int) -> [Double] {
        (0..<count).map { Foundation.pow(10, low + (high - low) * Double($0) / Double(max(1, count - 1))) }
    }

    static func ridgeSpecs(_ lambdas: [Double]) -> [ComponentSpec] {
        lambdas.map { ComponentSpec(name: "ridge", arguments: [("lambda", .number(Double(String(format: "%.3g", $0))!))]) }
    }

    /// `name(key=value,…)` from numbers.
    static func spec(_ name: String, _ arguments: KeyValuePairs<String, Double> = [:]) -> ComponentSpec {
        ComponentSpec(name: name, arguments: arguments.map { ($0.key, .number($0.value)) })
    }

    /// The spiked design of the reference sweep: d = 10000, k = 10, tail variance 0.01 per coordinate.
    static let spikedReference = spec("spiked", ["d": 10000, "k": 10, "tail": 99.9])

    /// `zoo compare` with no arguments: min-norm against a few ridge penalties on spiked data.
    static let defaultComparison = Experiment(
        data: spikedReference,
        estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.001, 0.01, 0.1]),
        attacks: [spec("exact-l2", ["radius": 0.3])],
        sampleSizes: [100, 200, 400, 800, 1600], testSize: 1000, seedCount: 5)

    // MARK: Sanyal et al.'s bound

    /// Sanyal et al. 2021, Theorem 1: an interpolator of m = n training points on `balls` with flip rate η
    /// and |ζ| balls has expected robust error at radius 2ρ of at least 1 − (1 − η/|ζ|)^m (the mass of the
    /// balls holding a flipped training point). Computed from the row's data spec.
    static let sanyalBound = ClaimQuantity.Value.derived("Sanyal's bound 1 − (1 − η/|ζ|)^m") { row in
        guard let flip = RiskPlots.parameter("flip", in: row.data), let centers = RiskPlots.parameter("centers", in: row.data),
              centers > 0 else { return nil }
        return 1 - Foundation.pow(1 - flip / centers, Double(row.n))
    }

    // MARK: The table

    /// The compiled-in copy of Examples/data/breast_cancer.csv, so the preset runs from any directory.
    static let breastCancer = ComponentSpec(name: "csv", arguments: [
        ("path", .word("builtin:breast-cancer")), ("task", .word("classification")),
    ])

    static let all: [Preset] = [
        Preset(
            name: "benign-overfitting",
            title: "Benign overfitting is adversarially harmful (Hao & Zhang 2024)",
            summary: "Spiked covariance with a weak flat tail (tail = 10 over d = 20000): the min-norm interpolator fits the noise in the tail, so its standard risk stays small while ‖θ̂‖ and the adversarial risk under an ℓ₂ attack grow with n; ridge keeps the norm down.",
            claim: Claim("The min-norm interpolator's adversarial risk grows with n (largest n ≥ 1.5× smallest) while its standard risk stays small (≤ 0.1 at the largest n), and ridge(λ = 0.1) holds the adversarial risk at the largest n to at most half the interpolator's.",
                         conditions: [
                            .ratioAtLeast(.init(.adversarialRisk, of: "min-norm", at: .largest), .init(.adversarialRisk, of: "min-norm", at: .smallest), 1.5),
                            .atMost(.init(.standardRisk, of: "min-norm", at: .largest), 0.1),
                            .ratioAtMost(.init(.adversarialRisk, of: "ridge(lambda=0.1)", at: .largest), .init(.adversarialRisk, of: "min-norm", at: .largest), 0.5),
                         ]),
            full: Experiment(data: spec("spiked", ["d": 20000, "k": 10, "tail": 10]),
                             estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.01, 0.1, 1]),
                             attacks: [spec("exact-l2", ["radius": 0.1])],
                             sampleSizes: [100, 200, 400, 800, 1600], testSize: 1000, seedCount: 5),
            quick: Experiment(data: spec("spiked", ["d": 4000, "k": 10, "tail": 2]),
                              estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.01, 0.1, 1]),
                              attacks: [spec("exact-l2", ["radius": 0.1])],
                              sampleSizes: [50, 100, 200, 400], testSize: 500, seedCount: 3)),
        Preset(
            name: "ridge-tradeoff",
            title: "Every ridge estimator trades standard against adversarial risk (Hao & Zhang 2024)",
            summary: "Spiked covariance (tail = 10, d = 20000), n fixed: standard and adversarial risk along the ridge path λ ∈ [1e-4, 10] (min-norm is λ = 0); one Lanczos run serves the whole path. The trade-off figure plots one against the other, one point per λ.",
            claim: Claim("No ridge penalty is best for both risks: the λ with the least standard risk has an adversarial risk ≥ 1.2× the least on the path, and the λ with the least adversarial risk a standard risk ≥ 1.2× the least.",
                         conditions: [.tradeOff(estimator: "ridge", parameter: "lambda", factor: 1.2)]),
            full: Experiment(data: spec("spiked", ["d": 20000, "k": 10, "tail": 10]),
                             estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs(logspace(-4, 1, count: 16)),
                             attacks: [spec("exact-l2", ["radius": 0.1])],
                             sampleSizes: [800], testSize: 1000, seedCount: 5),
            quick: Experiment(data: spec("spiked", ["d": 4000, "k": 10, "tail": 2]),
                              estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs(logspace(-4, 1, count: 11)),
                              attacks: [spec("exact-l2", ["radius": 0.1])],
                              sampleSizes: [200], testSize: 500, seedCount: 3)),
        Preset(
            name: "ntk",
            title: "The interpolating neural tangent kernel is adversarially fragile (Hao & Zhang 2024, NTK counterpart)",
            summary: "Uniform data on the sphere of radius √d (d = 50), a linear target with noise σ = 0.5: NTK regression without a ridge (interpolating) against λ = 0.1, attacked by ℓ₂ projected gradient ascent; the interpolator's fitted noise makes its adversarial risk grow with n.",
            claim: Claim("The interpolating NTK's adversarial risk under pgd-l2 grows with n (largest n ≥ 1.2× smallest) and at the largest n is ≥ 1.5× that of the regularised ntk(λ = 0.1).",
                         conditions: [
                            .ratioAtLeast(.init(.adversarialRisk, of: "ntk(lambda=0)", at: .largest), .init(.adversarialRisk, of: "ntk(lambda=0)", at: .smallest), 1.2),
                            .ratioAtLeast(.init(.adversarialRisk, of: "ntk(lambda=0)", at: .largest), .init(.adversarialRisk, of: "ntk(lambda=0.1)", at: .largest), 1.5),
                         ]),
            full: Experiment(data: spec("sphere", ["d": 50]),
                             estimators: [spec("ntk", ["lambda": 0]), spec("ntk", ["lambda": 0.1])],
                             attacks: [spec("pgd-l2", ["radius": 0.5])],
                             sampleSizes: [100, 200, 400, 800, 1600], testSize: 500, seedCount: 3),
            quick: Experiment(data: spec("sphere", ["d": 50]),
                              estimators: [spec("ntk", ["lambda": 0]), spec("ntk", ["lambda": 0.1])],
                              attacks: [spec("pgd-l2", ["radius": 0.5, "steps": 20])],
                              sampleSizes: [100, 200, 400], testSize: 200, seedCount: 2)),
        Preset(
            name: "sanyal-balls",
            title: "Memorising label noise makes interpolators non-robust (Sanyal et al. 2021, Theorem 1)",
            summary: "100 label-pure balls of radius ρ = 1 in d = 10, training labels flipped with probability η = 0.1: 1-NN interpolates, so every ball holding a flipped training point is within 2ρ of an error; nearest-flip at radius 2ρ certifies flips (its robust error is a lower bound). 7-NN averages the noise away.",
            claim: Claim("The 1-NN interpolator's robust error at radius 2ρ is at or above Sanyal's bound 1 − (1 − η/|ζ|)^m at every m (within 0.05 for sampling), while 7-NN's stays below half the bound at the largest m.",
                         conditions: [
                            .atLeastMinus(.init(.robustError, of: "nearest-neighbor(k=1)", at: .each), .init(sanyalBound, of: "nearest-neighbor(k=1)", at: .each), slack: 0.05),
                            .ratioAtMost(.init(.robustError, of: "nearest-neighbor(k=7)", at: .largest), .init(sanyalBound, of: "nearest-neighbor(k=7)", at: .largest), 0.5),
                         ]),
            full: Experiment(data: spec("balls", ["d": 10, "centers": 100, "radius": 1, "flip": 0.1]),
                             estimators: [spec("nearest-neighbor", ["k": 1]), spec("nearest-neighbor", ["k": 7])],
                             attacks: [spec("nearest-flip", ["radius": 2])],
                             sampleSizes: [250, 500, 1000, 2000], testSize: 1000, seedCount: 5),
            quick: Experiment(data: spec("balls", ["d": 10, "centers": 100, "radius": 1, "flip": 0.1]),
                              estimators: [spec("nearest-neighbor", ["k": 1]), spec("nearest-neighbor", ["k": 7])],
                              attacks: [spec("nearest-flip", ["radius": 2])],
                              sampleSizes: [200, 500], testSize: 500, seedCount: 3)),
        Preset(
            name: "sanyal-breast-cancer",
            title: "Real data: the unregularised classifier is the fragile one (Sanyal et al. 2021, breast cancer)",
            summary: "Wisconsin breast cancer (569 × 30, standardised units, labels ±1): the least-squares classifier without a penalty (min-norm; it interpolates at n ≤ d = 30) against ridge(λ = 0.1), attacked exactly in the ℓ₂ ball of radius 0.5 (the data set is compiled in: runs from any directory).",
            claim: Claim("Min-norm's robust error at radius 0.5 is at least twice ridge(λ = 0.1)'s and at least 0.5 at every n, while ridge's clean error is no worse than min-norm's plus 0.05.",
                         conditions: [
                            .ratioAtLeast(.init(.robustError, of: "min-norm", at: .each), .init(.robustError, of: "ridge(lambda=0.1)", at: .each), 2),
                            .atLeast(.init(.robustError, of: "min-norm", at: .each), 0.5),
                            .atLeastMinus(.init(.cleanError, of: "min-norm", at: .largest), .init(.cleanError, of: "ridge(lambda=0.1)", at: .largest), slack: 0.05),
                         ]),
            full: Experiment(data: breastCancer, estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.1]),
                             attacks: [spec("exact-l2", ["radius": 0.5])], sampleSizes: [30, 100, 200, 400], testSize: 1000,
                             seedCount: 10, target: .label),
            quick: Experiment(data: breastCancer, estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.1]),
                              attacks: [spec("exact-l2", ["radius": 0.5])], sampleSizes: [30, 200], testSize: 1000,
                              seedCount: 3, target: .label)),
        Preset(
            name: "hassani-javanmard",
            title: "The curse of overparametrization in adversarial training (Hassani & Javanmard 2022)",
            summary: "Isotropic Gaussian data, d = 100, a linear target with label noise, n = 200 fixed (ψ₂ = n/d = 2): random-features models adversarially trained at ℓ₂ radius 0.3 (adversarial-rf, Hassani & Javanmard's convex surrogate) with N = ψ₁·d features, ψ₁ from 0.25 to 16, attacked by pgd-l2 at the training radius; target: the labels. Needs the adversarial-rf estimator and the pgd-l2 attack.",
            claim: Claim("For adversarially trained random features at fixed ψ₂ = n/d the robust (adversarial) risk rises again as ψ₁ = N/d grows: at the largest ψ₁ it is ≥ 1.1× its least value on the path.",
                         conditions: [.risesAlong(.adversarialRisk, estimator: "adversarial-rf", parameter: "features", factor: 1.1)]),
            full: Experiment(data: spec("isotropic", ["d": 100]),
                             estimators: [25, 50, 100, 200, 400, 800, 1600].map { spec("adversarial-rf", ["features": $0, "radius": 0.3]).adding("mode", .word("surrogate")) },
                             attacks: [spec("pgd-l2", ["radius": 0.3])], sampleSizes: [200], testSize: 1000, seedCount: 5, target: .label),
            quick: Experiment(data: spec("isotropic", ["d": 50]),
                              estimators: [25, 50, 100, 200, 400].map { spec("adversarial-rf", ["features": $0, "radius": 0.3]).adding("mode", .word("surrogate")) },
                              attacks: [spec("pgd-l2", ["radius": 0.3, "steps": 20])], sampleSizes: [100], testSize: 300, seedCount: 2,
                              target: .label),
            figures: { rows in
                // The papers' x axis: ψ₁ = N/d.
                [ReportFigure(heading: "Risk against ψ₁ = N/d (adversarially trained random features)",
                              caption: "Markers: test-sample means over seeds with 95% Student t intervals; lines: theory where the rows carry it.",
                              plot: RiskPlots.plot(rows.filter { $0.estimator.hasPrefix("adversarial-rf") }, title: "risk against ψ₁ = N/d",
                                                   xLabel: "ψ₁ = N/d (features per input dimension, log scale)",
                                                   yLabel: "risk (squared error, target: label)",
                                                   x: { row in RiskPlots.parameter("features", in: row.estimator).map { $0 / Double(max(row.d, 1)) } },
                                                   series: { _ in "adversarial-rf" }, identifier: "psi1"))]
            }),
    ] + realDataPresets

    static func named(_ name: String) throws(ZooError) -> Preset {
        guard let preset = all.first(where: { $0.name == name }) else {
            throw .usage("unknown experiment '\(name)'" + Suggestions.hint(for: name, among: all.map(\.name)))
        }
        return preset
    }
}

extension ComponentSpec {
    /// The spec with one more argument (`adversarial-rf(…,mode=surrogate)`).
    func adding(_ key: String, _ value: ParameterValue) -> ComponentSpec {
        ComponentSpec(name: name, arguments: arguments + [(key, value)])
    }
}
