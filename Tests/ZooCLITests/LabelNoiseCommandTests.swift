import Foundation
import Testing
import ZooCore

@testable import ZooCLI

/// Presets on real data run from any directory (the preset's claim is checked in ZooStudiesTests).
@Suite struct LabelNoiseCommandTests {
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
