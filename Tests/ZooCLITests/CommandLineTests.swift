import Foundation
import Testing
import ZooCLI
import ZooCatalog
import ZooCore

/// End-to-end tests of the `zoo` command line, run in-process with captured output.
@Suite struct CommandLineTests {

    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples").path
    static var diabetes: String { examples + "/data/diabetes.csv" }

    func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "zoo-cli-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    // MARK: Streamed designs

    /// `--design streamed` gives the stored run's table (to the digits it prints), notes the streaming and
    /// the peak memory on stderr; a bad value, or streaming a non-Gaussian data set, is one usage error.
    @Test func designStreamedMatchesStoredAndBadUseIsRefused() {
        let common = [
            "compare", "--data", "spiked(d=3000)", "--estimators", "min-norm,ridge(lambda=0.01)",
            "--attacks", "exact-l2", "--n", "100,300", "--no-timings",
        ]
        let stored = zoo(common + ["--design", "stored"])
        let streamed = zoo(common + ["--design", "streamed"])
        #expect(stored.status == 0 && streamed.status == 0)
        #expect(streamed.out == stored.out)
        #expect(streamed.error.contains("streaming X for n = 100, 300") && streamed.error.contains("peak memory"))
        #expect(!stored.error.contains("peak memory"))
        let bad = zoo(common + ["--design", "stream"])
        #expect(bad.status == 2 && bad.error.contains("--design"))
        let csv = zoo(
            "compare", "--data", "csv(path=\(Self.diabetes))", "--target", "label", "--estimators", "min-norm",
            "--attacks", "exact-l2", "--n", "100", "--design", "streamed")
        #expect(csv.status == 2 && csv.error.contains("only the Gaussian data models"))
    }

    // MARK: Help and listing

    @Test func helpAndVersion() {
        let help = zoo("--help")
        #expect(help.status == 0 && help.out.contains("COMMANDS") && help.out.contains("compare"))
        #expect(zoo("--version").out.hasPrefix("zoo "))
        for command in ["list", "describe", "compare", "run", "fit", "attack", "reproduce"] {
            let outcome = zoo(command, "--help")
            #expect(outcome.status == 0 && outcome.out.contains("zoo \(command)"), "\(command) --help")
        }
    }

    @Test func listShowsTheCatalogue() throws {
        let text = zoo("list")
        #expect(text.status == 0)
        // The expected names come from the catalogue (registry.json), so a new module needs no edit here.
        for entry in Catalog.entries {
            #expect(text.out.contains(entry.name), "\(entry.name)")
        }
        let json = zoo("list", "--kind", "estimator", "--json")
        let objects = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [[String: Any]]
        #expect(objects.map { $0["name"] as! String } == Catalog.entries.filter { $0.kind == .estimator }.map(\.name))
        #expect(objects.allSatisfy { $0["kind"] as! String == "estimator" })
    }

    @Test func everyComponentCanBeDescribed() {
        for entry in Catalog.entries {
            let outcome = zoo("describe", entry.name)
            #expect(
                outcome.status == 0 && outcome.out.contains(entry.name) && outcome.out.contains("REFERENCE"),
                "\(entry.name)")
        }
    }

    /// Any seed the parser accepts round-trips through every output format (no trap above 2^63).
    @Test func largestSeedRoundTripsThroughEveryFormat() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let common = [
            "compare", "--data", "isotropic(d=20)", "--estimators", "ridge", "--attacks", "exact-l2", "--n", "10",
            "--test", "20", "--seed", "18446744073709551615", "--no-timings",
        ]
        for format in ["jsonl", "csv", "table"] {
            let outcome = ZooCommandLine.run(
                common + ["--format", format, "--out", directory + "/r." + format], console: CapturedConsole().console)
            #expect(outcome == 0, "\(format)")
        }
        let jsonl = try String(contentsOfFile: directory + "/r.jsonl", encoding: .utf8)
        #expect(jsonl.contains("\"seed\":18446744073709551615,"))
        let csv = try String(contentsOfFile: directory + "/r.csv", encoding: .utf8)
        #expect(csv.contains(",18446744073709551615,"))
        // --resume reads the seed back and finds the cell finished.
        let resumed = zoo(
            "run", try writeExperiment(directory, seed: "18446744073709551615"), "--out", directory + "/r.jsonl",
            "--resume")
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(try String(contentsOfFile: directory + "/r.jsonl", encoding: .utf8) == jsonl)
        let overflow = zoo(
            "compare", "--data", "isotropic(d=20)", "--estimators", "ridge", "--attacks", "exact-l2", "--n", "10",
            "--seed", "18446744073709551615", "--seeds", "2")
        #expect(overflow.status == 2 && overflow.error.contains("2^64"))
    }

    func writeExperiment(_ directory: String, seed: String) throws -> String {
        let path = directory + "/experiment.json"
        try """
        {"data": "isotropic(d=20)", "estimators": ["ridge"], "attacks": ["exact-l2"], "n": [10], "test": 20, "seed": \(seed), "timings": false}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func describeShowsDefinitionParametersAndReference() {
        let outcome = zoo("describe", "ridge")
        #expect(outcome.status == 0)
        for fragment in ["(1/n)‖y − Xθ‖² + λ‖θ‖²", "lambda", "alpha", "Hao & Zhang", "linear-weights"] {
            #expect(outcome.out.contains(fragment), "\(fragment)")
        }
    }

    // MARK: Errors

    @Test(arguments: [
        (["lsit"], "did you mean 'list'"),
        (["describe", "ridg"], "did you mean 'ridge'"),
        (
            [
                "compare", "--data", "spiked(d=50)", "--estimators", "ridge(lamda=1)", "--attacks", "exact-l2", "--n",
                "10",
            ], "did you mean 'lambda'"
        ),
        (
            [
                "compare", "--data", "spiked(d=50)", "--estimators", "ridge(lambda=-1)", "--attacks", "exact-l2", "--n",
                "10",
            ], "lambda"
        ),
        (
            [
                "compare", "--data", "spiked(d=50)", "--estimators", "ridge", "--attacks", "exact-l2(radius=-1)", "--n",
                "10",
            ], "radius"
        ),
        (
            ["compare", "--data", "spiked(d=50)", "--estimators", "ridge", "--attacks", "exact-l2", "--n", "0"],
            "positive"
        ),
        (
            [
                "compare", "--data", "spiked(d=50)", "--estimators", "ridge", "--attacks", "exact-l2", "--n", "10",
                "--formt", "csv",
            ], "did you mean '--format'"
        ),
        (["compare", "--data", "isotropic", "--estimators", "ridge"], "needs --attacks"),
    ])
    func usageErrorsAreOneLineWithStatusTwo(arguments: [String], fragment: String) {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(arguments, console: captured.console)
        #expect(status == 2, "\(arguments)")
        #expect(captured.error.hasPrefix("error: ") && captured.error.contains(fragment), "\(captured.error)")
        #expect(captured.error.split(separator: "\n").count == 1)
    }

    @Test func tooLargeSizesAreRefusedBeforeAllocating() {
        let outcome = zoo(
            "compare", "--data", "spiked(d=1000000)", "--estimators", "min-norm", "--attacks", "exact-l2", "--n",
            "100000")
        #expect(outcome.status == 1 && outcome.error.contains("GiB"))
    }

    // MARK: compare

    @Test func compareWritesContractColumnsAndIsByteIdentical() throws {
        let directory = temporaryDirectory()
        let arguments = [
            "compare", "--data", "spiked(d=60,k=3)", "--estimators", "min-norm,ridge(lambda=0.1)",
            "--attacks", "exact-l2(radius=0.2)", "--attacks", "exact-linf(radius=0.01)", "--n", "20,40",
            "--seeds", "2", "--test", "200", "--format", "jsonl", "--no-timings",
        ]
        let first = ZooCommandLine.run(
            arguments + ["--out", directory + "/a.jsonl", "--report", directory + "/r.html"],
            console: CapturedConsole().console)
        let second = ZooCommandLine.run(
            arguments + ["--out", directory + "/b.jsonl"], console: CapturedConsole().console)
        #expect(first == 0 && second == 0)
        let a = try String(contentsOfFile: directory + "/a.jsonl", encoding: .utf8)
        #expect(a == (try String(contentsOfFile: directory + "/b.jsonl", encoding: .utf8)))
        // The run fingerprint (docs/conventions.md §7.4) is in the sidecar; the file holds one row per line.
        #expect(!a.contains("zoo_run"))
        #expect(
            (try String(contentsOfFile: directory + "/a.jsonl.run.json", encoding: .utf8)).hasPrefix(#"{"zoo_run":"#))
        let lines = a.split(separator: "\n")
        #expect(lines.count == 2 * 2 * 2 * 2)
        let row = try JSONSerialization.jsonObject(with: Data(lines.first!.utf8)) as! [String: Any]
        let contract: Set<String> = [
            "data", "estimator", "attack", "target", "n", "d", "seed", "standard_risk", "adversarial_risk",
            "standard_risk_exact", "adversarial_risk_exact", "train_mse", "weight_norm", "max_perturbation",
            "fit_seconds", "attack_seconds", "standard_risk_theory", "adversarial_risk_theory", "input_gradient_norm",
            "weight_norm_squared_theory", "theory", "diagnostics",
            "adversarial_risk_upper", "certified_exact", "certify_seconds",
        ]
        #expect(contract.isSubset(of: Set(row.keys)))
        // Every component parameter is a column of its own, numbers as numbers.
        #expect(
            Set(row.keys).subtracting(contract).allSatisfy {
                $0.hasPrefix("data.") || $0.hasPrefix("estimator.") || $0.hasPrefix("attack.")
            })
        #expect(row["data.name"] as? String == "spiked" && row["data.d"] as? Int == 60 && row["data.k"] as? Int == 3)
        #expect(row["estimator.name"] as? String == "min-norm" && row["attack.radius"] as? Double == 0.2)
        #expect((row["diagnostics"] as? [String: String])?["solver"] != nil, "estimator diagnostics reach the rows")
        #expect(row["estimator"] as? String == "min-norm(rcond=0)")
        let report = try String(contentsOfFile: directory + "/r.html", encoding: .utf8)
        #expect(report.contains("<svg") && report.contains("min-norm"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/a.jsonl.partial"))
    }

    @Test func failedRunLeavesNoCompleteLookingFile() {
        let directory = temporaryDirectory()
        let outcome = zoo(
            "compare", "--data", "csv(path=\(Self.diabetes))", "--target", "label", "--estimators", "ridge",
            "--attacks", "exact-l2", "--n", "100,5000", "--format", "csv", "--out", directory + "/x.csv")
        #expect(outcome.status == 1 && outcome.error.contains("exceeds"))  // data, not usage; before the first cell
        #expect(!FileManager.default.fileExists(atPath: directory + "/x.csv"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/x.csv.partial"))
    }

    @Test func csvDataNeedsTheLabelTarget() {
        let outcome = zoo(
            "compare", "--data", "csv(path=\(Self.diabetes))", "--estimators", "ridge", "--attacks", "exact-l2", "--n",
            "100")
        #expect(outcome.status == 2 && outcome.error.contains("--target label"))
        let ok = zoo(
            "compare", "--data", "csv(path=\(Self.diabetes))", "--target", "label", "--estimators",
            "min-norm,ridge(lambda=0.1)",
            "--attacks", "exact-l2(radius=0.5)", "--n", "100,300", "--seeds", "3")
        #expect(ok.status == 0 && ok.out.contains("ridge(lambda=0.1)"))
    }

    // MARK: run and resume

    @Test func runAppendsAndResumesWithoutRepeatingCells() throws {
        let directory = temporaryDirectory()
        let spec = directory + "/spec.json"
        try
            #"{"data": "isotropic(d=30)", "estimators": ["min-norm", "ridge(lambda=0.1)"], "attacks": ["exact-l2"], "n": [10, 20], "seeds": 2, "test": 100, "timings": false}"#
            .write(toFile: spec, atomically: true, encoding: .utf8)
        let out = directory + "/results.jsonl"
        #expect(zoo("run", spec, "--out", out).status == 0)
        let complete = try String(contentsOfFile: out, encoding: .utf8)
        #expect(complete.split(separator: "\n").count == 8)  // the rows (the run header is results.jsonl.run.json)
        // Simulate an interruption: keep three rows and half of the fourth.
        let lines = complete.split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(20)).write(
            toFile: out, atomically: true, encoding: .utf8)
        let resumed = zoo("run", spec, "--out", out, "--resume")
        #expect(resumed.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == complete)
    }

    @Test(arguments: [
        (
            #"{"data": "isotropic", "estimators": ["ridge"], "attacks": ["exact-l2"], "n": [10], "seeds": 1, "tests": 5}"#,
            "did you mean 'test'"
        ),
        (#"{"data": "isotropic", "estimators": ["ridge"], "attacks": ["exact-l2"]"#, "malformed JSON"),
        (#"{"data": "isotropic", "estimators": ["ridge"], "attacks": ["exact-l2"]}"#, "missing required key 'n'"),
    ])
    func malformedExperimentFilesAreExplained(text: String, fragment: String) throws {
        let spec = temporaryDirectory() + "/spec.json"
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let outcome = zoo("run", spec)
        #expect(outcome.status != 0 && outcome.error.contains(fragment), "\(outcome.error)")
    }

    // MARK: fit and attack

    @Test func fitWritesWeightsAndPredictionsAndAttackWritesPerPointRows() throws {
        let directory = temporaryDirectory()
        let fit = zoo(
            "fit", "--estimator", "ridge(lambda=0.01)", "--train", Self.diabetes, "--test", Self.diabetes,
            "--weights", directory + "/w.csv", "--predictions", directory + "/p.csv")
        #expect(fit.status == 0, "\(fit.error)")
        let weights = try String(contentsOfFile: directory + "/w.csv", encoding: .utf8).split(separator: "\n")
        #expect(weights.first == "weight" && weights.count == 11)
        let predictions = try String(contentsOfFile: directory + "/p.csv", encoding: .utf8).split(separator: "\n")
        #expect(predictions.first == "prediction" && predictions.count == 443)

        let attack = zoo(
            "attack", "--estimator", "min-norm", "--attack", "exact-l2(radius=1)", "--train", Self.diabetes,
            "--test", Self.diabetes, "--out", directory + "/a.csv")
        #expect(attack.status == 0 && attack.out.contains("mean adversarial risk"))
        let rows = try String(contentsOfFile: directory + "/a.csv", encoding: .utf8).split(separator: "\n")
        #expect(
            rows.first == "prediction,adversarial_prediction,loss,adversarial_loss,perturbation_norm"
                && rows.count == 443)
        for row in rows.dropFirst() {
            let fields = row.split(separator: ",").map { Double($0)! }
            #expect(fields[3] >= fields[2] && fields[4] <= 1 + 1e-12)
        }
    }

    @Test func badCSVInputIsReportedWithLineAndColumn() throws {
        let directory = temporaryDirectory()
        try "a,b,y\n1,2,3\n4,oops,6\n".write(toFile: directory + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = zoo("fit", "--estimator", "ridge", "--train", directory + "/bad.csv")
        #expect(bad.status == 1 && bad.error.contains("line 3, column 2"))
        try "a,b,c,y\n1,2,3,4\n5,6,7,8\n".write(toFile: directory + "/wide.csv", atomically: true, encoding: .utf8)
        let mismatch = zoo("fit", "--estimator", "ridge", "--train", Self.diabetes, "--test", directory + "/wide.csv")
        #expect(mismatch.status == 1 && mismatch.error.contains("columns"))
        let missing = zoo("fit", "--estimator", "ridge", "--train", directory + "/none.csv")
        #expect(missing.status == 1 && missing.error.contains("no such file"))
    }
}
