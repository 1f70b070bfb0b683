import Testing
import ZooCore
import ZooData
import ZooHarness

@testable import ZooReport

// MARK: - Fixtures shared by the output-format tests

/// A regression row with distinctive values; `seed` and `risk` vary per call.
func makeRegressionRow(
    estimator: String = "ridge(lambda=0.01)", attack: String = "pgd-l2(radius=0.1,steps=100)",
    n: Int = 100, seed: UInt64 = 0, risk: Double = 0.25, exact: Bool = true
) -> ResultRow {
    var row = ResultRow(
        data: "spiked(d=200,k=10,spike=1,tail=10,signal=1,noise=0.5)", estimator: estimator,
        attack: attack, target: "clean", n: n, d: 200, seed: seed, task: .regression,
        metrics: ["train_mse": 0.1, "weight_norm": 1.5, "max_perturbation": 0.1])
    row.standardRisk = risk
    row.adversarialRisk = risk * 2 + 0.1
    if exact {
        row.standardRiskExact = risk + 0.01
        row.adversarialRiskExact = risk * 2 + 0.12
    }
    return row
}

/// A classification row.
func makeClassificationRow(seed: UInt64 = 0, error: Double = 0.1) -> ResultRow {
    var row = ResultRow(
        data: "balls(d=10,centers=100,radius=1,flip=0.1)", estimator: "nearest-neighbor(k=1)",
        attack: "nearest-flip(radius=0.5)", target: "label", n: 500, d: 10, seed: seed,
        task: .classification,
        metrics: ["train_error": 0, "max_perturbation": 0.5, "fit_seconds": 0.25, "attack_seconds": 1.5])
    row.cleanError = error
    row.robustError = error + 0.2
    return row
}

// MARK: - CSV

@Suite("CSV format")
struct CSVFormatTests {
    /// One record's fields, read back by the RFC 4180 reader of ZooData.
    static func parse(_ line: String) throws -> [String] {
        try CSVTable.records(line, source: "test.csv").first!.fields.map(\.text)
    }

    @Test("seeds above 2^63 and diagnostics are written as they are")
    func largeSeedAndDiagnostics() throws {
        var row = makeRegressionRow(seed: .max)
        row.diagnostics = ["solver": "lanczos", "rank": "18"]
        let fields = try Self.parse(CSVResultWriter.line(for: row))
        #expect(fields[6] == "18446744073709551615")
        #expect(fields.last == "{\"rank\":\"18\",\"solver\":\"lanczos\"}")
        #expect(CSVResultWriter.header(for: .regression).hasSuffix(",theory,diagnostics"))
    }

    @Test("header lists the contract's columns in order")
    func header() {
        #expect(CSVResultWriter.header(for: .regression) == ResultRow.columns(for: .regression).joined(separator: ","))
        #expect(
            CSVResultWriter.header(for: .regression).hasPrefix("data,estimator,attack,target,n,d,seed,standard_risk,"))
        #expect(CSVResultWriter.header(for: .classification).contains("clean_error,robust_error,robust_error_exact"))
    }

    @Test("quoting follows RFC 4180 and round-trips")
    func quotingRoundTrip() throws {
        let samples = [
            "ridge(lambda=0.01)", "pgd-l2(radius=0.1,steps=100)", "say \"hi\"", "", " padded ", "a,\"b\",c",
            "csv(path=\"a,b.csv\")",
        ]
        #expect(CSVResultWriter.quote("ridge(lambda=0.01)") == "ridge(lambda=0.01)")
        #expect(CSVResultWriter.quote("pgd-l2(radius=0.1,steps=100)") == "\"pgd-l2(radius=0.1,steps=100)\"")
        #expect(CSVResultWriter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        let line = samples.map(CSVResultWriter.quote).joined(separator: ",")
        #expect(try Self.parse(line) == samples)
    }

    @Test("a row's record parses back to its fields")
    func rowRoundTrip() throws {
        let row = makeRegressionRow(risk: 0.1 + 0.2)
        let fields = try Self.parse(CSVResultWriter.line(for: row))
        #expect(fields.count == ResultRow.columns(for: .regression).count)
        #expect(fields[1] == "ridge(lambda=0.01)")
        #expect(fields[2] == "pgd-l2(radius=0.1,steps=100)")
        #expect(fields[4] == "100" && fields[6] == "0")
        #expect(Double(fields[7]) == 0.1 + 0.2)  // full round-trip precision
        #expect(fields[7] == "0.30000000000000004")
        #expect(fields[14] == "" && fields[15] == "")  // nil timings are empty fields
    }

    @Test("document writes one header per task block and is deterministic")
    func document() throws {
        let rows = [makeRegressionRow(seed: 0), makeRegressionRow(seed: 1), makeClassificationRow()]
        let text = CSVResultWriter.document(rows)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)
        // The contract's columns, then every component parameter of the rows (the same header for every block).
        let parameters = ParameterColumns(rows: rows)
        #expect(lines[0] == CSVResultWriter.header(for: .regression, parameters: parameters)[...])
        #expect(lines[3] == CSVResultWriter.header(for: .classification, parameters: parameters)[...])
        #expect(lines[0].hasPrefix(CSVResultWriter.header(for: .regression) + ",data.name,data.d,"))
        #expect(parameters.names.contains("estimator.lambda") && parameters.names.contains("attack.steps"))
        // A parameter a row's component lacks is an empty field; numbers are written in full.
        let fields = try CSVTable.records(String(lines[1]), source: "t.csv").first!.fields.map(\.text)
        let names = lines[0].split(separator: ",").map(String.init)
        #expect(
            fields[names.firstIndex(of: "estimator.lambda")!] == "0.01"
                && fields[names.firstIndex(of: "estimator.k")!] == "")
        #expect(text == CSVResultWriter.document(rows))
        #expect(CSVResultWriter.document([]) == "")
    }

    @Test("malformed records are rejected")
    func malformed() {
        #expect(throws: ZooError.self) { try Self.parse("\"open,quote") }
        #expect(throws: ZooError.self) { try Self.parse("\"a\"b,c") }
    }

    @Test("numbers are locale-free and shortest round-trip")
    func numberText() {
        #expect(NumberText.exact(100) == "100.0")
        #expect(NumberText.exact(1e-5) == "1e-05")
        #expect(NumberText.significant(0.000123456) == "1.235e-04")
        #expect(NumberText.significant(123456.0) == "1.235e+05")
        #expect(NumberText.significant(0.1) == "0.1000")
        #expect(NumberText.significant(9.99996) == "10.00")
        #expect(NumberText.significant(-2.5) == "-2.500")
        #expect(NumberText.significant(0) == "0")
        #expect(NumberText.compact(0.30000000000000004) == "0.3")
        #expect(NumberText.compact(1000) == "1000")
        #expect(NumberText.compact(5e-5) == "5e-05")
    }
}
