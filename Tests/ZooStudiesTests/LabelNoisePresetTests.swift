import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooReport

@testable import ZooStudies

/// The Fashion-MNIST label-noise preset's claim on synthetic rows, its groups, and its check for the data.
@Suite struct LabelNoisePresetTests {
    /// Rows for every group of the quick run: robust error from `robust(estimator, η)`.
    static func rows(robust: (String, Double) -> Double) throws -> [ResultRow] {
        let preset = try Presets.named("sanyal-fashion-mnist")
        let groups = preset.quick
        return groups.flatMap { group in
            let flip = group.data.number("flip") ?? -1
            return PresetClaimTests.rows([group], task: .classification) { estimator, _ in
                (0.05, robust(estimator, flip))
            }
        }
    }

    static func interpolates(_ estimator: String) -> Bool {
        ["k=1", "ntk(lambda=0", "random-features"].contains { estimator.contains($0) }
    }

    @Test func claimHoldsWhenInterpolatorsLoseRobustnessWithNoise() throws {
        let preset = try Presets.named("sanyal-fashion-mnist")
        let held = preset.claims[0].check(
            try Self.rows { estimator, flip in Self.interpolates(estimator) ? 0.1 + 2 * flip : 0.1 + 0.2 * flip })
        #expect(held.held, "\(held.text)")
        #expect(held.checks.count == 6)
        let flat = preset.claims[0].check(
            try Self.rows { estimator, flip in Self.interpolates(estimator) ? 0.1 + 0.1 * flip : 0.05 })
        #expect(!flat.held, "no rise with η must fail")
        let robustInterpolators = preset.claims[0].check(
            try Self.rows { estimator, flip in Self.interpolates(estimator) ? 0.1 + 2 * flip : 0.6 })
        #expect(!robustInterpolators.held, "counterparts worse than the interpolators must fail")
    }

    @Test func groupsSweepTheFlipRateAndPairAttacksWithCapabilities() throws {
        let preset = try Presets.named("sanyal-fashion-mnist")
        let groups = preset.full
        let flips = Set(groups.compactMap { $0.data.number("flip") })
        #expect(flips == Set(Presets.fashionFlips))
        for group in groups where group.estimators.contains(where: { $0.name == "nearest-neighbor" }) {
            #expect(group.attacks.map(\.name) == ["nearest-flip"], "k-NN has no input gradient")
        }
    }
}

extension LabelNoisePresetTests {
    /// Without Fashion-MNIST the preset refuses before any work, naming the first file its data model
    /// declares and saying how to install it.
    @Test func missingFashionMNISTSaysHowToInstallIt() throws {
        let empty = NSTemporaryDirectory() + "zoo-no-fashion-\(UUID().uuidString)/"
        let files = ["images", "labels", "test-images", "test-labels"].map { key in
            (key: key, value: ParameterValue.word(empty + key + ".gz"))
        }
        var preset = try Presets.named("sanyal-fashion-mnist")
        preset = Preset(
            name: preset.name, title: preset.title, summary: preset.summary, claims: [],
            full: [],
            quick: preset.quick.map { experiment in
                var experiment = experiment
                experiment.data = ComponentSpec(
                    name: experiment.data.name, arguments: experiment.data.arguments + files)
                return experiment
            }, requiredData: preset.requiredData)
        do {
            try preset.checkData(registry: Catalog.makeRegistry(), quick: true)
            Issue.record("an empty directory passed")
        } catch {
            #expect(
                error.description.contains("sanyal-fashion-mnist needs Fashion-MNIST, and \(empty)images.gz is missing")
                    && error.description.contains("apt-get install dataset-fashion-mnist"), "\(error)")
        }
    }
}
