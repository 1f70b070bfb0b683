import Foundation
import Testing
import ZooCore
import ZooHarness
import ZooReport

@testable import ZooStudies

/// Each preset's claim checker on synthetic rows shaped like its own experiment: one set of numbers
/// where the paper's effect is present (the claim must hold) and one where it is absent (it must not).
@Suite struct PresetClaimTests {
    /// Rows for every estimator × attack × n × seed of each experiment, with metrics from `metrics`
    /// (standard, adversarial) for regression — the same values in the exact and theory columns — or
    /// (clean, robust) for classification; seeds add ±1% noise.
    static func rows(
        _ experiments: [Experiment], task: Task, bound: Bool = false,
        metrics: (String, Int) -> (Double, Double)
    ) -> [ResultRow] {
        var rows: [ResultRow] = []
        for experiment in experiments {
            for estimator in experiment.estimators {
                for attack in experiment.attacks {
                    for n in experiment.sampleSizes {
                        for seed in experiment.seeds {
                            let (clean, attacked) = metrics(estimator.description, n)
                            let wobble = 1 + 0.01 * (Double(seed) - 1)
                            var row = ResultRow(
                                data: experiment.data.description, estimator: estimator.description,
                                attack: attack.description, target: experiment.target.rawValue, n: n,
                                d: Int(experiment.data.number("d") ?? 10),
                                seed: seed, task: task)
                            if task == .regression {
                                row.standardRisk = clean * wobble
                                row.adversarialRisk = attacked * wobble
                                row.standardRiskExact = clean
                                row.adversarialRiskExact = attacked
                                row[.standardRiskTheory] = clean
                                row[.adversarialRiskTheory] = attacked
                            } else {
                                row.cleanError = clean * wobble
                                row.robustError = attacked * wobble
                                if bound { row.labels[ResultMetric.robustErrorBoundColumn] = "lower" }
                            }
                            rows.append(row)
                        }
                    }
                }
            }
        }
        return rows
    }

    /// The verdict of the preset's first claim (`claim`: another) on synthetic rows of its quick size.
    static func verdict(
        _ name: String, task: Task = .regression, claim: Int = 0,
        metrics: (String, Int) -> (Double, Double)
    ) throws -> ClaimVerdict {
        let preset = try Presets.named(name)
        return preset.claims[claim].check(rows(preset.quick, task: task, metrics: metrics))
    }

    static func lambda(_ spec: String) -> Double { parameter("lambda", in: spec) ?? 0 }

    /// The numeric parameter `name` of a spec text (the closures here get the estimator's text).
    static func parameter(_ name: String, in spec: String) -> Double? {
        (try? ComponentSpec(parsing: spec))?.number(name)
    }

    @Test func benignOverfitting() throws {
        let held = try Self.verdict("benign-overfitting") { estimator, n in
            estimator == "min-norm" ? (0.05, 0.1 * Double(n) / 50) : (0.06, 0.12)
        }
        #expect(held.held, "\(held.text)")
        let flat = try Self.verdict("benign-overfitting") { estimator, _ in
            estimator == "min-norm" ? (0.05, 0.3) : (0.06, 0.12)
        }
        #expect(!flat.held)
        #expect(flat.checks.filter { !$0.held }.count == 1, "only the growth check fails: \(flat.text)")
        let risky = try Self.verdict("benign-overfitting") { estimator, n in
            estimator == "min-norm" ? (0.3, 0.1 * Double(n) / 50) : (0.06, 0.12)
        }
        #expect(!risky.held, "standard risk above 0.1 must fail the claim")
    }

    @Test func ridgeTradeoff() throws {
        // Standard risk least at λ = 0.01, adversarial risk least at the largest λ: a trade-off.
        let held = try Self.verdict("ridge-tradeoff") { estimator, _ in
            let t = log10(max(Self.lambda(estimator), 1e-6))
            return (0.05 + 0.01 * (t + 2) * (t + 2), 0.5 - 0.1 * t)
        }
        #expect(held.held, "\(held.text)")
        // Both least at the same λ: no trade-off.
        let none = try Self.verdict("ridge-tradeoff") { estimator, _ in
            let t = log10(max(Self.lambda(estimator), 1e-6))
            let risk = 0.1 + 0.01 * (t + 2) * (t + 2)
            return (risk, 2 * risk)
        }
        #expect(!none.held, "\(none.text)")
    }

    @Test func neuralTangentKernel() throws {
        // Small standard risk, adversarial risk 2.5× the regularised kernel's and 5× its own standard risk.
        let held = try Self.verdict("ntk") { estimator, _ in Self.lambda(estimator) == 0 ? (0.1, 0.5) : (0.12, 0.2) }
        #expect(held.held, "\(held.text)")
        let flat = try Self.verdict("ntk") { _, _ in (0.1, 0.2) }
        #expect(!flat.held)
        let large = try Self.verdict("ntk") { estimator, _ in Self.lambda(estimator) == 0 ? (0.4, 1.5) : (0.12, 0.2) }
        #expect(!large.held, "an interpolator whose standard risk is not small is outside the result's regime")
    }

    @Test func sanyalBalls() throws {
        let preset = try Presets.named("sanyal-balls")
        func bound(_ n: Int) -> Double { 1 - pow(1 - 0.1 / 100, Double(n)) }
        func isOne(_ estimator: String) -> Bool { Self.parameter("k", in: estimator) == 1 }
        let held = preset.claims[0].check(
            Self.rows(preset.quick, task: .classification, bound: true) { estimator, n in
                isOne(estimator) ? (0.1, bound(n) + 0.01) : (0.02, 0.1 * bound(n))
            })
        #expect(held.held, "\(held.text)")
        let below = preset.claims[0].check(
            Self.rows(preset.quick, task: .classification, bound: true) { estimator, n in
                isOne(estimator) ? (0.1, bound(n) - 0.2) : (0.02, 0.1 * bound(n))
            })
        #expect(!below.held)
        let robustLarge = preset.claims[0].check(
            Self.rows(preset.quick, task: .classification) { _, n in (0.1, bound(n) + 0.01) })
        #expect(!robustLarge.held, "the growing-k rule at the bound must fail the second check")
        // The growing-k rule: k = ⌈√m⌉, odd, one group per m.
        #expect(Presets.sanyalThreshold == 7601 && Presets.growingK(7601) == 89 && Presets.growingK(200) == 15)
        #expect(preset.full.map { $0.sampleSizes } == Presets.sanyalSizes.map { [$0] })
    }

    @Test func sanyalBreastCancer() throws {
        let held = try Self.verdict("sanyal-breast-cancer", task: .classification) { estimator, _ in
            estimator == "min-norm" ? (0.06, 0.97) : (0.05, 0.15)
        }
        #expect(held.held, "\(held.text)")
        let robust = try Self.verdict("sanyal-breast-cancer", task: .classification) { estimator, _ in
            estimator == "min-norm" ? (0.06, 0.25) : (0.05, 0.15)
        }
        #expect(!robust.held)
    }

    @Test func everyPresetStatesAClaimWithConditions() {
        for preset in Presets.all {
            #expect(!preset.claims.isEmpty, "\(preset.name)")
            #expect(preset.quickSummary != nil, "\(preset.name): --quick says what it runs")
            for claim in preset.claims {
                #expect(!claim.statement.isEmpty && !claim.conditions.isEmpty, "\(preset.name)")
                #expect(
                    !claim.source.isEmpty && !claim.regime.isEmpty && !claim.meaningIfHeld.isEmpty
                        && !claim.meaningIfNot.isEmpty,
                    "\(preset.name): every claim names its source and regime and explains both outcomes")
            }
            let cells = { (experiments: [Experiment]) in
                experiments.reduce(0) {
                    $0 + $1.sampleSizes.count * $1.seedCount * $1.estimators.count * $1.attacks.count
                }
            }
            #expect(cells(preset.quick) <= cells(preset.full), "\(preset.name): quick is the smaller run")
        }
        #expect(Claim("x", conditions: []).check([]).held == false, "no checks, no verdict of held")
    }
}

extension PresetClaimTests {
    @Test func hassaniJavanmard() throws {
        // Checked on synthetic rows, so it runs whether or not adversarial-rf is registered yet.
        // Quick size: d = 40. ε = 1: robust risk rising, standard risk falling along ψ₁; ε = 0.3: a peak at ψ₁ = 2.
        let shapes = { (estimator: String, _: Int) -> (Double, Double) in
            let psi1 = (Self.parameter("features", in: estimator) ?? 1) / 40
            if Self.parameter("radius", in: estimator) == 1 { return (1.3 - 0.05 * psi1, 1.2 + 0.15 * psi1) }
            return (1, 1.9 - 0.3 * abs(log2(psi1 / 2)))
        }
        let curse = try Self.verdict("hassani-javanmard", claim: 0, metrics: shapes)
        #expect(curse.held, "\(curse.text)")
        let shape = try Self.verdict("hassani-javanmard", claim: 1, metrics: shapes)
        #expect(shape.held, "\(shape.text)")
        let falling = try Self.verdict("hassani-javanmard") { estimator, _ in
            (0.5, 2 / (Self.parameter("features", in: estimator) ?? 1))
        }
        #expect(!falling.held)
        let monotone = try Self.verdict("hassani-javanmard", claim: 1) { estimator, _ in
            (1, 1 + (Self.parameter("features", in: estimator) ?? 1) / 40)
        }
        #expect(!monotone.held, "a peak at the end of the path is no interior peak")
    }
}
