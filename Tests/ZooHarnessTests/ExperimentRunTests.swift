import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness
import ZooLinalg
import ZooTestSupport

/// The run API (`ExperimentRun`): one enumeration of the cells shared by the runner, the shard split,
/// the row counts and the resume check, with typed keys; and `TestPointEvaluation`, the cell's
/// evaluation at caller-given test points.
@Suite struct ExperimentRunTests {
    let registry = try! Registry(catalogs: [Catalog.self, ToyCatalog.self])

    /// Two groups (two data models), two seeds, two sizes, two estimators, one attack: 8 samples, 16 rows.
    func groups() throws -> [Experiment] {
        try ["isotropic(d=12)", "isotropic(d=16)"].map { data throws in
            Experiment(
                data: try ComponentSpec(parsing: data), estimators: try ComponentSpec.parseList("min-norm,ridge"),
                attacks: try ComponentSpec.parseList("exact-l2(radius=0.1)"), sampleSizes: [6, 10], testSize: 20,
                seedCount: 2, firstSeed: 3, recordTimings: false)
        }
    }

    func rows(_ run: ExperimentRun, skipping: Set<CellKey> = []) throws -> [ResultRow] {
        let sink = RowCollector()
        try run.run(skipping: skipping, into: sink)
        return sink.rows
    }

    /// The samples of `rows` in order of first appearance.
    func samples(of rows: [ResultRow], in run: ExperimentRun) -> [SampleKey] {
        var seen = Set<SampleKey>()
        var result = [SampleKey]()
        for row in rows {
            let group = run.plans.firstIndex { $0.data.spec == row.data }!
            let key = SampleKey(group: group, seed: row.seed, n: row.n)
            if seen.insert(key).inserted { result.append(key) }
        }
        return result
    }

    @Test func theRunnerShardsAndRowCountsShareOneEnumeration() throws {
        let run = try ExperimentRun(groups(), registry: registry)
        let enumerated = run.plans.enumerated().flatMap { Array($0.element.samples(group: $0.offset)) }
        #expect(enumerated.count == 8)
        #expect(RunCell.all(in: run.plans).map(\.key) == enumerated)
        #expect(enumerated.first == SampleKey(group: 0, seed: 3, n: 6) && enumerated[1].n == 10)
        #expect(enumerated[2] == SampleKey(group: 0, seed: 4, n: 6), "seeds outer, then n")
        let all = try rows(run)
        #expect(samples(of: all, in: run) == enumerated, "the runner's order is the enumeration's")
        #expect(run.rowCounts == [8, 8] && run.totalRows == all.count)
        // Three shards: disjoint, together the whole run, each counting and running exactly its samples.
        var union = [SampleKey]()
        var shardRows = [ResultRow]()
        for index in 1...3 {
            let shard = try Shard(parsing: "\(index)/3")
            let part = try ExperimentRun(groups(), registry: registry, shard: shard)
            let selection = try #require(part.selection)
            let partRows = try rows(part)
            #expect(part.totalRows == partRows.count)
            #expect(Set(samples(of: partRows, in: part)) == selection)
            #expect(samples(of: partRows, in: part) == enumerated.filter(selection.contains), "run order kept")
            union += Array(selection)
            shardRows += partRows
        }
        #expect(union.count == enumerated.count && Set(union) == Set(enumerated))
        // The shards' rows are the whole run's, bit for bit.
        #expect(Set(shardRows.map(\.cellKey)) == Set(all.map(\.cellKey)))
        for row in shardRows { #expect(all.contains(row)) }
    }

    @Test func resumeIsTypedAndCheckedAgainstTheRunsCells() throws {
        let run = try ExperimentRun(groups(), registry: registry)
        let all = try rows(run)
        let kept = Array(all.prefix(5))
        let finished = try run.finishedCells(of: kept, lines: Array(1...5), file: "r.jsonl")
        #expect(finished.count == 5)
        #expect(finished.contains(CellKey(sample: SampleKey(group: 0, seed: 3, n: 6), estimator: 0, attack: 0)))
        #expect(try rows(run, skipping: finished) == Array(all.dropFirst(5)))
        // A duplicated row, a row of another shard and a row of another experiment are refused by line.
        #expect(throws: ZooError.self) {
            try run.finishedCells(of: [all[0], all[0]], lines: [1, 2], file: "r.jsonl")
        }
        let shard = try ExperimentRun(groups(), registry: registry, shard: Shard(parsing: "1/3"))
        let outside = all.first { row in
            !shard.selection!.contains(SampleKey(group: row.data == all[0].data ? 0 : 1, seed: row.seed, n: row.n))
        }!
        let refused = #expect(throws: ZooError.self) {
            try shard.finishedCells(of: [outside], lines: [7], file: "s.jsonl")
        }
        #expect(refused?.description.contains("line 7: the cell (seed") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("belongs to another shard") == true)
        var other = all[0]
        other.n = 7
        #expect(throws: ZooError.self) { try run.finishedCells(of: [other], lines: [1], file: "r.jsonl") }
    }

    @Test func keptRowsAreCheckedAndNotesAreData() throws {
        let run = try ExperimentRun(groups(), registry: registry)
        #expect(throws: ZooError.self) { try run.checkKeptRows(available: 1000) }
        try run.checkKeptRows(available: 1e9)
        #expect(run.streamingNote == nil)
        var streamed = try groups()[0]
        streamed.designStorage = .streamed
        let note = try ExperimentRun([streamed], registry: registry).streamingNote
        #expect(note?.hasPrefix("streaming X for n = 6, 10 (d = 12)") == true, "\(note ?? "nil")")
    }

    /// `TestPointEvaluation` at a cell's own test points gives the cell's row (a non-linear model, whose
    /// row predicts at x + δ too).
    @Test func pointEvaluationReproducesTheCellsRow() throws {
        let experiment = Experiment(
            data: try ComponentSpec(parsing: "toy-nonlinear-data(d=5)"),
            estimators: try ComponentSpec.parseList("toy-tanh"),
            attacks: try ComponentSpec.parseList("toy-gradient-sign(radius=0.05)"), sampleSizes: [30], testSize: 40,
            seedCount: 1, firstSeed: 2, recordTimings: false)
        let run = try ExperimentRun([experiment], registry: registry)
        let row = try #require(try rows(run).first)
        let plan = run.plans[0]
        let (estimator, attack) = (plan.estimators[0], plan.attacks[0])
        let training = try plan.data.drawTraining(size: 30, seed: 2)
        let test = try plan.data.drawTest(size: 40, seed: 2)
        let model = try estimator.fit(
            training, context: FitContext(seed: 2, task: .regression, threatModel: plan.sharedThreatModel))
        let points = try TestPointEvaluation(
            model: model, trainedOn: training, attack: attack, inputs: test.data.features,
            target: .fixed(test.signal!), task: .regression,
            seed: StableHash.combine(2, 30, estimator.stableHash, attack.stableHash))
        #expect(points.standardRisk == row.standardRisk)
        #expect(points.adversarialRisk == row.adversarialRisk)
        #expect(points.largestPerturbation == row.maxPerturbation)
        #expect(points.losses.count == 40 && points.perturbationNorms.allSatisfy { $0 <= 0.05 * (1 + 1e-12) })
        // The pair check: capabilities, then the attack's tasks.
        #expect(throws: ZooError.self) {
            try TestPointEvaluation.checkPair(
                estimator: try registry.makeEstimator(ComponentSpec(parsing: "nearest-neighbor")),
                attack: try registry.makeAttack(ComponentSpec(parsing: "nearest-flip")), task: .regression,
                data: "train.csv", registry: registry)
        }
    }

    /// An attack that leaves its ball is refused with the test point, at any test points.
    @Test func pointEvaluationRefusesAPerturbationOutsideTheBall() throws {
        var registry = self.registry
        try registry.register(
            CatalogEntry(
                module: "Fixture", kind: .attack, name: "broken-outside-ball", type: OutsideBallAttack.self,
                summary: "leaves its ball"))
        let attack = try registry.makeAttack(ComponentSpec(parsing: "broken-outside-ball"))
        let training = Dataset(
            generatedFeatures: Matrix.standardNormal(rows: 8, columns: 3, seed: 1, stream: 0),
            targets: (0..<8).map(Double.init))
        let model = try registry.makeEstimator(ComponentSpec(parsing: "ridge")).fit(
            training, context: FitContext(seed: 0))
        let refused = #expect(throws: ZooError.self) {
            try TestPointEvaluation(
                model: model, trainedOn: training, attack: attack, inputs: training.features,
                target: .fixed(training.targets), task: .regression, seed: 0)
        }
        #expect(
            refused?.description.contains("broken-outside-ball(radius=0.1) left its l2 ball at test point 1") == true,
            "\(String(describing: refused))")
    }
}
