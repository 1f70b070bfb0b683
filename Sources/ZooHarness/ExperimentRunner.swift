import Foundation
import ZooCore
import ZooLinalg

// MARK: - Running a comparison

/// Progress of a run, for a reporter on stderr.
public struct ProgressEvent: Sendable {
    /// Cells finished so far (including skipped ones) and in total.
    public let finished: Int
    public let total: Int
    /// The cell just finished, e.g. "seed=3 n=400 ridge(lambda=0.01) × exact-l2(radius=0.1)".
    public let cell: String
    /// Whether the cell was skipped because it had already been finished (`--resume`).
    public let skipped: Bool
    /// Whether this reports work inside an unfinished cell (a streaming pass), not a finished cell: a
    /// time left estimated from finished cells would mislead then.
    public let withinCell: Bool

    public init(finished: Int, total: Int, cell: String, skipped: Bool, withinCell: Bool = false) {
        self.finished = finished
        self.total = total
        self.cell = cell
        self.skipped = skipped
        self.withinCell = withinCell
    }
}

/// Runs a plan cell by cell. Seeds are the outer loop, so an interrupted sweep has whole risk-versus-n
/// curves for its first seeds; each seed's test sample is drawn once and shared by every n, and for
/// every (seed, n) one training sample is drawn and shared by every estimator (a paired comparison).
/// Rows are emitted as soon as they are done.
///
/// Cells run one after another (the numerics inside use every core), so output order and values do
/// not depend on the thread count.
public struct ExperimentRunner: Sendable {
    public let plan: ExperimentPlan
    /// Fill extra columns (theory) of every row, in order.
    public let annotators: [any RowAnnotator]

    public init(plan: ExperimentPlan, annotators: [any RowAnnotator] = []) {
        self.plan = plan
        self.annotators = annotators
    }

    /// The number of cells.
    public var cellCount: Int { plan.cellCount }

    /// Runs every cell not in `finished`, calling `emit` with each row as it completes, in the order of
    /// `ExperimentPlan.samples(group:)` (the plan is group `group` of its run, so its keys carry that
    /// index). With `only`, just those samples run (a shard), and progress counts those.
    public func run(
        group: Int = 0, skipping finished: Set<CellKey> = [], only: Set<SampleKey>? = nil,
        progress: (ProgressEvent) -> Void = { _ in },
        emit: (ResultRow) throws(ZooError) -> Void
    ) throws(ZooError) {
        let experiment = plan.experiment
        var done = 0
        var currentSeed: UInt64? = nil
        var tests = [Bool: DesignTestSample]()
        for key in plan.samples(group: group) {
            let seed = key.seed
            let n = key.n
            if key.seed != currentSeed {
                // Each seed's test sample is drawn once, at its first sample that runs.
                currentSeed = key.seed
                tests = [:]
            }
            if let only, !only.contains(key) { continue }
            let pending = plan.estimators.indices.map { estimator in
                plan.attacks.indices.filter {
                    !finished.contains(CellKey(sample: key, estimator: estimator, attack: $0))
                }.map { plan.attacks[$0] }
            }
            guard pending.contains(where: { !$0.isEmpty }) else {
                done += plan.estimators.count * plan.attacks.count
                progress(
                    ProgressEvent(
                        finished: done, total: cellCount, cell: "seed=\(seed) n=\(n) (finished before)",
                        skipped: true))
                continue
            }
            let sample = try CellSample.draw(plan: plan, n: n, seed: seed, tests: &tests)
            let cell = CellEvaluator(plan: plan, sample: sample, n: n, seed: seed)
            let context = FitContext(seed: seed, task: plan.data.task, threatModel: plan.sharedThreatModel)
            // Every estimator is fitted even when only some cells are pending, so a resumed sweep
            // computes exactly what the full one did (shared decompositions, batched predictions).
            let fitted = try Self.reportingPasses(
                of: sample, progress: progress, finished: done, total: cellCount,
                cell: "seed=\(seed) n=\(n)"
            ) { () throws(ZooError) in
                try cell.fitAll(plan.estimators, context: context)
            }
            for (index, model) in fitted.enumerated() {
                let estimator = plan.estimators[index]
                for attack in pending[index] {
                    var row = try cell.evaluate(model, estimator: estimator, attack: attack)
                    if !annotators.isEmpty {
                        let facts = CellFacts(
                            data: plan.data, estimator: estimator, attack: attack, model: model.model,
                            population: (plan.data as? any GaussianPopulationModel)?.population(forSeed: seed),
                            target: experiment.target)
                        for annotator in annotators { try annotator.annotate(&row, facts: facts) }
                    }
                    try row.checkFinite()
                    try emit(row)
                    done += 1
                    progress(
                        ProgressEvent(
                            finished: done, total: cellCount,
                            cell: "seed=\(seed) n=\(n) \(estimator.spec) × \(attack.spec)", skipped: false))
                }
            }
            done += plan.estimators.count * plan.attacks.count - pending.map(\.count).reduce(0, +)
        }
    }

    /// Runs `body`; for a streamed sample, reports each streaming pass's progress as a progress event
    /// ("seed=0 n=4000: streaming X (4000×1000000), pass 3 at 37%"), at most every column block.
    private static func reportingPasses<T>(
        of sample: CellSample, progress: (ProgressEvent) -> Void, finished: Int, total: Int,
        cell: String, _ body: () throws(ZooError) -> T
    ) throws(ZooError) -> T {
        guard sample.training.design.storedMatrix == nil else { return try body() }
        var result: Result<T, ZooError>?
        withoutActuallyEscaping(progress) { progress in
            let reporter = PassReporter(progress: progress, finished: finished, total: total, cell: cell)
            StreamedGaussianDesign.$passObserver.withValue(StreamingPassObserver { reporter.report($0) }) {
                do throws(ZooError) { result = .success(try body()) } catch { result = .failure(error) }
            }
        }
        return try result!.get()
    }

    /// Turns pass progress into progress events; used only on the thread running the cell.
    private final class PassReporter: @unchecked Sendable {
        let progress: (ProgressEvent) -> Void
        let finished: Int, total: Int, cell: String
        private var passes = 0
        private var lastDone = Int.max

        init(progress: @escaping (ProgressEvent) -> Void, finished: Int, total: Int, cell: String) {
            self.progress = progress
            self.finished = finished
            self.total = total
            self.cell = cell
        }

        func report(_ pass: StreamingPassProgress) {
            if pass.columnsDone <= lastDone { passes += 1 }  // a new pass starts from its first block
            lastDone = pass.columnsDone
            let percent = Int((100 * Double(pass.columnsDone) / Double(max(1, pass.columns))).rounded(.down))
            progress(
                ProgressEvent(
                    finished: finished, total: total,
                    cell: "\(cell): streaming X (\(pass.rows)×\(pass.columns)), pass \(passes) at \(percent)%",
                    skipped: false,
                    withinCell: true))
        }

    }
}
