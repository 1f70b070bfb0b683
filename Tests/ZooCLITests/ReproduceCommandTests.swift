import Foundation
import Testing
import ZooCore

@testable import ZooCLI

/// `zoo reproduce` end to end, and `zoo report` on the rows a run saved (the presets' claims are checked
/// on synthetic rows in ZooStudiesTests).
@Suite struct ReproduceCommandTests {
    @Test func reproduceRunsEndToEndAndWritesTheVerdict() throws {
        // The cheapest preset (about 0.1 s in release); its data set is compiled in.
        let directory = NSTemporaryDirectory() + "zoo-reproduce-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(
            ["reproduce", "sanyal-breast-cancer", "--quick", "--report", directory + "/r.html"],
            console: captured.console)
        #expect(status == 0, "\(captured.error)")
        #expect(captured.out.contains("claim held") || captured.out.contains("claim did not hold"))
        #expect(captured.out.contains("✓") || captured.out.contains("✗"))
        let html = try String(contentsOfFile: directory + "/r.html", encoding: .utf8)
        // Words are unbreakable spans: compare the text without its tags.
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        #expect(html.contains("<h2>Claim</h2>") && text.contains("zoo reproduce sanyal-breast-cancer --quick"))
        #expect(
            html.contains("&quot;estimators&quot;") && html.contains("zoo \(ZooCommandLine.version)"),
            "spec and version in the footer")
    }

    @Test func reportFromSavedRowsSkipsTheRunHeader() throws {
        let directory = NSTemporaryDirectory() + "zoo-report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rows = directory + "/rows.jsonl"
        let compare = ZooCommandLine.run(
            [
                "compare", "--data", "isotropic(d=20)", "--estimators", "min-norm,ridge(lambda=0.1)",
                "--attacks", "exact-l2(radius=0.1)", "--n", "5,10", "--seeds", "2", "--test", "50",
                "--format", "jsonl", "--out", rows, "--no-timings",
            ], console: CapturedConsole().console)
        try #require(compare == 0)
        var text = try String(contentsOfFile: rows, encoding: .utf8)
        // A header line inside the file (as files written before the FILE.run.json sidecar have) is skipped too.
        if !text.hasPrefix("{\"zoo_run\"") {
            text = try String(contentsOfFile: rows + ".run.json", encoding: .utf8) + text
        }
        try text.write(toFile: rows, atomically: true, encoding: .utf8)
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(["report", rows], console: captured.console)
        #expect(status == 0, "\(captured.error)")
        let html = try String(contentsOfFile: directory + "/rows.html", encoding: .utf8)
        #expect(html.contains("ridge(lambda=0.1)") && html.contains("<svg") && html.contains("zoo_run"))
        #expect(ZooCommandLine.run(["report", directory + "/missing.jsonl"], console: CapturedConsole().console) == 1)
    }
}
