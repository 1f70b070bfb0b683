import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - Label noise on real images (Sanyal et al. 2021)

extension Presets {
    /// The presets on real image data, appended to `Presets.all`.
    static let realDataPresets: [Preset] = [sanyalFashionMNIST]

    /// The flip rates η of the full and the quick run.
    static let fashionFlips = [0, 0.05, 0.1, 0.15, 0.2]
    static let fashionQuickFlips = [0, 0.1, 0.2]
    /// The ℓ₂ attack radius in pixel units (pixels in [0, 1]): about a sixth of the median distance from a
    /// test image to its nearest training image of the same class (3.3) and a thirteenth of that to the
    /// other class (6.6), so that without label noise every model but min-norm random features keeps its
    /// robust error small (pilot at n = 200: docs/real-data.md).
    static let fashionRadius = 0.5

    /// Fashion-MNIST T-shirt/top (+1) against trouser (−1), pixels in [0, 1], d = 784.
    static func fashion(flip: Double) -> ComponentSpec {
        spec("idx", ["positive": 0, "negative": 1, "flip": flip])
    }

    /// Interpolating and non-interpolating models, each under the attack that applies: k-NN has no input
    /// gradient, so it runs in its own group under nearest-flip (decision-based, certified flips); the
    /// models with an input gradient run under pgd-l2. (nearest-flip is not run on them: on random
    /// features with N = 10⁴ it would evaluate the model at about 10⁵ probe points per cell.)
    static func fashionGroups(flips: [Double], n: Int, test: Int, seeds: Int, pgdSteps: Double, features: Double)
        -> [Experiment]
    {
        flips.flatMap { flip -> [Experiment] in
            let data = fashion(flip: flip)
            let neighbours = Experiment(
                data: data, estimators: [spec("nearest-neighbor", ["k": 1]), spec("nearest-neighbor", ["k": 25])],
                attacks: [spec("nearest-flip", ["radius": fashionRadius])],
                sampleSizes: [n], testSize: test, seedCount: seeds, target: .label)
            let smooth = Experiment(
                data: data,
                estimators: [
                    spec("ntk", ["lambda": 0]), spec("ntk", ["lambda": 0.1]),
                    spec("random-features", ["features": features, "lambda": 0]), spec("ridge", ["lambda": 1]),
                ],
                attacks: [spec("pgd-l2", ["radius": fashionRadius, "steps": pgdSteps])],
                sampleSizes: [n], testSize: test, seedCount: seeds, target: .label)
            return [neighbours, smooth]
        }
    }

    /// The robust error of rows at flip rate η (nil for other rows), for conditions at one η.
    static func robustError(atFlip flip: Double) -> ClaimQuantity.Value {
        .derived("robust error at η = \(NumberText.compact(flip))") { row in
            row.dataSpec?.number("flip") == flip ? row.robustError : nil
        }
    }

    /// Interpolator, its non-interpolating counterpart, and the attack they are compared under.
    static let fashionPairs: [(interpolator: String, other: String, attack: String)] = [
        ("nearest-neighbor(k=1)", "nearest-neighbor(k=25)", "nearest-flip"),
        ("ntk(lambda=0)", "ntk(lambda=0.1)", "pgd-l2"),
        ("random-features(lambda=0)", "ridge(lambda=1)", "pgd-l2"),
    ]

    /// A legend label for a row's estimator: `1-NN`, `ntk λ=0`, `min-norm RF N=10000`, `ridge λ=1`.
    static func shortName(_ row: ResultRow) -> String {
        guard let estimator = row.estimatorSpec else { return row.estimator }
        func value(_ key: String) -> String { estimator.number(key).map(NumberText.compact) ?? "?" }
        switch estimator.name {
        case "nearest-neighbor": return "\(value("k"))-NN"
        case "ntk": return "ntk λ=\(value("lambda"))"
        case "random-features":
            return estimator.number("lambda") == 0
                ? "min-norm RF N=\(value("features"))" : "RF λ=\(value("lambda"))"
        case "ridge": return "ridge λ=\(value("lambda"))"
        default: return estimator.name
        }
    }

    static let sanyalFashionMNIST: Preset = {
        let high = fashionFlips.last!
        let quickHigh = fashionQuickFlips.last!
        precondition(high == quickHigh, "both sizes end at the same η, so one claim serves both")
        let conditions = fashionPairs.flatMap { pair -> [ClaimCondition] in
            [
                .ratioAtLeast(
                    .init(robustError(atFlip: high), of: pair.interpolator, attack: pair.attack, at: .largest),
                    .init(robustError(atFlip: 0), of: pair.interpolator, attack: pair.attack, at: .largest), 1.5),
                .ratioAtMost(
                    .init(robustError(atFlip: high), of: pair.other, attack: pair.attack, at: .largest),
                    .init(robustError(atFlip: high), of: pair.interpolator, attack: pair.attack, at: .largest), 1),
            ]
        }
        // Random features: N = 20n, far past the interpolation threshold N = n.
        let full = fashionGroups(flips: fashionFlips, n: 500, test: 300, seeds: 3, pgdSteps: 20, features: 10000)
        let quick = fashionGroups(flips: fashionQuickFlips, n: 100, test: 100, seeds: 3, pgdSteps: 10, features: 2000)
        return Preset(
            name: "sanyal-fashion-mnist",
            title: "Label noise on real images: interpolators lose robustness (Sanyal et al. 2021, Fashion-MNIST)",
            summary:
                "Fashion-MNIST T-shirt/top (+1) against trouser (−1), d = 784, pixels in [0, 1]; training labels flipped with probability η from 0 to 0.2 (test labels clean), as in Sanyal et al.'s label-noise experiments on MNIST and CIFAR-10, here with Fashion-MNIST. Interpolators (1-NN, ntk(λ = 0), min-norm random features, N = 20n) against non-interpolating rules (25-NN, ntk(λ = 0.1), ridge(λ = 1)), attacked in the ℓ₂ ball of radius \(NumberText.compact(fashionRadius)) by pgd-l2 (the models with an input gradient) and nearest-flip (k-NN; certified flips, a lower bound). Needs Debian's Fashion-MNIST (apt-get install dataset-fashion-mnist).",
            quickSummary:
                "The same two classes and models at n = 100 (N = 2000 random features), η = 0, 0.1, 0.2, 100 test points, 3 seeds, pgd-l2 with 10 steps. Needs Debian's Fashion-MNIST (apt-get install dataset-fashion-mnist).",
            claims: [
                Claim(
                    "Fitting label noise costs robustness: each interpolator's robust error at η = \(NumberText.compact(high)) is ≥ 1.5× its value at η = 0, and its non-interpolating counterpart's robust error at η = \(NumberText.compact(high)) is no higher (1-NN vs 25-NN under nearest-flip; ntk(λ = 0) vs ntk(λ = 0.1) and min-norm random features vs ridge under pgd-l2).",
                    source:
                        "Sanyal, Dokania, Kanade & Torr 2021, How Benign is Benign Overfitting? (label-noise experiments on real images)",
                    regime:
                        "two image classes, training labels flipped with probability η (test labels clean), models that fit the training labels exactly against ones that do not, an ℓ₂ adversary",
                    conditions: conditions,
                    ifHeld:
                        "the models that fit the flipped labels lose robustness as η grows while their non-interpolating counterparts stay at or below them.",
                    ifNot:
                        "on this run an interpolator's robust error did not rise by 1.5× from η = 0 to the largest η, or a non-interpolating counterpart was less robust."
                )
            ],
            full: full, quick: quick,
            figures: { rows in
                [
                    ReportFigure(
                        heading: "Robust error against the flip rate η (Sanyal et al. 2021)",
                        caption:
                            "Markers: test-sample means over seeds with 95% Student t intervals of the robust error at ℓ₂ radius \(NumberText.compact(fashionRadius)), one series per estimator and attack; nearest-flip's robust error is a lower bound (certified flips).",
                        plot: RiskPlots.plot(
                            rows, title: "robust error against η", xLabel: "η, the training-label flip rate",
                            yLabel: "robust error (0–1 loss under attack)",
                            x: { $0.dataSpec?.number("flip") },
                            series: { "\(shortName($0)) · \($0.attackSpec?.name ?? $0.attack)" },
                            metrics: [.robustError],
                            xScale: .linear, yScale: .linear, identifier: "flip"))
                ]
            },
            requiredData: RequiredData(
                name: "Fashion-MNIST", install: "apt-get install dataset-fashion-mnist (Debian, Ubuntu)"))
    }()
}
