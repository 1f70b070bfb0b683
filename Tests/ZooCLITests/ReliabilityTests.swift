import Foundation
import Testing
import ZooCLI
import ZooCore
import ZooHarness
import ZooReport

/// Regression tests for issue 8: nothing lost, nothing silently wrong, no crash on any input.
/// Each test names the defect it pins down; each failed before its fix (reproduced on the release binary).
@Suite struct ReliabilityTests {
    func directory() throws -> String { try temporaryDirectory("reliability") }

    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples").path

    /// A small experiment file.
    func experimentFile(in dir: String, name: String = "e.json", test: Int = 30, extra: String = "") throws -> String {
        let path = dir + "/" + name
        let text =
            #"{"data":"isotropic(d=20)","estimators":["min-norm","ridge"],"attacks":["exact-l2"],"n":[5,10],"test":\#(test),"seeds":2,"timings":false\#(extra)}"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let small = ["compare", "--data", "isotropic(d=20)", "--estimators", "min-norm", "--attacks", "exact-l2"]

    // MARK: 1. One writer per output file

    @Test func secondWriterOfAnOutputFileIsRefused() throws {
        let dir = try directory()
        let out = dir + "/r.jsonl"
        let holder = try ResultSink(path: out, format: .jsonl, mode: .append)
        let spec = try experimentFile(in: dir)
        let second = zoo("run", spec, "--out", out)
        #expect(second.status == 1 && second.error.contains("locked") && second.error.contains(out), "\(second.error)")
        // The same holds for compare's FILE.partial.
        let partial = try ResultSink(path: dir + "/c.csv", format: .csv, mode: .replaceOnFinish)
        let compare = zoo(Self.small + ["--n", "5", "--format", "csv", "--out", dir + "/c.csv"])
        #expect(compare.status == 1 && compare.error.contains("locked"))
        holder.abandon()
        partial.abandon()
        #expect(zoo("run", spec, "--out", out).status == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 8)
    }

    // MARK: 2. Fingerprints

    @Test func resumeRefusesAnotherExperimentsFile() throws {
        let dir = try directory()
        let out = dir + "/r.jsonl"
        let spec = try experimentFile(in: dir)
        #expect(zoo("run", spec, "--out", out).status == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!text.contains("zoo_run"), "the run header is in the sidecar, not among the rows")
        let contents = try readResultFile(jsonLines: text)
        #expect(contents.rows.count == 8 && contents.fingerprint == nil)
        #expect(try RunHeaderFile.fingerprint(for: out, inFile: nil)?.testSize == 30)

        let again = zoo("run", spec, "--out", out)
        #expect(again.status == 2 && again.error.contains("--resume"), "\(again.error)")
        let other = try experimentFile(in: dir, name: "other.json", test: 50)
        let mismatch = zoo("run", other, "--out", out, "--resume")
        #expect(mismatch.status == 2 && mismatch.error.contains("test: 30 → 50"), "\(mismatch.error)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == text)  // untouched
        let same = zoo("run", spec, "--out", out, "--resume")
        let after = try String(contentsOfFile: out, encoding: .utf8)
        #expect(same.status == 0 && after == text)
        // A report can be built from a file with a header.
        #expect(zoo("run", spec, "--out", out, "--resume", "--report", dir + "/r.html").status == 0)
    }

    @Test func fingerprintDifferencesNameTheFields() {
        let a = RunFingerprint(
            data: "isotropic(d=20)", estimators: ["min-norm"], attacks: ["exact-l2"], target: "clean",
            sampleSizes: [5], testSize: 30, firstSeed: 0, seedCount: 2, timings: false)
        var b = a
        b.data = "spiked(d=20)"
        b.seedCount = 3
        #expect(b.differences(from: a) == ["data: isotropic(d=20) → spiked(d=20)", "seeds: 2 → 3"])
        #expect(a.differences(from: a).isEmpty)
        #expect((try? RunFingerprint.parseHeader(b.headerLine)) == b)
        #expect((try? RunFingerprint.parseHeader(#"{"data":"x"}"#)) == .some(nil))
    }

    // MARK: 4. Duplicates

    @Test func duplicateSizesAndSpecsAreRefused() {
        let sizes = zoo(Self.small + ["--n", "5,5"])
        #expect(sizes.status == 2 && sizes.error.contains("twice"))
        let specs = zoo(
            [
                "--data", "isotropic(d=20)", "--estimators", "ridge,ridge(lambda=0.01)", "--attacks", "exact-l2", "--n",
                "5",
            ].withCommand("compare"))
        #expect(specs.status == 2 && specs.error.contains("ridge(lambda=0.01)"))
        let attacks = zoo(Self.small + ["--n", "5", "--attacks", "exact-l2(radius=0.1)"])
        #expect(attacks.status == 2 && attacks.error.contains("twice"))
    }

    // MARK: 5. Non-finite metrics

    @Test func overflowingRisksAreAnErrorNotNull() throws {
        let dir = try directory()
        let csv = dir + "/huge.csv"
        var lines = ["x1,x2,y"]
        for i in 0..<40 { lines.append("\(Double(i % 7)),\(Double(i % 3)),\(i % 2 == 0 ? 1e300 : -1e300)") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let outcome = zoo(
            "compare", "--data", "csv(path=\(csv),standardize=false)", "--target", "label", "--estimators", "ridge",
            "--attacks", "exact-l2", "--n", "10", "--format", "jsonl")
        #expect(outcome.status == 1 && outcome.error.contains("error:"), "\(outcome.error)")
        #expect(!outcome.out.contains("null,\"adversarial_risk\"") && !outcome.out.contains("\"standard_risk\":null"))
    }

    @Test func legitimateInfinityIsMarkedNotNull() throws {
        var row = ResultRow(
            data: "d", estimator: "e", attack: "a", target: "clean", n: 1, d: 1, seed: 0, task: .regression)
        row[.standardRisk] = 1
        row[.adversarialRisk] = 2
        row[.trainMSE] = 0
        row[.maxPerturbation] = 0
        row[.standardRiskTheory] = .infinity
        #expect(throws: Never.self) { try row.checkFinite() }
        let line = JSONLinesResultWriter.line(for: row)
        #expect(line.contains(#""standard_risk_theory":"inf""#))
        let back = try readResultRows(jsonLines: line + "\n")
        #expect(back.first?[.standardRiskTheory] == .infinity)
        row[.adversarialRisk] = .infinity
        #expect(throws: ZooError.self) { try row.checkFinite() }
        row[.adversarialRisk] = .nan
        #expect(throws: ZooError.self) { try row.checkFinite() }
    }

    // MARK: 6. Classification labels

    @Test func classificationLabelsOtherThanPlusMinusOneAreRefused() throws {
        let dir = try directory()
        let csv = dir + "/labels.csv"
        try "a,b,label\n1,2,1\n2,1,0\n3,3,1\n4,1,-1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let outcome = zoo(
            "compare", "--data", "csv(path=\(csv),task=classification)", "--target", "label",
            "--estimators", "ridge", "--attacks", "exact-l2", "--n", "2")
        #expect(
            outcome.status == 1 && outcome.error.contains("line 3") && outcome.error.contains("label 0.0"),
            "\(outcome.error)")
    }

    // MARK: 7. Seeds ≥ 2⁶³

    @Test func largestSeedsWorkInEveryFormatAndInExperimentFiles() throws {
        for format in ["csv", "jsonl", "table"] {
            let outcome = zoo(Self.small + ["--n", "5", "--seed", "18446744073709551615", "--format", format])
            #expect(outcome.status == 0, "\(format): \(outcome.error)")
            if format != "table" { #expect(outcome.out.contains("18446744073709551615")) }
        }
        let dir = try directory()
        let spec = try experimentFile(in: dir, extra: #","seed":18446744073709551614"#)
        #expect(zoo("run", spec, "--out", dir + "/r.jsonl").status == 0)
        let rows = try readResultRows(jsonLines: String(contentsOfFile: dir + "/r.jsonl", encoding: .utf8))
        #expect(Set(rows.map(\.seed)) == [18446744073709551614, 18446744073709551615])
        #expect(zoo("run", spec, "--out", dir + "/r.jsonl", "--resume").status == 0)
        let overflow = try experimentFile(in: dir, name: "o.json", extra: #","seed":18446744073709551615"#)
        #expect(zoo("run", overflow, "--out", dir + "/o.jsonl").status == 2)
    }

    // MARK: 8. Standard output failures

    @Test func failedWritesToStandardOutputAreAnError() {
        let console = Console(
            out: { (_: String) -> Bool in
                errno = ENOSPC
                return false
            }, error: { _ in })
        #expect(ZooCommandLine.run(["list"], console: console) == 1)
        let errors = CapturedConsole()
        let failing = Console(
            out: { (_: String) -> Bool in
                errno = ENOSPC
                return false
            },
            error: { text in errors.console.writeError(text) })
        #expect(ZooCommandLine.run(Self.small + ["--n", "5", "--format", "jsonl"], console: failing) == 1)
        #expect(errors.error.contains("cannot write to standard output"))
    }

    // MARK: 9. Whole-run limits

    @Test func runsThatCannotFinishOrFitAreRefusedBeforeStarting() {
        let huge = zoo(
            [
                "--data", "spiked(d=10000)", "--estimators", "min-norm", "--attacks", "exact-l2", "--n", "100",
                "--seeds", "1000000000",
            ].withCommand("compare"))
        #expect(huge.status == 1 && huge.error.contains("days"), "\(huge.error)")
        let table = zoo(Self.small + ["--n", "5", "--test", "5", "--seeds", "4000000000"])
        #expect(table.status == 1 && table.error.contains("memory"), "\(table.error)")
        // Messages print 64-bit sizes whole (String(format: "%d") truncated them to 32 bits).
        let wide = zoo(Self.small + ["--n", "3000000000"])
        #expect(wide.status == 1 && wide.error.contains("n=3000000000"), "\(wide.error)")
        let cells = zoo(Self.small + ["--n", "5", "--seeds", "9223372036854775807", "--format", "jsonl"])
        #expect(cells.status == 1 && cells.error.contains("cells"), "\(cells.error)")
    }

    // MARK: 10, 11. Output paths

    @Test func badOutputPathsAreRefusedBeforeAnyWork() throws {
        let dir = try directory()
        for (path, message) in [
            ("/dev/null", "device"), ("", "empty"), (dir, "directory"), (dir + "/missing/x.csv", "does not exist"),
        ] {
            let outcome = zoo(Self.small + ["--n", "5", "--out", path])
            #expect(outcome.status != 0 && outcome.error.contains(message), "\(path): \(outcome.error)")
            #expect(!outcome.error.contains("running"))
        }
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)  // no .partial anywhere
        let same = zoo(
            Self.small + [
                "--n", "5", "--out", dir + "/x", "--report",
                dir + "/../" + URL(fileURLWithPath: dir).lastPathComponent + "/x",
            ])
        #expect(same.status == 2 && same.error.contains("same file"))
        let report = zoo(Self.small + ["--n", "5", "--report", "/dev/null"])
        #expect(report.status == 2)
        let spec = try experimentFile(in: dir)
        #expect(zoo("run", spec, "--out", spec).status == 2)  // never overwrite the experiment file
        let train = Self.examples + "/data/diabetes.csv"
        #expect(zoo("fit", "--estimator", "ridge", "--train", train, "--weights", train).status == 2)
        #expect(
            zoo(
                "fit", "--estimator", "ridge", "--train", train, "--weights", dir + "/w.csv", "--predictions",
                dir + "/w.csv"
            ).status == 2)
    }

    // MARK: 12. Feasibility before the first cell

    @Test func infeasibleSizesFailBeforeTheFirstCellWithStatusOne() throws {
        let dir = try directory()
        let out = dir + "/r.csv"
        let outcome = zoo(
            "compare", "--data", "csv(path=\(Self.examples)/data/diabetes.csv)", "--target", "label",
            "--estimators", "min-norm", "--attacks", "exact-l2", "--n", "10,1000", "--format", "csv", "--out", out)
        #expect(outcome.status == 1 && outcome.error.contains("n=1000"), "\(outcome.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}

// MARK: - The audit: environment variables

extension ReliabilityTests {
    @Test func malformedThreadCountsAreRefused() {
        for bad in ["0", "-1", "abc", "", "1025", "99999999999999999999"] {
            #expect(throws: ZooError.self, "\(bad)") { try ZooCommandLine.checkEnvironment(["ZOO_THREADS": bad]) }
        }
        for good in ["1", "2", " 8", "1024"] {
            #expect(throws: Never.self) { try ZooCommandLine.checkEnvironment(["ZOO_THREADS": good]) }
        }
        #expect(throws: Never.self) { try ZooCommandLine.checkEnvironment([:]) }
        // ZOO_ISA is refused here, by the command line: the numerics only record the problem.
        for bad in ["sse9", "portable", " "] {
            #expect(throws: ZooError.self, "\(bad)") { try ZooCommandLine.checkEnvironment(["ZOO_ISA": bad]) }
        }
        for good in ["avx2", "AUTO", ""] {
            #expect(throws: Never.self, "\(good)") { try ZooCommandLine.checkEnvironment(["ZOO_ISA": good]) }
        }
    }
}

extension Array where Element == String {
    /// The arguments with a command word in front (`compare` unless one is there).
    func withCommand(_ word: String) -> [String] { first == word ? self : [word] + self }
}
