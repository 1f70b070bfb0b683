import Foundation
import Testing
import ZooCLI
import ZooCatalog
import ZooCore
import ZooReport

/// `--certify` end to end: the columns in the rows, the budget in the row and the run header, and the
/// refusals (docs/certification.md).
@Suite struct CertifyCommandTests {
    func run(_ arguments: [String]) -> (status: Int32, out: String, error: String) {
        let captured = CapturedConsole()
        let status = ZooCommandLine.run(arguments, console: captured.console)
        return (status, captured.out, captured.error)
    }

    /// The rows of a `zoo compare … --format jsonl` run; its run header (the sidecar) records the budget.
    func rows(_ arguments: [String], budget: Int) throws -> [[String: Any]] {
        let path = NSTemporaryDirectory() + "zoo-certify-\(UUID().uuidString).jsonl"
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: RunHeaderFile.path(for: path))
        }
        let outcome = run(arguments + ["--format", "jsonl", "--out", path])
        #expect(outcome.status == 0, "\(outcome.error)")
        let header = try String(contentsOfFile: RunHeaderFile.path(for: path), encoding: .utf8)
        #expect(header.contains("\"certify\":\(budget)"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        return try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Beside the exact attack a linear model's bound equals the attack's risk and is exact everywhere;
    /// beside PGD every bound is at least the attack's risk; the method and budget are in the row; the
    /// table shows the gap.
    @Test func certifiedColumnsReachTheRows() throws {
        let common = [
            "--data", "sphere(d=8)", "--n", "20", "--test", "30", "--no-timings", "-q", "--certify", "--certify-budget",
            "8",
        ]
        for row in try rows(
            ["compare", "--estimators", "min-norm", "--attacks", "exact-l2(radius=0.3)"] + common, budget: 8)
        {
            let found = row["adversarial_risk"] as! Double
            let upper = try #require(row["adversarial_risk_upper"] as? Double)
            #expect(abs(upper - found) <= 1e-12 * upper)
            #expect(row["certified_exact"] as? Double == 1)
            #expect((row["diagnostics"] as? [String: String])?["certificate"] == "exact")
        }
        let pgd =
            ["compare", "--estimators", "min-norm,ntk,two-layer(width=16,steps=5)", "--attacks", "pgd-l2(radius=0.3)"]
            + common
        let found = try rows(pgd, budget: 8)
        #expect(found.count == 3)
        for row in found {
            let attack = row["adversarial_risk"] as! Double
            let upper = try #require(row["adversarial_risk_upper"] as? Double)
            #expect(upper >= attack)
            #expect((row["diagnostics"] as? [String: String])?["certificate"] != nil)
        }
        let table = run(pgd)
        #expect(table.status == 0 && table.out.contains("adversarial (upper)") && table.out.contains("(×"))
    }

    /// The experiment file's `certify` key: a budget is recorded; anything else is one usage error naming it.
    @Test func experimentFileKey() throws {
        let directory = NSTemporaryDirectory() + "zoo-certify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func file(_ certify: String) throws -> String {
            let path = directory + "/e\(certify.count).json"
            try
                #"{"data": "sphere(d=4)", "estimators": ["ntk"], "attacks": ["pgd-l2"], "n": [10], "test": 5, "certify": \#(certify)}"#
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let out = directory + "/rows.jsonl"
        let good = run(["run", try file("8"), "--out", out, "-q"])
        #expect(good.status == 0, "\(good.error)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(try String(contentsOfFile: RunHeaderFile.path(for: out), encoding: .utf8).contains(#""certify":8"#))
        #expect(
            text.split(separator: "\n").allSatisfy {
                $0.contains("\"adversarial_risk_upper\":") && !$0.contains("\"adversarial_risk_upper\":null")
            })
        let bad = run(["run", try file("1.5"), "--out", directory + "/bad.jsonl", "-q"])
        #expect(bad.status == 2 && bad.error.contains("certify"))
    }

    @Test func badCertifyOptionsAreOneUsageError() {
        let base = [
            "compare", "--data", "sphere(d=4)", "--estimators", "ntk", "--attacks", "pgd-l2", "--n", "10", "--test",
            "5", "-q",
        ]
        let alone = run(base + ["--certify-budget", "8"])
        #expect(alone.status == 2 && alone.error.contains("--certify-budget needs --certify"))
        let negative = run(base + ["--certify", "--certify-budget", "-1"])
        #expect(negative.status == 2 && negative.error.hasPrefix("error:"))
    }
}
