import Foundation
import Testing
import ZooCore
import ZooHarness
import ZooReport

@testable import ZooCLI

/// The Fashion-MNIST label-noise preset's claim on synthetic rows, and presets that must run from any
/// directory.
@Suite struct LabelNoisePresetTests {
    /// Rows for every group of the quick run: robust error from `robust(estimator, η)`.
    static func rows(robust: (String, Double) -> Double) throws -> [ResultRow] {
        let preset = try Presets.named("sanyal-fashion-mnist")
        let groups = preset.quick
        return groups.flatMap { group in
            let flip = RiskPlots.parameter("flip", in: group.data.description) ?? -1
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
        let flips = Set(groups.compactMap { RiskPlots.parameter("flip", in: $0.data.description) })
        #expect(flips == Set(Presets.fashionFlips))
        for group in groups where group.estimators.contains(where: { $0.name == "nearest-neighbor" }) {
            #expect(group.attacks.map(\.name) == ["nearest-flip"], "k-NN has no input gradient")
        }
    }

    /// The shipped-data preset reads its compiled-in copy: the zoo binary runs it from a directory that
    /// has no Examples/data.
    @Test func sanyalBreastCancerRunsFromAnyDirectory() throws {
        let binary = try #require(
            ExperimentGridTests.binary, "the zoo executable is built by swift build --build-tests")
        let directory = NSTemporaryDirectory() + "zoo-anywhere-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["reproduce", "sanyal-breast-cancer", "--quick", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(error)")
        #expect(text.contains("claim held") || text.contains("claim did not hold"), "\(text)")
    }
}

/// `flip` is a data parameter like any other: an experiment file sweeps it as a grid axis, and each
/// row's data spec records it.
@Suite struct LabelNoiseGridTests {
    @Test func flipIsAGridAxisOnCSVData() throws {
        let directory = NSTemporaryDirectory() + "zoo-flip-grid-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let spec = directory + "/e.json"
        try #"""
        {"data": "csv(path=builtin:digits,task=classification,positive=3,negative=8)", "estimators": ["nearest-neighbor"],
         "attacks": ["nearest-flip(radius=2)"], "n": [100], "seeds": 2, "target": "label", "timings": false,
         "grid": {"data.flip": [0, 0.3]}}
        """#.write(toFile: spec, atomically: true, encoding: .utf8)
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(
            ["run", spec, "--out", directory + "/rows.jsonl", "--quiet"], console: captured.console)
        #expect(status == 0, "\(captured.error)")
        // Rows only: the run header is in the sidecar rows.jsonl.run.json.
        let lines = try String(contentsOfFile: directory + "/rows.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(
            lines.filter { $0.contains("flip=0.3") }.count == 2
                && lines.filter { $0.contains("flip=0,") || $0.contains("flip=0)") }.count == 2)
    }
}

extension LabelNoisePresetTests {
    /// Without Fashion-MNIST the preset refuses before any work, saying how to install it.
    @Test func missingFashionMNISTSaysHowToInstallIt() throws {
        let empty = NSTemporaryDirectory() + "zoo-no-fashion-\(UUID().uuidString)/"
        do {
            try Presets.checkFashionData(directory: empty)
            Issue.record("an empty directory passed")
        } catch {
            #expect(
                error.description.contains(empty + "train-images-idx3-ubyte.gz")
                    && error.description.contains("apt-get install dataset-fashion-mnist"), "\(error)")
        }
    }
}
