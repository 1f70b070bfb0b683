import Testing
import ZooCore
import ZooHarness
@testable import ZooReport

@Suite("Table formatter and statistics")
struct TableFormatterTests {
    @Test("Student t 0.975 quantiles", arguments: [
        (1.0, 12.706), (2, 4.303), (3, 3.182), (9, 2.262), (29, 2.045), (30, 2.042), (31, 2.040),
        (40, 2.021), (60, 2.000), (120, 1.980), (1000, 1.962), (Double.infinity, 1.960),
    ])
    func tQuantiles(degreesOfFreedom: Double, expected: Double) {
        #expect(abs(StudentT.quantile975(degreesOfFreedom: degreesOfFreedom) - expected) < 5e-4)
    }

    @Test("the expansion joins the table smoothly")
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
        #expect(table.contains("attack: pgd-l2(radius=0.1,steps=100)"))   // shared attack moves to the title
        #expect(table.contains("ridge(lambda=0.01)"))
        #expect(!table.contains("±"))
        #expect(table.contains("one seed"))
        #expect(table.contains("0.2500") && table.contains("0.6000") && table.contains("1.500"))
        #expect(table.contains("standard (exact)"))
        #expect(table.contains("(exact): population value of a linear model under each attack's own norm and radius"))
        for line in table.split(separator: "\n") { #expect(line.count <= 100) }
    }

    @Test("several seeds show mean ± half-width, groups in first-appearance order")
    func severalSeeds() {
        var rows: [ResultRow] = []
        for n in [400, 100] {
            for estimator in ["ridge(lambda=0.001)", "min-norm"] {
                for seed: UInt64 in 0..<3 {
                    rows.append(makeRegressionRow(estimator: estimator, attack: "exact-l2(radius=0.1)", n: n, seed: seed,
                                                  risk: 0.2 + 0.01 * Double(seed), exact: false))
                }
            }
        }
        let table = TableFormatter().format(rows)
        // Mean 0.21, s = 0.01, half-width t(2)·0.01/√3 = 0.02484.
        #expect(table.contains("0.2100 ± 0.025"))
        #expect(!table.contains("exact)"))
        let ridge = table.range(of: "ridge(lambda=0.001)")!, minNorm = table.range(of: "\nmin-norm")!
        #expect(ridge.lowerBound < minNorm.lowerBound)
        // Within a block, n keeps its first-appearance order (400 before 100).
        let block = table[ridge.upperBound..<minNorm.lowerBound]
        #expect(block.range(of: "    400")!.lowerBound < block.range(of: "    100")!.lowerBound)
        for line in table.split(separator: "\n") { #expect(line.count <= 100) }
    }

    @Test("different attacks head each block; long specs are wrapped")
    func blocksAndWrapping() {
        let longEstimator = "two-layer(width=100000,steps=100000,lr=0.001,init=gaussian,seed-offset=12345,output=centred,extra=verylongvalue)"
        let rows = [makeRegressionRow(estimator: longEstimator, attack: "exact-l2(radius=0.1)", exact: false),
                    makeRegressionRow(estimator: longEstimator, attack: "exact-linf(radius=0.1)", exact: false)]
        let table = TableFormatter(width: 80).format(rows)
        #expect(table.contains("estimator: two-layer("))
        #expect(table.contains("\nexact-l2(radius=0.1)\n") && table.contains("\nexact-linf(radius=0.1)\n"))
        for line in table.split(separator: "\n") { #expect(line.count <= 80) }
    }

    @Test("narrow terminals move intervals below the means")
    func twoLineLayout() {
        let rows = (0..<3).map { makeRegressionRow(seed: UInt64($0), risk: 1e-5 * Double($0 + 1)) }
        let table = TableFormatter(width: 60).format(rows)
        #expect(table.contains("± "))
        #expect(table.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("±") })
    }

    @Test("classification shows clean and robust error")
    func classification() {
        let table = TableFormatter().format([makeClassificationRow(seed: 0, error: 0.1), makeClassificationRow(seed: 1, error: 0.2)])
        #expect(table.contains("clean error") && table.contains("robust error"))
        #expect(!table.contains("weight norm") && !table.contains("standard risk"))
        #expect(table.contains("0.1500 ± 0.64"))
    }

    @Test("formats parse with a hint")
    func formatParsing() throws {
        #expect(try ResultFormat(parsing: "jsonl") == .jsonl)
        #expect(throws: ZooError.self) { try ResultFormat(parsing: "json") }
        #expect(ResultFormat.table.render([]) == "")
    }
}
