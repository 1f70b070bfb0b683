import Foundation
import Testing
import ZooCLI
import ZooCore
import ZooHarness
import ZooReport

/// `zoo compare --head-to-head / --baseline` and `zoo report --head-to-head` end to end, on small runs.
@Suite struct HeadToHeadCommandTests {
    func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "zoo-h2h-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let common = [
        "compare", "--data", "spiked(d=300)", "--estimators", "min-norm,ridge(lambda=0.1)",
        "--attacks", "exact-l2", "--n", "60", "--seeds", "8", "--test", "400", "--no-timings", "--quiet",
    ]

    /// min-norm and ridge see the same samples, so the seed-to-seed variation they share cancels in the
    /// paired differences: the paired 95% interval is strictly narrower than the interval for the
    /// difference built from the two per-estimator intervals, [lo_A − hi_B, hi_A − lo_B].
    @Test func pairedIntervalIsNarrowerThanTheDifferenceOfIntervals() throws {
        let directory = temporaryDirectory()
        let rowsPath = directory + "/rows.jsonl"
        #expect(zoo(Self.common + ["--format", "jsonl", "--out", rowsPath]).status == 0)
        let out = zoo(["report", rowsPath, "--head-to-head", "--format", "jsonl", "--adjust", "none"])
        #expect(out.status == 0)
        let text = try String(contentsOfFile: rowsPath, encoding: .utf8)
        let rows = try readResultFile(jsonLines: text).rows
        let comparisons = try HeadToHead(adjustment: .none).comparisons(rows)
        #expect(out.out.split(separator: "\n").count == comparisons.count)
        for metric in [ResultMetric.standardRisk, .adversarialRisk] {
            let a = try #require(
                MeanInterval(rows.filter { $0.estimator.hasPrefix("min-norm") }.compactMap { $0[metric] }))
            let b = try #require(
                MeanInterval(rows.filter { $0.estimator.hasPrefix("ridge") }.compactMap { $0[metric] }))
            let paired = try #require(comparisons.first { $0.metric == metric })
            #expect(paired.pairedSeeds == 8 && paired.onlyA == 0 && paired.onlyB == 0)
            #expect(abs(paired.meanDifference! - (a.mean - b.mean)) < 1e-12 * max(1, abs(a.mean)))
            #expect(2 * paired.halfWidth! < 2 * (a.halfWidth! + b.halfWidth!))
        }
    }

    @Test func baselinePrintsTheTableAndTheReportShowsTheMatrix() throws {
        let directory = temporaryDirectory()
        let report = directory + "/report.html"
        let result = zoo(Self.common + ["--baseline", "ridge(lambda=0.1)", "--report", report])
        #expect(result.status == 0)
        #expect(result.out.contains("head to head · data: spiked(d=300"))
        #expect(result.out.contains("min-norm(rcond=0)  −  ridge(lambda=0.1"))
        let headToHead = try #require(result.out.range(of: "head to head ·")).lowerBound
        #expect(result.out[headToHead...].split(separator: "\n").allSatisfy { $0.count <= 80 })
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<h2>Head to head</h2>") && html.contains("baseline: ridge(lambda=0.1"))
    }

    @Test func refusals() {
        let absent = zoo(Self.common + ["--baseline", "ridge(lambda=1)"])
        #expect(
            absent.status == 2 && absent.error.contains("--baseline")
                && absent.error.contains("not one of --estimators"))
        let stdoutRows = zoo(Self.common + ["--head-to-head", "--format", "csv"])
        #expect(stdoutRows.status == 2 && stdoutRows.error.contains("--out FILE"))
        let badAdjust = zoo(Self.common + ["--head-to-head", "--adjust", "holms"])
        #expect(badAdjust.status == 2 && badAdjust.error.contains("--adjust"))
    }
}
