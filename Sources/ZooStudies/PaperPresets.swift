import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - The papers' headline results as presets

/// The presets whose claims are the papers' statements in the regime each result assumes (docs/science.md
/// gives the science, the measured verdicts and the findings): Hao & Zhang's ridge trade-off and NTK
/// result, Sanyal et al.'s Theorem 1 up to its sample threshold, Hassani & Javanmard's curse.
extension Presets {
    // MARK: Hao & Zhang: ridge trade-off

    /// The λ grid of the trade-off: 31 log-spaced values from 1e-3 to 1 (10 per decade), fine enough to
    /// resolve both optima, which sit a factor ≈ 2–3 apart.
    static let tradeoffLambdas = logspace(-3, 0, count: 31)

    static let ridgeTradeoff = Preset(
        name: "ridge-tradeoff",
        title: "Every ridge estimator trades standard against adversarial risk (Hao & Zhang 2024)",
        summary:
            "Spiked covariance (d = 20000, 10 spikes, tail = 10), n = 800 fixed, ℓ₂ radius 0.1: the exact population standard and adversarial risks along the ridge path, 31 values of λ from 1e-3 to 1 (one Lanczos run serves the whole path), min-norm (λ = 0) for reference. The trade-off figure plots one against the other, one point per λ.",
        quickSummary:
            "The same spiked covariance (d = 20000, 10 spikes, tail = 10) at n = 400, 2 seeds, 500 test points: the exact population standard and adversarial risks at the same 31 values of λ from 1e-3 to 1.",
        claim: Claim(
            "No ridge penalty is best for both risks: the λ with the least standard risk has an adversarial risk ≥ 1.2× the least on the path, and the λ with the least adversarial risk a standard risk ≥ 1.2× the least.",
            source:
                "Hao & Zhang 2024 (arXiv 2401.12236), main result (ii): the asymptotic trade-off between the standard and the adversarial risk of every ridge estimator",
            regime:
                "overparametrised linear regression with a spiked covariance (a few strong directions and a weak flat tail, the benign-overfitting regime), Gaussian design, an ℓ₂ adversary, target the clean f*",
            conditions: [
                .tradeOff(
                    estimator: "ridge", parameter: "lambda", factor: 1.2,
                    standard: .standardRiskExact, adversarial: .adversarialRiskExact)
            ],
            ifHeld:
                "no single λ makes both risks small, since tuning λ for the standard risk costs at least 20% in adversarial risk and tuning it for the adversarial risk costs at least 20% in standard risk.",
            ifNot:
                "on this grid one λ comes within 20% of both optima, so this run does not show the trade-off (the figures say on which side it fails)."
        ),
        full: Experiment(
            data: spec("spiked", ["d": 20000, "k": 10, "tail": 10]),
            estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs(tradeoffLambdas),
            attacks: [spec("exact-l2", ["radius": 0.1])],
            sampleSizes: [800], testSize: 1000, seedCount: 5),
        quick: Experiment(
            data: spec("spiked", ["d": 20000, "k": 10, "tail": 10]),
            estimators: [ComponentSpec(name: "min-norm")] + ridgeSpecs(tradeoffLambdas),
            attacks: [spec("exact-l2", ["radius": 0.1])],
            sampleSizes: [400], testSize: 500, seedCount: 2))

    // MARK: Hao & Zhang: the NTK counterpart

    static let neuralTangentKernel = Preset(
        name: "ntk",
        title: "The interpolating neural tangent kernel is adversarially fragile (Hao & Zhang 2024, NTK counterpart)",
        summary:
            "Uniform data on the sphere of radius √d (d = 50), a linear target with noise σ = 0.5: NTK regression without a ridge (interpolating) against λ = 0.1, n = 100 … 1600, attacked by ℓ₂ projected gradient ascent at radius 0.5 (target: the clean f*). Where the interpolator's standard risk is small (the largest n), its adversarial risk is compared with the regularised kernel's and with its own standard risk.",
        quickSummary:
            "Sphere data (d = 20, n = 40 … 640, the same n/d range as the full run), linear target with noise σ = 0.5, ntk(λ = 0) against ntk(λ = 0.1), pgd-l2 at radius 0.5 with 20 steps, 300 test points, 2 seeds.",
        claim: Claim(
            "Where the interpolating NTK's standard risk is small (≤ 0.15 at the largest n, the null risk being 1), its adversarial risk under pgd-l2 is ≥ 1.5× the regularised ntk(λ = 0.1)'s and ≥ 3× its own standard risk.",
            source:
                "Hao & Zhang 2024 (arXiv 2401.12236): the two-layer NTK counterpart (lazy training) of the benign-overfitting result",
            regime:
                "the kernel (lazy-training) regime of a two-layer ReLU network, interpolation without a ridge, noisy labels, n ≫ d so that the interpolator's standard risk is small, an ℓ₂ adversary",
            conditions: [
                .atMost(.init(.standardRisk, of: "ntk(lambda=0)", at: .largest), 0.15),
                .ratioAtLeast(
                    .init(.adversarialRisk, of: "ntk(lambda=0)", at: .largest),
                    .init(.adversarialRisk, of: "ntk(lambda=0.1)", at: .largest), 1.5),
                .ratioAtLeast(
                    .init(.adversarialRisk, of: "ntk(lambda=0)", at: .largest),
                    .init(.standardRisk, of: "ntk(lambda=0)", at: .largest), 3),
            ],
            ifHeld:
                "the interpolating kernel overfits benignly in standard risk but not adversarially: its fitted noise makes the worst case in a small ball several times worse than the regularised kernel's.",
            ifNot:
                "at the largest n either the interpolator's standard risk is not yet small or its adversarial risk is not several times the regularised kernel's, so this run does not show the NTK result."
        ),
        full: Experiment(
            data: spec("sphere", ["d": 50]),
            estimators: [spec("ntk", ["lambda": 0]), spec("ntk", ["lambda": 0.1])],
            attacks: [spec("pgd-l2", ["radius": 0.5])],
            sampleSizes: [100, 200, 400, 800, 1600], testSize: 500, seedCount: 3),
        quick: Experiment(
            data: spec("sphere", ["d": 20]),
            estimators: [spec("ntk", ["lambda": 0]), spec("ntk", ["lambda": 0.1])],
            attacks: [spec("pgd-l2", ["radius": 0.5, "steps": 20])],
            sampleSizes: [40, 160, 640], testSize: 300, seedCount: 2))

    // MARK: Sanyal et al.: Theorem 1 up to its threshold

    /// Sanyal et al.'s sample threshold (|ζ|/η)·ln(|ζ|/δ) for |ζ| = 100, η = 0.1, δ = 0.05: 7601.
    static let sanyalThreshold = Int(((100 / 0.1) * Foundation.log(100 / 0.05)).rounded(.up))

    /// The training sizes of the full run, up to the threshold.
    static let sanyalSizes = [250, 500, 1000, 2000, 4000, sanyalThreshold]

    /// The non-interpolating rule at m training points: k = ⌈√m⌉ (odd), the classical consistent choice
    /// (k → ∞, k/m → 0).
    static func growingK(_ m: Int) -> Int {
        let k = Int(Double(m).squareRoot().rounded(.up))
        return k % 2 == 0 ? k + 1 : k
    }

    /// One group per m: 1-NN and the k = ⌈√m⌉ rule.
    static func sanyalGroups(sizes: [Int], testSize: Int, seeds: Int) -> [Experiment] {
        sizes.map { m in
            Experiment(
                data: spec("balls", ["d": 10, "centers": 100, "radius": 1, "flip": 0.1]),
                estimators: [spec("nearest-neighbor", ["k": 1]), spec("nearest-neighbor", ["k": Double(growingK(m))])],
                attacks: [spec("nearest-flip", ["radius": 2])],
                sampleSizes: [m], testSize: testSize, seedCount: seeds)
        }
    }

    /// The rows of the growing-k rule (every nearest-neighbor row with k > 1).
    static let growingKRobustError = ClaimQuantity.Value.derived("robust error (k = ⌈√m⌉)") { row in
        (row.estimatorSpec?.number("k") ?? 1) > 1 ? row.robustError : nil
    }

    static let sanyalBalls = Preset(
        name: "sanyal-balls",
        title: "Memorising label noise makes interpolators non-robust (Sanyal et al. 2021, Theorem 1)",
        summary:
            "100 label-pure balls of radius ρ = 1 in d = 10, training labels flipped with probability η = 0.1, m = 250 … 7601 (the theorem's threshold (|ζ|/η)·ln(|ζ|/δ) at δ = 0.05): 1-NN interpolates, so every ball holding a flipped training point is within 2ρ of an error; nearest-flip at radius 2ρ certifies flips (its robust error is a lower bound). The non-interpolating rule is k-NN with k = ⌈√m⌉ (odd), growing with m as consistency asks (k → ∞, k/m → 0).",
        quickSummary:
            "The same balls (100 balls, η = 0.1, d = 10) at m = 200, 800 and 2000 with 500 test points and 3 seeds: 1-NN against k = ⌈√m⌉-NN (k = 15, 29, 45), nearest-flip at 2ρ.",
        claims: [
            Claim(
                "The 1-NN interpolator's robust error at radius 2ρ is at or above Sanyal's bound 1 − (1 − η/|ζ|)^m at every m (within 0.05 for sampling), while the non-interpolating k = ⌈√m⌉ rule's stays below half the bound at the largest m.",
                source: "Sanyal, Dokania, Kanade & Torr 2021, How Benign is Benign Overfitting?, Theorem 1",
                regime:
                    "|ζ| equal-mass label-pure balls of radius ρ with centres ≥ 10ρ apart, training labels flipped independently with probability η, an interpolating classifier, an ℓ₂ adversary of radius 2ρ; at m ≥ (|ζ|/η)·ln(|ζ|/δ) every ball holds a flipped point with probability ≥ 1 − δ",
                conditions: [
                    .atLeastMinus(
                        .init(.robustError, of: "nearest-neighbor(k=1)", at: .each),
                        .init(sanyalBound, of: "nearest-neighbor(k=1)", at: .each), slack: 0.05),
                    .ratioAtMost(
                        .init(growingKRobustError, of: "nearest-neighbor", at: .largest),
                        .init(sanyalBound, of: "nearest-neighbor(k=1)", at: .largest), 0.5),
                ],
                ifHeld:
                    "the interpolator memorises the flipped labels and becomes non-robust exactly as fast as the theorem says, while the voting rule, which does not fit the noise, stays robust.",
                ifNot:
                    "either 1-NN fell below the theorem's lower bound (which a correct attack cannot do beyond sampling error) or the growing-k rule was not robust at the largest m."
            )
        ],
        full: sanyalGroups(sizes: sanyalSizes, testSize: 1000, seeds: 5),
        quick: sanyalGroups(sizes: [200, 800, 2000], testSize: 500, seeds: 3),
        figures: { rows in
            [
                ReportFigure(
                    heading: "Robust error at radius 2ρ against m, with Sanyal's bound",
                    caption:
                        "Markers: nearest-flip's certified robust error (a lower bound), mean over seeds with 95% intervals; line: the theorem's bound 1 − (1 − η/|ζ|)^m for interpolators. Series: 1-NN (interpolates) and k-NN with k = ⌈√m⌉.",
                    plot: RiskPlots.plot(
                        rows, title: "robust error against m", xLabel: "m (training points, log scale)",
                        yLabel: "robust error at radius 2ρ", x: { Double($0.n) },
                        series: {
                            ($0.estimatorSpec?.number("k") ?? 1) == 1
                                ? "1-NN (interpolates)" : "k-NN, k = ⌈√m⌉"
                        },
                        metrics: [.robustError, .robustErrorTheory], yScale: .linear, identifier: "sanyal-m"))
            ]
        })

    // MARK: Hassani & Javanmard: the curse

    /// ψ₁ = N/d along the path, for both radii.
    static let psi1Path = [0.5, 1, 2, 3, 4, 6, 8]

    /// Adversarially trained random features at radius `radius` along `psi1` (N = ψ₁·d), attacked at the
    /// training radius by pgd-l2 (`steps`), target the labels.
    static func hassaniJavanmardGroup(
        d: Int, n: Int, radius: Double, psi1: [Double], steps: Double, testSize: Int, seeds: Int
    ) -> Experiment {
        Experiment(
            data: spec("isotropic", ["d": Double(d)]),
            estimators: psi1.map {
                spec("adversarial-rf", ["features": ($0 * Double(d)).rounded(), "radius": radius]).adding(
                    "mode", .word("surrogate"))
            },
            attacks: [spec("pgd-l2", ["radius": radius, "steps": steps])], sampleSizes: [n], testSize: testSize,
            seedCount: seeds, target: .label)
    }

    static let hassaniJavanmardClaims: [Claim] = [
        Claim(
            "The curse at ε = 1: for adversarially trained random features at fixed ψ₂ = n/d = 2 the robust risk rises along ψ₁ = N/d (largest ψ₁ ≥ 1.2× the smallest) while the standard risk falls (largest ψ₁ ≤ the smallest), in simulation and in the theory's limit.",
            source:
                "Hassani & Javanmard 2022, The Curse of Overparametrization in Adversarial Training (arXiv 2201.05149), Theorem 4.2 and its ψ₁ curves at large ε",
            regime:
                "isotropic Gaussian inputs, a linear target with label noise, random ReLU features, proportional limit (N, n, d → ∞ with ψ₁ = N/d, ψ₂ = n/d fixed), ℓ₂ adversarial training by the first-order surrogate at radius ε = 1, tested at the same radius against the labels",
            conditions: [
                .endToEnd(
                    .adversarialRisk, estimator: "adversarial-rf(radius=1)", parameter: "features", factor: 1.2,
                    rising: true),
                .endToEnd(
                    .standardRisk, estimator: "adversarial-rf(radius=1)", parameter: "features", factor: 1,
                    rising: false),
                .endToEnd(
                    .adversarialRiskTheory, estimator: "adversarial-rf(radius=1)", parameter: "features", factor: 1.2,
                    rising: true),
            ],
            ifHeld:
                "more features lower the standard risk but raise the robust risk of the adversarially trained model: overparametrisation is a curse for robust generalisation at this radius.",
            ifNot:
                "along ψ₁ the robust risk did not rise by 20% or the standard risk did not fall, so this run does not show the curse at ε = 1."
        ),
        Claim(
            "The shape at ε = 0.3: the robust risk peaks inside the path, near ψ₁ ≈ ψ₂ = 2 (peak at ψ₁ ∈ [1, 4], ≥ 1.1× both ends), and falls after.",
            source:
                "Hassani & Javanmard 2022 (arXiv 2201.05149), Theorem 4.2: the robust risk along ψ₁ at a small radius",
            regime: "as above, with training and test radius ε = 0.3",
            conditions: [
                .peaksInside(
                    .adversarialRisk, estimator: "adversarial-rf(radius=0.3)", parameter: "features",
                    perDimension: true, range: 1...4, factor: 1.1),
                .peaksInside(
                    .adversarialRiskTheory, estimator: "adversarial-rf(radius=0.3)", parameter: "features",
                    perDimension: true, range: 1...4, factor: 1.1),
            ],
            ifHeld:
                "at a small radius the robust risk has a peak near the interpolation threshold ψ₁ ≈ ψ₂ and falls beyond it, so the curse is a large-radius effect.",
            ifNot: "the robust risk at ε = 0.3 did not peak inside the path near ψ₁ ≈ ψ₂ in this run."),
    ]

    static let hassaniJavanmard = Preset(
        name: "hassani-javanmard",
        title: "The curse of overparametrization in adversarial training (Hassani & Javanmard 2022)",
        summary:
            "Isotropic Gaussian data, d = 100, a linear target with label noise σ = 0.5, n = 200 fixed (ψ₂ = n/d = 2): random-features models adversarially trained by Hassani & Javanmard's convex surrogate (adversarial-rf, mode = surrogate) with N = ψ₁·d features, ψ₁ = 0.5 … 8, at ε = 1 and at ε = 0.3, each attacked by pgd-l2 at its training radius (target: the labels), 1000 test points, 5 seeds; the theory's limit (Theorem 4.2) is computed for every row and drawn as lines.",
        quickSummary:
            "The same at d = 40, n = 80 (ψ₂ = 2), ψ₁ = 0.5, 1, 2, 3, 4, 8, pgd-l2 with 20 steps, 300 test points, 2 seeds.",
        claims: hassaniJavanmardClaims,
        full: [1, 0.3].map {
            hassaniJavanmardGroup(d: 100, n: 200, radius: $0, psi1: psi1Path, steps: 50, testSize: 1000, seeds: 5)
        },
        quick: [1, 0.3].map {
            hassaniJavanmardGroup(
                d: 40, n: 80, radius: $0, psi1: [0.5, 1, 2, 3, 4, 8], steps: 20, testSize: 300, seeds: 2)
        },
        figures: { rows in
            [1.0, 0.3].compactMap { radius -> ReportFigure? in
                let selected = rows.filter {
                    $0.estimatorSpec?.name.hasPrefix("adversarial-rf") == true
                        && $0.estimatorSpec?.number("radius") == radius
                }
                guard !selected.isEmpty else { return nil }
                return ReportFigure(
                    heading:
                        "Risk against ψ₁ = N/d at ε = \(NumberText.compact(radius)) (adversarially trained random features, ψ₂ = 2)",
                    caption:
                        "Markers: test-sample means over seeds with 95% Student t intervals (circles: robust risk under pgd-l2 at ε; squares: standard risk); dash-dotted lines: Hassani & Javanmard's limit (Theorem 4.2). Target: the labels.",
                    plot: RiskPlots.plot(
                        selected, title: "risk against ψ₁ at ε = \(NumberText.compact(radius))",
                        xLabel: "ψ₁ = N/d (features per input dimension, log scale)",
                        yLabel: "risk (squared error against the label)",
                        x: { row in
                            row.estimatorSpec?.number("features").map { $0 / Double(max(row.d, 1)) }
                        },
                        series: { _ in "ε = \(NumberText.compact(radius))" },
                        metrics: [.adversarialRisk, .standardRisk, .adversarialRiskTheory, .standardRiskTheory],
                        yScale: .linear, identifier: "psi1-\(radius == 1 ? "large" : "small")"))
            }
        })
}
