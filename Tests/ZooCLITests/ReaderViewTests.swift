import Foundation
import Testing
import ZooCLI
import ZooCore
import ZooHarness
import ZooReport

/// What a reader sees of a run: rows as data (parameter columns, the run header in a sidecar), the
/// options that choose a view, what `zoo run` says it wrote, and help text that matches what runs
/// (docs/reading-results.md).
@Suite struct ReaderViewTests {

    func directory() throws -> String { try temporaryDirectory("reader") }

    func experimentFile(in dir: String) throws -> String {
        let path = dir + "/e.json"
        let text =
            #"{"data":"isotropic(d=20)","estimators":["min-norm","ridge"],"attacks":["exact-l2"],"n":[5,10],"test":30,"seeds":2,"timings":false,"grid":{"estimators[1].lambda":[0.01,0.1]}}"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func runSaysWhatItWroteAndResumeOfAFinishedFileSaysSo() throws {
        let dir = try directory()
        let spec = try experimentFile(in: dir)
        let out = dir + "/r.jsonl"
        let first = zoo("run", spec, "--out", out, "--quiet")
        #expect(
            first.status == 0 && first.error.contains("wrote 12 rows to \(out)")
                && first.error.contains("r.jsonl.run.json"), "\(first.error)")
        let again = zoo("run", spec, "--out", out, "--resume")
        #expect(again.status == 0 && again.error.contains("already holds all 12 rows"), "\(again.error)")
        // The file is rows only, each with its parameters as columns (grid λ as a number).
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 12)
        let lambdas = try lines.compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["estimator.lambda"] as? Double
        }
        #expect(Set(lambdas) == [0.01, 0.1] && lambdas.count == 8)
    }

    @Test func aFileWithItsHeaderInsideStillResumes() throws {
        let dir = try directory()
        let spec = try experimentFile(in: dir)
        let out = dir + "/old.jsonl"
        #expect(zoo("run", spec, "--out", out, "--quiet").status == 0)
        // The layout before the sidecar: the header as the first line, no sidecar.
        let header = try String(contentsOfFile: out + ".run.json", encoding: .utf8)
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        try (header + rows.prefix(5).joined(separator: "\n") + "\n").write(
            toFile: out, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: out + ".run.json")
        let resumed = zoo("run", spec, "--out", out, "--resume", "--quiet")
        #expect(resumed.status == 0 && resumed.error.contains("wrote 7 new rows"), "\(resumed.error)")
        #expect(try readResultFile(jsonLines: String(contentsOfFile: out, encoding: .utf8)).rows.count == 12)
        #expect(zoo("report", out, "--format", "table").status == 0)
    }

    @Test func reportPrintsATableOrCSVOfSavedRows() throws {
        let dir = try directory()
        let spec = try experimentFile(in: dir)
        let out = dir + "/r.jsonl"
        #expect(zoo("run", spec, "--out", out, "--quiet").status == 0)
        let table = zoo("report", out, "--format", "table", "--columns", "adversarial_risk")
        #expect(
            table.status == 0 && table.out.contains("adversarial risk") && !table.out.contains("standard risk"),
            "\(table.error)")
        #expect(
            table.out.contains("lambda") && table.out.components(separatedBy: "data: ").count == 2,
            "one table, λ a column")
        let csv = zoo("report", out, "--format", "csv")
        let csvLines = csv.out.split(separator: "\n")
        #expect(csv.status == 0 && csvLines.count == 13 && csvLines[0].contains("estimator.lambda"))
        let misspelt = zoo("report", out, "--format", "table", "--columns", "adversarial_rsk")
        #expect(misspelt.status == 2 && misspelt.error.contains("adversarial_risk"))
        #expect(zoo("report", out, "--palette", "grey").status == 0)
        #expect(zoo("report", out, "--palette", "gray").status == 2)
    }

    @Test func runWritesCSVWithParameterColumns() throws {
        let dir = try directory()
        let spec = try experimentFile(in: dir)
        let out = dir + "/r.csv"
        #expect(zoo("run", spec, "--out", out, "--format", "csv", "--quiet").status == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 13 && lines[0].contains("estimator.lambda") && lines[0].contains("attack.radius"))
        #expect(FileManager.default.fileExists(atPath: out + ".run.json"))
        #expect(zoo("run", spec, "--out", out, "--format", "csv", "--resume").status == 2)
    }

    @Test func reproduceTakesSeedsAndSaysWhatRuns() {
        let outcome = zoo(
            "reproduce", "sanyal-balls", "--quick", "--seeds", "1", "--seed", "5", "--format", "jsonl", "--quiet")
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(
            outcome.error.contains("This run (--quick): data balls(d=10,centers=100,radius=1,flip=0.1)")
                && outcome.error.contains("1 seed"))
        let rows = outcome.out.split(separator: "\n").filter { $0.hasPrefix("{\"data\"") }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("\"seed\":5,") })
    }

    @Test func theoryTablesHaveNoSeedColumn() {
        let outcome = zoo(
            "theory", "--data", "spiked(d=1000)", "--estimators", "min-norm,ridge(lambda=0.01)", "--attacks",
            "exact-l2",
            "--n", "100,200")
        #expect(
            outcome.status == 0 && !outcome.out.contains("seed") && outcome.out.contains("(theory)"), "\(outcome.out)")
    }

    @Test func regressionDataNeverSuggestsAClassificationAttack() {
        let outcome = zoo(
            "compare", "--data", "isotropic(d=10)", "--estimators", "nearest-neighbor", "--attacks", "exact-l2", "--n",
            "20")
        #expect(outcome.status == 2 && !outcome.error.contains("nearest-flip"), "\(outcome.error)")
    }

    @Test func listLinesFitTheWidth() {
        let captured = CapturedConsole()
        let console = Console(
            out: { captured.console.write($0) }, error: { captured.console.writeError($0) }, tableWidth: 80)
        #expect(ZooCommandLine.run(["list"], console: console) == 0)
        for line in captured.out.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }

    @Test func terminalWidthComesFromColumnsWhenNotATerminal() {
        #expect(TerminalWidth.fromEnvironment(["COLUMNS": "80"]) == 80)
        #expect(TerminalWidth.fromEnvironment(["COLUMNS": "x"]) == TableFormatter.defaultWidth)
        #expect(TerminalWidth.fromEnvironment([:]) == TableFormatter.defaultWidth)
    }
}
