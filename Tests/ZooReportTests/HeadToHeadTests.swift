import Foundation
import Testing
import ZooCore
import ZooHarness

@testable import ZooReport

/// The head-to-head statistics against values computed with scipy.stats 1.17 (scripts/check_head_to_head_scipy.py
/// checks many more), its symmetry, the handling of missing partners, one seed and duplicates, and its outputs.
@Suite("Head to head")
struct HeadToHeadTests {
    // MARK: Known values (scipy.stats)

    @Test("Student t critical values and tails match scipy.stats.t")
    func studentT() {
        // t.ppf(0.975, 9), t.ppf(1 − 0.025/2, 9), t.ppf(0.995, 1), t.ppf(0.975, 200); 2·t.sf(2.5, 7).
        let cases: [(Double, Double, Double)] = [
            (0.95, 9, 2.262157162798205), (0.975, 9, 2.6850108468164575),
            (0.99, 1, 63.656741162871526), (0.95, 200, 1.9718962236339088),
        ]
        for (confidence, df, expected) in cases {
            #expect(
                abs(StudentT.criticalValue(confidence: confidence, degreesOfFreedom: df) - expected) < 1e-12 * expected)
        }
        #expect(abs(StudentT.twoSidedTail(2.5, degreesOfFreedom: 7) - 0.04099221858575289) < 1e-13)
        // The summary intervals' multipliers for ν ≤ 30 are the distribution rounded to five decimals: the
        // published table, bit for bit (so the intervals the reports print are unchanged).
        let published: [Double] = [
            12.70620, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
            2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
            2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227,
        ]
        for df in 1...30 {
            #expect(StudentT.quantile975(degreesOfFreedom: df) == published[df - 1], "ν = \(df)")
            #expect(
                abs(
                    StudentT.criticalValue(confidence: 0.95, degreesOfFreedom: Double(df))
                        - StudentT.quantile975(degreesOfFreedom: df)) <= 5e-6)
        }
        #expect(
            StudentT.quantile975(degreesOfFreedom: 31)
                == StudentT.criticalValue(confidence: 0.95, degreesOfFreedom: 31))
    }

    @Test("exact sign test matches scipy.stats.binomtest")
    func signTest() {
        #expect(abs(SignTest.twoSidedPValue(wins: 2, losses: 8)! - 0.109375) < 1e-14)
        #expect(abs(SignTest.twoSidedPValue(wins: 8, losses: 2)! - 0.109375) < 1e-14)
        #expect(abs(SignTest.twoSidedPValue(wins: 0, losses: 5)! - 0.0625) < 1e-14)
        #expect(SignTest.twoSidedPValue(wins: 3, losses: 3) == 1)
        #expect(SignTest.twoSidedPValue(wins: 1, losses: 0) == 1)
        #expect(SignTest.twoSidedPValue(wins: 0, losses: 0) == nil)
    }

    @Test("Wilcoxon signed-rank test matches scipy.stats (exact, ties by permutation, normal approximation)")
    func wilcoxon() throws {
        // wilcoxon(d, method="exact")
        let exact = try #require(WilcoxonSignedRank.test([0.3, -0.1, 0.25, 0.4, 0.05, 0.6, -0.2, 0.35]))
        #expect(exact.method == .exact && abs(exact.pValue - 0.078125) < 1e-14)
        // Ties and zeros: permutation_test over all sign flips of the non-zero differences (W⁺ statistic).
        let tied = try #require(WilcoxonSignedRank.test([1, 1, -1, 2, 2, 2, -3, 0, 4, 0].map { $0 / 4 }))
        #expect(tied.method == .exact && abs(tied.pValue - 0.265625) < 1e-14)
        #expect(tied.positiveRankSum == 2 + 2 + 5 + 5 + 5 + 8)
        // 60 differences: wilcoxon(d, method="approx", correction=False).
        let many = (1...60).map { sin(Double($0) * 1.7) + 0.2 }
        let normal = try #require(WilcoxonSignedRank.test(many))
        #expect(normal.method == .normal && abs(normal.pValue - 0.02382049854030701) < 1e-12)
        #expect(WilcoxonSignedRank.test([0, 0]) == nil)
        #expect(WilcoxonSignedRank.test([0.5])?.pValue == 1)
    }

    @Test("Holm and Bonferroni adjustments")
    func adjustments() {
        let p: [Double?] = [0.01, 0.04, nil, 0.03, 0.005]
        // Sorted 0.005, 0.01, 0.03, 0.04 with m = 4: 0.02, 0.03, 0.06, 0.06 (monotone).
        let holm = MultipleComparisonAdjustment.holm.adjust(p)
        for (value, expected) in zip(holm, [0.03, 0.06, nil, 0.06, 0.02] as [Double?]) {
            #expect(value == nil && expected == nil || abs(value! - expected!) < 1e-15)
        }
        #expect(
            MultipleComparisonAdjustment.bonferroni.adjust(p).map { $0.map { ($0 * 1e6).rounded() / 1e6 } } == [
                0.04, 0.16, nil, 0.12, 0.02,
            ])
        #expect(MultipleComparisonAdjustment.none.adjust(p) == p)
        #expect(MultipleComparisonAdjustment.holm.confidence(familySize: 2) == 0.975)
        #expect(MultipleComparisonAdjustment.none.confidence(familySize: 2) == 0.95)
    }

    @Test("a paired interval matches scipy: mean ± t.ppf(0.975, 4)·s/√5")
    func pairedInterval() throws {
        let a = [1.0, 1.2, 0.9, 1.1, 1.05]
        let b = [1.1, 1.25, 1.0, 1.12, 1.2]
        let comparisons = try HeadToHead(adjustment: .none).comparisons(rows("A", a) + rows("B", b))
        let standard = try #require(comparisons.first { $0.metric == .standardRisk })
        #expect(abs(standard.meanDifference! + 0.084) < 1e-14)
        #expect(abs(standard.halfWidth! - 0.06245458826716775) < 1e-13)
        #expect(standard.winsA == 5 && standard.winsB == 0 && standard.ties == 0)
        #expect(standard.intervalExcludesZero)
        #expect(abs(standard.pSign! - 0.0625) < 1e-14 && abs(standard.pWilcoxon! - 0.0625) < 1e-14)
    }

    // MARK: Properties

    @Test("swapping A and B negates the differences and swaps the wins; p-values and widths stay")
    func swapSymmetry() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<20 {
            let k = Int(generator.next() % 12) + 1
            let a = (0..<k).map { _ in Double(generator.next() % 8) / 8 }
            let b = (0..<k).map { _ in Double(generator.next() % 8) / 8 }
            let forward = try HeadToHead().comparisons(rows("A", a) + rows("B", b))
            let backward = try HeadToHead().comparisons(rows("B", b) + rows("A", a))
            #expect(forward.count == backward.count)
            for (f, g) in zip(forward, backward) {
                #expect(f.estimatorA == "A" && g.estimatorA == "B" && f.metric == g.metric)
                #expect(f.meanDifference.map { -$0 } == g.meanDifference)
                #expect(f.winsA == g.winsB && f.winsB == g.winsA && f.ties == g.ties)
                #expect(f.halfWidth == g.halfWidth && f.pSign == g.pSign && f.pWilcoxon == g.pWilcoxon)
                #expect(f.swapped.meanDifference == g.meanDifference && f.swapped.winsA == g.winsA)
            }
        }
    }

    // MARK: Missing partners, one seed, duplicates, baseline

    @Test("a missing partner is left out and counted; one seed gives no interval")
    func missingAndOneSeed() throws {
        let a = rows("A", [0.5, 0.6, 0.7])
        let b = Array(rows("B", [0.4, 0.65, 0.8]).dropLast())
        let comparison = try #require(try HeadToHead().comparisons(a + b).first)
        #expect(comparison.pairedSeeds == 2 && comparison.onlyA == 1 && comparison.onlyB == 0)
        #expect(comparison.winsA == 1 && comparison.winsB == 1)
        let single = try #require(try HeadToHead().comparisons(rows("A", [0.5]) + rows("B", [0.6])).first)
        #expect(single.pairedSeeds == 1 && single.halfWidth == nil && single.pSign == 1 && single.familySize == 0)
        #expect(!single.intervalExcludesZero)
        let table = HeadToHeadTable().format([comparison, single])
        #expect(table.contains("left out 1 with A only") && table.contains("one paired seed, no interval"))
    }

    @Test("duplicates and an absent baseline are refused with the cause")
    func refusals() {
        let duplicated = rows("A", [0.5, 0.6]) + rows("A", [0.5]) + rows("B", [0.4, 0.3])
        #expect(throws: ZooError.self) { try HeadToHead().comparisons(duplicated) }
        do {
            _ = try HeadToHead(baseline: "C").comparisons(rows("A", [0.5]) + rows("B", [0.4]))
            Issue.record("an absent baseline was accepted")
        } catch {
            #expect(error.description.contains("baseline C") && error.isUsageError)
        }
    }

    @Test("a baseline pairs every other estimator with it; families count the pairs at one n and risk")
    func baselineFamilies() throws {
        let all = rows("A", [0.1, 0.2, 0.3]) + rows("B", [0.2, 0.2, 0.4]) + rows("C", [0.3, 0.1, 0.5])
        let versusC = try HeadToHead(baseline: "C").comparisons(all)
        #expect(Set(versusC.map { $0.estimatorA + $0.estimatorB }) == ["AC", "BC"])
        #expect(versusC.allSatisfy { $0.familySize == 2 && $0.confidence == 0.975 })
        let pairs = try HeadToHead().comparisons(all)
        #expect(Set(pairs.map { $0.estimatorA + $0.estimatorB }) == ["AB", "AC", "BC"])
        #expect(pairs.allSatisfy { $0.familySize == 3 })
    }

    // MARK: Outputs

    @Test("the table fits 80 columns; rows load with one header and one record per comparison")
    func outputs() throws {
        let long = "ridge(lambda=0.01,solver=cholesky,intercept=false,normalize=false,tolerance=1e-12)"
        let all = rows(long, [0.1, 0.2, 0.3]) + rows("min-norm", [0.2, 0.25, 0.4])
        let comparisons = try HeadToHead().comparisons(all)
        let table = HeadToHeadTable().format(comparisons)
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(table.contains("A − B ± CI") && table.contains("Holm"))
        let csv = HeadToHeadRows.csv(comparisons).split(separator: "\n")
        #expect(csv.count == comparisons.count + 1 && csv[0].hasPrefix("data,target,attack,n,metric,estimator_a"))
        let jsonl = HeadToHeadRows.jsonLines(comparisons).split(separator: "\n")
        #expect(jsonl.count == comparisons.count && jsonl[0].contains("\"p_wilcoxon_adjusted\":"))
        let html = HTMLHeadToHead.render(comparisons, baseline: nil)
        #expect(html.contains("<svg") && html.contains("Head to head") && html.contains("stroke-width=\"2.5\""))
    }

    @Test("short labels keep only the parameters that differ")
    func shortLabels() {
        let labels = HeadToHeadMatrix.shortLabels([
            "ridge(lambda=0.01,solver=auto)", "ridge(lambda=0.1,solver=auto)", "min-norm(tolerance=1e-10)",
        ])
        #expect(labels["ridge(lambda=0.01,solver=auto)"] == "ridge(lambda=0.01)")
        #expect(labels["min-norm(tolerance=1e-10)"] == "min-norm")
    }

    // MARK: Helpers

    /// Regression rows of one estimator, seed i with both risks set from `values[i]`.
    func rows(_ estimator: String, _ values: [Double]) -> [ResultRow] {
        values.enumerated().map { seed, value in
            ResultRow(
                data: "spiked(d=20)", estimator: estimator, attack: "exact-l2(radius=0.1)", target: "clean", n: 10,
                d: 20,
                seed: UInt64(seed), task: .regression,
                metrics: ["standard_risk": value, "adversarial_risk": 2 * value + 0.01 * Double(seed)])
        }
    }

    /// A small deterministic generator for the property test.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
