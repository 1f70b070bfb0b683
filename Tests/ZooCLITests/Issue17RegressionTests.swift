import Foundation
import Testing
import ZooCLI
import ZooCore
import ZooData
import ZooHarness
import ZooReport

/// Issue 17: one test per class instance named there (and the fuzzers' findings), each failing on the
/// code before the mechanism that closes its class (docs/reliability.md).
@Suite struct Issue17RegressionTests {

    func directory() throws -> String { try temporaryDirectory("17") }

    func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static let spec =
        #"{"data":"isotropic(d=20)","estimators":["min-norm","ridge"],"attacks":["exact-l2"],"n":[5,10],"test":30,"seeds":2,"timings":false}"#

    /// A finished run's file and its lines.
    func finishedRun(_ dir: String) throws -> (spec: String, lines: [String]) {
        let spec = dir + "/e.json"
        try write(Self.spec, spec)
        #expect(zoo("run", spec, "--out", dir + "/full.jsonl", "-q").status == 0)
        let text = try String(contentsOfFile: dir + "/full.jsonl", encoding: .utf8)
        // The run header line (from the sidecar full.jsonl.run.json), then the rows: the layout of files
        // written before the sidecar, which --resume and zoo report still read where no sidecar exists.
        let header = try String(contentsOfFile: dir + "/full.jsonl.run.json", encoding: .utf8).split(separator: "\n")
            .map(String.init)
        return (spec, header + text.split(separator: "\n").map(String.init))
    }

    // MARK: 1. Resume reads any line ends and checks every kept row

    @Test func resumeOfACRLFFileWithAByteOrderMarkFinishesTheRunOnce() throws {
        let dir = try directory()
        let (spec, lines) = try finishedRun(dir)
        let cut = dir + "/cut.jsonl"
        try write("\u{FEFF}" + lines.prefix(4).joined(separator: "\r\n") + "\r\n", cut)
        #expect(zoo("run", spec, "--out", cut, "--resume", "-q").status == 0)
        let contents = try readResultFile(jsonLines: String(contentsOfFile: cut, encoding: .utf8))
        #expect(contents.rows.count == 8 && Set(contents.rows.map(\.cellKey)).count == 8)
        let report = zoo("report", cut, "--out", dir + "/r.html")
        #expect(report.status == 0 && report.error.contains("8 rows"), "\(report.error)")
    }

    @Test func resumeRewritesItsReportButAFreshRunDoesNot() throws {
        let dir = try directory()
        let (spec, lines) = try finishedRun(dir)
        try write("<html>old</html>\n", dir + "/r.html")
        let fresh = zoo("run", spec, "--out", dir + "/new.jsonl", "--report", dir + "/r.html", "-q")
        #expect(fresh.status == 2 && fresh.error.contains("--force"), "\(fresh.error)")
        try write(lines.prefix(3).joined(separator: "\n") + "\n", dir + "/cut.jsonl")
        let resumed = zoo("run", spec, "--out", dir + "/cut.jsonl", "--resume", "--report", dir + "/r.html", "-q")
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(try String(contentsOfFile: dir + "/r.html", encoding: .utf8).count > 1000)
    }

    @Test func resumeRefusesForeignDuplicatedAndUnknownContentNamingTheLine() throws {
        let dir = try directory()
        let (spec, lines) = try finishedRun(dir)
        let cases: [(String, [String], String)] = [
            ("duplicate", Array(lines.prefix(3)) + [lines[2]], "line 4"),
            (
                "foreign", Array(lines.prefix(3)) + [lines[2].replacingOccurrences(of: #""n":5"#, with: #""n":7"#)],
                "line 4"
            ),
            (
                "unknown header field",
                [lines[0].replacingOccurrences(of: #"{"zoo_run":{"#, with: #"{"zoo_run":{"extra":1,"#)] + lines[1...2],
                "extra"
            ),
        ]
        for (name, text, expected) in cases {
            let path = dir + "/\(name).jsonl"
            try write(text.joined(separator: "\n") + "\n", path)
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let outcome = zoo("run", spec, "--out", path, "--resume", "-q")
            #expect(outcome.status != 0 && outcome.error.contains(expected), "\(name): \(outcome.error)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "\(name): the file changed")
        }
    }

    @Test func resumeRefusesRowsOfACSVThatChangedSince() throws {
        let dir = try directory()
        var csv = "a,b,y\n"
        for i in 1...40 { csv += "\(i),\(i * 3 % 7),\(i % 5)\n" }
        try write(csv, dir + "/d.csv")
        let spec = dir + "/c.json"
        try write(
            #"{"data":"csv(path=\#(dir)/d.csv)","target":"label","estimators":["ridge"],"attacks":["exact-l2"],"n":[10],"seeds":2,"timings":false}"#,
            spec)
        #expect(zoo("run", spec, "--out", dir + "/c.jsonl", "-q").status == 0)
        let lines = try String(contentsOfFile: dir + "/c.jsonl", encoding: .utf8).split(separator: "\n")
        try write(lines.prefix(1).joined(separator: "\n") + "\n", dir + "/cut.jsonl")
        try FileManager.default.copyItem(atPath: dir + "/c.jsonl.run.json", toPath: dir + "/cut.jsonl.run.json")
        try write(csv + "41,1,1\n", dir + "/d.csv")
        let outcome = zoo("run", spec, "--out", dir + "/cut.jsonl", "--resume", "-q")
        #expect(outcome.status == 2 && outcome.error.contains("d.csv changed"), "\(outcome.error)")
    }

    @Test func aReportNeverOverwritesItsInput() throws {
        let dir = try directory()
        _ = try finishedRun(dir)
        let results = dir + "/full.jsonl"
        let before = try String(contentsOfFile: results, encoding: .utf8)
        #expect(zoo("report", results, "--out", results).status == 2)
        try FileManager.default.copyItem(atPath: results, toPath: dir + "/res.html")
        #expect(zoo("report", dir + "/res.html").status == 2)  // the default output is the input itself
        #expect(try String(contentsOfFile: results, encoding: .utf8) == before)
    }

    @Test func aSecondCommandCannotReplaceARunningRunsFile() throws {
        let dir = try directory()
        let out = dir + "/F.jsonl"
        let running = try OutputTarget.open("--out", out, existing: .append)  // as zoo run holds it
        defer { running.release() }
        let compare = zoo(
            "compare", "--data", "isotropic(d=20)", "--estimators", "ridge", "--attacks", "exact-l2", "--n", "5",
            "--format", "jsonl", "--out", dir + "/./F.jsonl")
        #expect(compare.status == 1 && compare.error.contains("locked"), "\(compare.error)")
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }

    // MARK: 2. Numbers

    @Test func theoryAppliesOnlyWhereTheSpecMeetsTheFormulasAssumptions() throws {
        let outcome = zoo(
            "theory", "--data", "isotropic(d=50)", "--estimators",
            "min-norm(rcond=1),ridge(lambda=1e155),ridge(lambda=1e300),ridge(lambda=1e100)",
            "--attacks", "exact-l2", "--n", "20", "--format", "jsonl")
        #expect(outcome.status == 0, "\(outcome.error)")
        let rows = try readResultRows(jsonLines: outcome.out)
        #expect(rows[0][.standardRiskTheory] == nil && rows[0].labels["theory"]?.contains("rcond") == true)
        for row in rows[1...] {
            let value = try #require(row[.standardRiskTheory])
            #expect(value.isFinite && abs(value - rows[3][.standardRiskTheory]!) < 1e-12, "\(row.estimator): \(value)")
        }
        #expect(!outcome.out.contains("inf") && !outcome.out.contains("nan"))
    }

    @Test func fitComparesTrainAndTestHeadersByName() throws {
        let dir = try directory()
        try write("a,b,y\n1,2,3\n2,1,4\n3,5,1\n4,4,2\n", dir + "/train.csv")
        try write("a,y\n1,3\n2,4\n", dir + "/test.csv")
        let outcome = zoo(
            "fit", "--estimator", "ridge", "--train", dir + "/train.csv", "--test", dir + "/test.csv",
            "--predictions", dir + "/p.csv")
        #expect(outcome.status == 1 && outcome.error.contains("missing b"), "\(outcome.error)")
    }

    @Test func aValueGivenTwiceIsRefused() throws {
        let dir = try directory()
        #expect(
            zoo(
                "compare", "--data", "isotropic(d=20)", "--estimators", "ridge(lambda=1,lambda=2)", "--attacks",
                "exact-l2",
                "--n", "5"
            ).error.contains("twice"))
        try write(
            #"{"data":"isotropic(d=20)","data":"spiked","estimators":["ridge"],"attacks":["exact-l2"],"n":[5]}"#,
            dir + "/k.json")
        let key = zoo("run", dir + "/k.json")
        #expect(key.status == 2 && key.error.contains("'data' is given twice"), "\(key.error)")
        try write(
            #"{"data":"isotropic(d=20)","estimators":["ridge(lambda=0.5)"],"attacks":["exact-l2"],"n":[5],"grid":{"estimator.lambda":[1,2]}}"#,
            dir + "/o.json")
        let axis = zoo("run", dir + "/o.json")
        #expect(axis.status == 2 && axis.error.contains("already gives lambda"), "\(axis.error)")
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":{"b":1,"\u0062":2}}"#.utf8))?.path == "a.b")
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a":[{"b":1},{"b":2}]}"#.utf8)) == nil)
    }

    @Test func reportChecksTheRowContract() throws {
        let dir = try directory()
        let lines = try finishedRun(dir).lines  // the run header line, then the rows
        let row = lines[1]
        let risk = try #require(row.range(of: #""standard_risk":[0-9.e-]+"#, options: .regularExpression))
        let cases: [(String, String, String)] = [
            ("inf", row.replacingCharacters(in: risk, with: #""standard_risk":"inf""#), "inf"),
            ("negative", row.replacingCharacters(in: risk, with: #""standard_risk":-0.5"#), "negative"),
            ("array", "[1,2]", "not an object"),
            ("format", lines[0].replacingOccurrences(of: #""row_format":1"#, with: #""row_format":9"#), "row format 9"),
        ]
        for (name, line, expected) in cases {
            let path = dir + "/\(name).jsonl"
            let text = name == "format" ? [line] + lines[1...] : [lines[0], line] + lines[2...]
            try write(text.joined(separator: "\n") + "\n", path)
            let outcome = zoo("report", path, "--out", dir + "/\(name).html")
            #expect(outcome.status == 1 && outcome.error.contains(expected), "\(name): \(outcome.error)")
        }
        let mean = try #require(MeanInterval([1e308, 1.5e308, 1.7e308]))
        #expect(mean.mean.isFinite && abs(mean.mean / 1.4e308 - 1) < 1e-12 && mean.halfWidth!.isFinite)
        #expect(MeanInterval([0.25, 0.5])!.mean == 0.375)
    }

    // MARK: 4. Messages

    @Test func messagesNameTheRealCause() throws {
        let dir = try directory()
        let choice = zoo(
            "compare", "--data", "isotropic(d=20)", "--estimators", "two-layer(layers=third)", "--attacks", "pgd-l2",
            "--n", "5")
        #expect(choice.error.contains("got 'third'; expected one of both, first, second"), "\(choice.error)")
        let newline = zoo(
            "compare", "--data", "isotropic(d=20)\n", "--estimators", "ridge", "--attacks", "exact-l2", "--n", "5")
        #expect(newline.status == 2 && newline.error.contains("line break"), "\(newline.error)")
        try write(
            #"{"data":"isotropic(d=20)","estimators":["ridge"],"attacks":["exact-l2"],"n":[5, 10.5]}"#, dir + "/f.json")
        let fraction = zoo("run", dir + "/f.json")
        #expect(
            fraction.status == 2 && fraction.error.contains("n[1]") && fraction.error.contains("10.5"),
            "\(fraction.error)")
        try write(#"{"estimators":["ridge"],"attacks":["exact-l2"],"n":[5]}"#, dir + "/d.json")
        try write(#"{"data":"isotropic(d=20)","estimators":["ridge"],"attacks":["exact-l2"]}"#, dir + "/n.json")
        #expect(zoo("run", dir + "/d.json").status == 2 && zoo("run", dir + "/n.json").status == 2)
        try write("a,b,y\n1,2\u{0},3\n2,1,4\n", dir + "/nul.csv")
        let nul = zoo("fit", "--estimator", "ridge", "--train", dir + "/nul.csv")
        #expect(nul.status == 1 && nul.error.contains("NUL") && nul.error.contains("line 2"), "\(nul.error)")
        let merge = zoo("merge", dir + "/m.jsonl", dir)
        #expect(merge.status == 2 && merge.error.contains("is a directory"), "\(merge.error)")
        let barrier = zoo(
            "compare", "--data", "isotropic(d=20)", "--estimators", "adversarial-linear(norm=linf,tolerance=1e-12)",
            "--attacks", "exact-linf", "--n", "2", "--format", "jsonl")
        if barrier.status != 0 {
            #expect(
                barrier.error.contains("seed=0 n=2") && !barrier.error.contains("raise max-iterations"),
                "\(barrier.error)")
        }
    }

    @Test func textLinesSplitLFAndCRLFAlike() {
        #expect(TextLines.split("a\r\nb\nc") == ["a", "b", "c"])
        #expect(TextLines.split("\u{FEFF}a\r\n") == ["a", ""])
        #expect(TextLines.split("") == [""])
        #expect(TextLines.split("\r\n\r\n") == ["", "", ""])
    }
}
