import Testing
import ZooCore
import ZooHarness

@testable import ZooReport

@Suite("Table formatter and statistics")
struct TableFormatterTests {
    @Test(
        "Student t 0.975 quantiles",
        arguments: [
            (1.0, 12.706), (2, 4.303), (3, 3.182), (9, 2.262), (29, 2.045), (30, 2.042), (31, 2.040),
            (40, 2.021), (60, 2.000), (120, 1.980), (1000, 1.962), (Double.infinity, 1.960),
        ])
    func tQuantiles(degreesOfFreedom: Double, expected: Double) {
        #expect(abs(StudentT.quantile975(degreesOfFreedom: degreesOfFreedom) - expected) < 5e-4)
    }

    @Test("the exact values beyond ν = 30 join the table smoothly")
    func tContinuity() {
        let atTable = StudentT.quantile975(degreesOfFreedom: 30)
        let expanded = StudentT.quantile975(degreesOfFreedom: 30.000001)
        #expect(abs(atTable - expanded) < 1e-5)
        #expect(StudentT.quantile975(degreesOfFreedom: 45) > StudentT.quantile975(degreesOfFreedom: 46))
    }

    @Test("mean and interval")
    func meanInterval() throws {
        let single = try #require(MeanInterval([2.5]))
        #expect(single.mean == 2.5 && single.halfWidth == nil)
        let pair = try #require(MeanInterval([1, 3]))
        // s = √2, half-width = t(1)·√2/√2 = 12.7062.
        #expect(pair.mean == 2)
        #expect(abs(pair.halfWidth! - 12.7062) < 1e-4)
        #expect(MeanInterval([]) == nil)
    }

    @Test("one seed shows the means only")
    func oneSeed() {
        let rows = [makeRegressionRow(n: 100, risk: 0.25), makeRegressionRow(n: 200, risk: 0.125)]
        let table = TableFormatter().format(rows)
        #expect(table.contains("data: spiked(d=200"))
        #expect(table.contains("target: clean"))
        #expect(table.contains("attack: pgd-l2(radius=0.1,steps=100)"))  // shared specs move to the title
        #expect(table.contains("estimator: ridge(lambda=0.01)"))
        #expect(!table.contains("±"))
        #expect(table.contains("one seed"))
        #expect(table.contains("0.2500") && table.contains("0.6000") && table.contains("1.500"))
        #expect(table.contains("standard (exact)"))
        #expect(table.contains("(exact): population value of a linear model under each attack's own norm and radius"))
        for line in table.split(separator: "\n") { #expect(line.count <= 100) }
    }

    @Test("several seeds: mean to the interval's precision, ± half-width, first-appearance order")
    func severalSeeds() throws {
        var rows: [ResultRow] = []
        for n in [400, 100] {
            for estimator in ["ridge(lambda=0.001)", "min-norm"] {
                for seed: UInt64 in 0..<3 {
                    rows.append(
                        makeRegressionRow(
                            estimator: estimator, attack: "exact-l2(radius=0.1)", n: n, seed: seed,
                            risk: 0.2 + 0.01 * Double(seed), exact: false))
                }
            }
        }
        let table = TableFormatter().format(rows)
        // Mean 0.21, s = 0.01, half-width t(2)·0.01/√3 = 0.02484: two digits, the mean to the same place.
        #expect(table.contains("0.210 ± 0.025"))
        #expect(table.contains("over 3 seeds") && !table.contains("seeds  "))
        #expect(!table.contains("exact)"))
        // One spec per component: the column shows its name, a note the spec.
        #expect(table.contains("estimator: ridge = ridge(lambda=0.001)"))
        let ridge = try #require(table.range(of: "\nridge "))
        let minNorm = try #require(table.range(of: "\nmin-norm "))
        #expect(ridge.lowerBound < minNorm.lowerBound)
        // Within a block, n keeps its first-appearance order (400 before 100); the repeated spec is blank.
        let block = table[ridge.lowerBound..<minNorm.lowerBound].split(separator: "\n")
        #expect(
            block.count == 2 && block[0].contains("  400  ") && block[1].hasPrefix(" ") && block[1].contains("  100  "))
        for line in table.split(separator: "\n") { #expect(line.count <= 100) }
    }

    @Test("a sweep is one table with the swept parameter as a column, values to 3 significant digits")
    func sweptParameterColumn() {
        let lambdas = [0.00018329807108324357, 0.0012742749857031334, 0.01]
        let rows =
            lambdas.map {
                makeRegressionRow(
                    estimator: "ridge(lambda=\($0),solver=auto)", attack: "exact-l2(radius=0.1)", exact: false)
            }
            + [makeRegressionRow(estimator: "min-norm", attack: "exact-l2(radius=0.1)", exact: false)]
        let table = TableFormatter(width: 80).format(rows)
        #expect(table.components(separatedBy: "data: ").count == 2)  // one table
        #expect(table.contains("lambda") && table.contains("0.000183") && table.contains("0.00127"))
        #expect(!table.contains("0.00018329807108324357"))
        #expect(table.contains("ridge(solver=auto)") && table.contains("min-norm"))
    }

    @Test("a data parameter sweep stays in one table")
    func dataSweep() {
        let rows = [500, 1000].map { d -> ResultRow in
            var row = makeRegressionRow(attack: "exact-l2(radius=0.1)")
            row.data = "spiked(d=\(d),k=10)"
            return row
        }
        let table = TableFormatter().format(rows)
        #expect(table.components(separatedBy: "data: ").count == 2 && table.contains("data: spiked(k=10)"))
        #expect(table.contains("  d  ") || table.contains(" d "))
    }

    @Test("different attacks get an attack column; a long shared spec is wrapped into the title")
    func attacksAndWrapping() {
        let longEstimator =
            "two-layer(width=100000,steps=100000,lr=0.001,init=gaussian,seed-offset=12345,output=centred,extra=verylongvalue)"
        let rows = [
            makeRegressionRow(estimator: longEstimator, attack: "exact-l2(radius=0.1)", exact: false),
            makeRegressionRow(estimator: longEstimator, attack: "exact-linf(radius=0.1)", exact: false),
        ]
        let table = TableFormatter(width: 80).format(rows)
        #expect(table.contains("estimator: two-layer("))
        #expect(table.contains("\nattack ") && table.contains("\nexact-l2 ") && table.contains("\nexact-linf "))
        #expect(table.contains("attack: exact-l2 = exact-l2(radius=0.1); exact-linf = exact-linf(radius=0.1)"))
        for line in table.split(separator: "\n") { #expect(line.count <= 80) }
    }

    @Test("narrow terminals: two-line titles, intervals below the means, then columns left out with a note")
    func fittingTheWidth() {
        let rows = (0..<3).map { makeRegressionRow(seed: UInt64($0), risk: 1e-5 * Double($0 + 1)) }
        for width in [40, 60, 80, 100] {
            let table = TableFormatter(width: width).format(rows)
            let tableLines = table.split(separator: "\n").filter { !$0.contains(":") && !$0.hasPrefix("  ") }
            for line in tableLines { #expect(line.count <= width, "\(width): \(line)") }
        }
        let narrow = TableFormatter(width: 60).format(rows)
        #expect(narrow.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("±") })
        #expect(TableFormatter(width: 40).format(rows).contains("not shown at 40 columns"))
    }

    @Test("--columns chooses the value columns, with a hint on a misspelling")
    func chosenColumns() throws {
        let columns = try TableFormatter.parseColumns("adversarial_risk,weight_norm")
        #expect(columns == [.adversarialRisk, .weightNorm])
        let table = TableFormatter(columns: columns).format([makeRegressionRow()])
        #expect(table.contains("adversarial risk") && table.contains("weight norm") && !table.contains("standard risk"))
        #expect(throws: ZooError.self) { try TableFormatter.parseColumns("adversarial-risk") }
        do { _ = try TableFormatter.parseColumns("adverserial_risk") } catch {
            #expect(error.description.contains("adversarial_risk"))
        }
    }

    @Test("theory rows say nothing about seeds")
    func theoryRows() {
        var row = ResultRow(
            data: "spiked(d=200)", estimator: "min-norm", attack: "exact-l2(radius=0.1)", target: "clean",
            n: 100, d: 200, seed: 0, task: .regression)
        row[.standardRiskTheory] = 0.5
        row[.adversarialRiskTheory] = 0.75
        row.labels["theory"] = "deterministic-equivalent"
        let table = TableFormatter().format([row])
        #expect(
            !table.contains("seed") && table.contains("0.5000") && table.contains("theory: deterministic-equivalent"))
    }

    @Test("classification shows clean and robust error")
    func classification() {
        let table = TableFormatter().format([
            makeClassificationRow(seed: 0, error: 0.1), makeClassificationRow(seed: 1, error: 0.2),
        ])
        #expect(table.contains("clean error") && table.contains("robust error"))
        #expect(!table.contains("weight norm") && !table.contains("standard risk"))
        #expect(table.contains("0.15 ± 0.64"))
    }

    @Test("interval-justified digits")
    func justifiedDigits() {
        #expect(TableFormatter.justifiedDigits(mean: 0.21, halfWidth: 0.0248) == 3)
        #expect(TableFormatter.justifiedDigits(mean: 0.3, halfWidth: 0.5) == 2)
        #expect(TableFormatter.justifiedDigits(mean: 0.3, halfWidth: 7) == 1)
        #expect(TableFormatter.justifiedDigits(mean: 1234.5, halfWidth: 1e-6) == TableFormatter.maximumMeanDigits)
        let cell = TableFormatter.cell(MeanInterval([0.0333, 0.0337, 0.0342]), metric: .standardRisk)
        #expect(cell.mean == "0.0337" && cell.halfWidth == "0.0011")
    }

    @Test("formats parse with a hint")
    func formatParsing() throws {
        #expect(try ResultFormat(parsing: "jsonl") == .jsonl)
        #expect(throws: ZooError.self) { try ResultFormat(parsing: "json") }
        // No rows, no table.
        var text = ""
        let sink = ResultSink(standardOutput: { text += $0 }, format: .table)
        try sink.finish()
        #expect(text == "")
    }
}
