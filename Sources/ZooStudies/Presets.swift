import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - Built-in experiments

/// A named experiment from the papers, for `zoo reproduce NAME` (and the default `zoo compare`): the
/// experiment at full size and `--quick` (each one experiment, or several run in turn when the claims
/// need different estimator × attack pairings or per-n estimators), the paper's claims, each in one
/// sentence with its source, regime and the numeric criterion that checks it against the run's own
/// rows, and any figures beyond the automatic ones.
///
/// Presets are data (the table `Presets.all`); the claim vocabulary and checker are `Claim`; the figures
/// are ZooReport's `ReportFigure`s, computed from the rows.
public struct Preset: Sendable {
    public let name: String
    public let title: String
    /// Which paper and result the full experiment follows, and what to look for.
    public let summary: String
    /// What `--quick` runs, when it differs from the full size in more than its sizes (nil: `summary`).
    public var quickSummary: String?
    /// The claims and their criteria, checked on the rows of whichever size ran.
    public let claims: [Claim]
    /// The full and the `--quick` version: one experiment, or groups run in turn.
    public let full: [Experiment]
    public let quick: [Experiment]
    /// Extra report figures computed from the rows.
    public var figures: @Sendable ([ResultRow]) -> [ReportFigure] = { _ in [] }
    /// The installed data set the preset reads, if any: `checkData(registry:quick:)` refuses, before
    /// anything runs, when a file its data models declare (`DataModel.sourceFiles`) is missing.
    public var requiredData: RequiredData?

    public init(
        name: String, title: String, summary: String, quickSummary: String? = nil, claims: [Claim],
        full: [Experiment], quick: [Experiment],
        figures: @escaping @Sendable ([ResultRow]) -> [ReportFigure] = { _ in [] }, requiredData: RequiredData? = nil
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.quickSummary = quickSummary
        self.claims = claims
        self.full = full
        self.quick = quick
        self.figures = figures
        self.requiredData = requiredData
    }

    /// One claim, one experiment per size.
    public init(
        name: String, title: String, summary: String, quickSummary: String? = nil, claim: Claim,
        full: Experiment, quick: Experiment, figures: @escaping @Sendable ([ResultRow]) -> [ReportFigure] = { _ in [] }
    ) {
        self.init(
            name: name, title: title, summary: summary, quickSummary: quickSummary, claims: [claim],
            full: [full], quick: [quick], figures: figures)
    }

    /// The experiments of one size.
    public func experiments(quick: Bool) -> [Experiment] { quick ? self.quick : full }
    /// What the size that runs does.
    public func description(quick: Bool) -> String { quick ? quickSummary ?? summary : summary }
}

public enum Presets {
    /// `count` values from 10^low to 10^high, evenly spaced in log scale.
    static func logspace(_ low: Double, _ high: Double, count: Int) -> [Double] {
        (0..<count).map { Foundation.pow(10, low + (high - low) * Double($0) / Double(max(1, count - 1))) }
    }

    static func ridgeSpecs(_ lambdas: [Double]) -> [ComponentSpec] {
        lambdas.map {
            ComponentSpec(name: "ridge", arguments: [("lambda", .number(Double(String(format: "%.3g", $0))!))])
        }
    }

    /// `name(key=value,…)` from numbers.
    static func spec(_ name: String, _ arguments: KeyValuePairs<String, Double> = [:]) -> ComponentSpec {
        ComponentSpec(name: name, arguments: arguments.map { ($0.key, .number($0.value)) })
    }

    /// The spiked design of the reference sweep: d = 10000, k = 10, tail variance 0.01 per coordinate.
    static let spikedReference = spec("spiked", ["d": 10000, "k": 10, "tail": 99.9])

    /// `zoo compare` with no arguments: min-norm against a few ridge penalties on spiked data.
    public static let defaultComparison = Experiment(
        data: spikedReference,
        estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.001, 0.01, 0.1]),
        attacks: [spec("exact-l2", ["radius": 0.3])],
        sampleSizes: [100, 200, 400, 800, 1600], testSize: 1000, seedCount: 5)

    // MARK: Sanyal et al.'s bound

    /// Sanyal et al. 2021, Theorem 1: an interpolator of m = n training points on `balls` with flip rate η
    /// and |ζ| balls has expected robust error at radius 2ρ of at least 1 − (1 − η/|ζ|)^m (the mass of the
    /// balls holding a flipped training point). Computed from the row's data spec.
    static let sanyalBound = ClaimQuantity.Value.derived("Sanyal's bound 1 − (1 − η/|ζ|)^m") { row in
        guard let flip = row.dataSpec?.number("flip"),
            let centers = row.dataSpec?.number("centers"),
            centers > 0
        else { return nil }
        return 1 - Foundation.pow(1 - flip / centers, Double(row.n))
    }

    // MARK: The table

    /// The compiled-in copy of Examples/data/breast_cancer.csv, so the preset runs from any directory.
    static let breastCancer = ComponentSpec(
        name: "csv",
        arguments: [
            ("path", .word("builtin:breast-cancer")), ("task", .word("classification")),
        ])

    /// Every preset, in the order `zoo reproduce --help` lists them.
    public static let all: [Preset] =
        [
            Preset(
                name: "benign-overfitting",
                title: "Benign overfitting is adversarially harmful (Hao & Zhang 2024)",
                summary:
                    "Spiked covariance with a weak flat tail (tail = 10 over d = 20000): the min-norm interpolator fits the noise in the tail, so its standard risk stays small while ‖θ̂‖ and the adversarial risk under an ℓ₂ attack grow with n; ridge keeps the norm down.",
                quickSummary:
                    "A smaller spiked design (d = 4000, 10 spikes, tail = 2), n = 50 … 400, 500 test points, 3 seeds: min-norm against ridge(λ = 0.01, 0.1, 1) under exact-l2 at radius 0.1.",
                claim: Claim(
                    "The min-norm interpolator's adversarial risk grows with n (largest n ≥ 1.5× smallest) while its standard risk stays small (≤ 0.1 at the largest n), and ridge(λ = 0.1) holds the adversarial risk at the largest n to at most half the interpolator's.",
                    source:
                        "Hao & Zhang 2024 (arXiv 2401.12236), main result (i): the min-norm estimator is adversarially vulnerable in the benign-overfitting setting",
                    regime:
                        "overparametrised linear regression (d ≫ n) with a benign spiked covariance (a few strong directions, a weak flat tail), Gaussian design, noisy labels, an ℓ₂ adversary, target the clean f*",
                    conditions: [
                        .ratioAtLeast(
                            .init(.adversarialRisk, of: "min-norm", at: .largest),
                            .init(.adversarialRisk, of: "min-norm", at: .smallest), 1.5),
                        .atMost(.init(.standardRisk, of: "min-norm", at: .largest), 0.1),
                        .ratioAtMost(
                            .init(.adversarialRisk, of: "ridge(lambda=0.1)", at: .largest),
                            .init(.adversarialRisk, of: "min-norm", at: .largest), 0.5),
                    ],
                    ifHeld:
                        "the interpolator overfits benignly in standard risk yet its norm, and with it the adversarial risk, grows with n, which a ridge penalty prevents.",
                    ifNot:
                        "this run does not show the interpolator's adversarial risk growing with n while its standard risk stays small, or ridge does not halve it."
                ),
                full: Experiment(
                    data: spec("spiked", ["d": 20000, "k": 10, "tail": 10]),
                    estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.01, 0.1, 1]),
                    attacks: [spec("exact-l2", ["radius": 0.1])],
                    sampleSizes: [100, 200, 400, 800, 1600], testSize: 1000, seedCount: 5),
                quick: Experiment(
                    data: spec("spiked", ["d": 4000, "k": 10, "tail": 2]),
                    estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.01, 0.1, 1]),
                    attacks: [spec("exact-l2", ["radius": 0.1])],
                    sampleSizes: [50, 100, 200, 400], testSize: 500, seedCount: 3)),
            Preset(
                name: "sanyal-breast-cancer",
                title: "Real data: the unregularised classifier is the fragile one (Sanyal et al. 2021, breast cancer)",
                summary:
                    "Wisconsin breast cancer (569 × 30, standardised units, labels ±1): the least-squares classifier without a penalty (min-norm; it interpolates at n ≤ d = 30) against ridge(λ = 0.1), attacked exactly in the ℓ₂ ball of radius 0.5 (the data set is compiled in: runs from any directory).",
                quickSummary: "The same data and models at n = 30 and 200 only, 3 seeds.",
                claim: Claim(
                    "Min-norm's robust error at radius 0.5 is at least twice ridge(λ = 0.1)'s and at least 0.5 at every n, while ridge's clean error is no worse than min-norm's plus 0.05.",
                    source:
                        "Sanyal, Dokania, Kanade & Torr 2021, How Benign is Benign Overfitting? (real-data experiments: models that fit the training data exactly are the non-robust ones)",
                    regime:
                        "real tabular data (standardised), a linear classifier fitted by least squares to ±1 labels, interpolating at n ≤ d, an ℓ₂ adversary",
                    conditions: [
                        .ratioAtLeast(
                            .init(.robustError, of: "min-norm", at: .each),
                            .init(.robustError, of: "ridge(lambda=0.1)", at: .each), 2),
                        .atLeast(.init(.robustError, of: "min-norm", at: .each), 0.5),
                        .atLeastMinus(
                            .init(.cleanError, of: "min-norm", at: .largest),
                            .init(.cleanError, of: "ridge(lambda=0.1)", at: .largest), slack: 0.05),
                    ],
                    ifHeld:
                        "the unregularised classifier is the fragile one while the penalty costs nothing in clean error.",
                    ifNot:
                        "on this data the unregularised classifier is not clearly the more fragile one, or the penalty costs clean error."
                ),
                full: Experiment(
                    data: breastCancer, estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.1]),
                    attacks: [spec("exact-l2", ["radius": 0.5])], sampleSizes: [30, 100, 200, 400], testSize: 1000,
                    seedCount: 10, target: .label),
                quick: Experiment(
                    data: breastCancer, estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs([0.1]),
                    attacks: [spec("exact-l2", ["radius": 0.5])], sampleSizes: [30, 200], testSize: 1000,
                    seedCount: 3, target: .label)),
            ridgeTradeoff,
            neuralTangentKernel,
            sanyalBalls,
            hassaniJavanmard,
        ] + realDataPresets

    /// The preset called `name`; an unknown name is a usage error with a "did you mean" hint.
    public static func named(_ name: String) throws(ZooError) -> Preset {
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
