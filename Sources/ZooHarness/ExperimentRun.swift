import Foundation
import ZooCore

// MARK: - A whole run

/// A run of one or more groups (`ExperimentGrid.groups`, or a preset's experiments), validated and
/// counted before the first cell: the public entry point for running experiments from a library, and
/// what `zoo compare`, `zoo run` and `zoo reproduce` call.
///
/// ```swift
/// let run = try ExperimentRun([experiment], registry: registry, annotators: [])
/// let rows = RowCollector()
/// try run.run(into: rows)
/// ```
///
/// Building a run builds every group's `ExperimentPlan`, checks the whole run's cells and time
/// (`ResourceModel.checkRun`), and with a `Shard` selects the samples this shard runs. The run's cells
/// are enumerated in one place (`GroupSamples`): the runner's order, the shard split, the row counts
/// and the resume check all read it. Keys are typed (`SampleKey`, `CellKey`), never text.
/// The run does no I/O: rows go to a `RowSink`, progress to a closure, and what a command might tell
/// its user (`streamingNote`) is returned as data.
public struct ExperimentRun: Sendable {
    /// The groups' plans, in run order.
    public let plans: [ExperimentPlan]
    /// `--shard i/N`: the part of the run this process runs (nil: all of it).
    public let shard: Shard?
    /// The samples this shard runs (nil: every sample of the run).
    public let selection: Set<SampleKey>?
    /// The rows each group emits in this run (its selected samples × estimators × attacks).
    public let rowCounts: [Int]
    /// Fill extra columns (theory) of every row, in order.
    public let annotators: [any RowAnnotator]

    /// Rows kept in memory (for a table, a report, claims or `--resume`) take about this many bytes each.
    public static let bytesPerKeptRow = 4096.0

    /// Builds and checks every group's plan (an error names the group's data spec when there are
    /// several), the run's size and time, and the shard's selection.
    public init(
        _ groups: [Experiment], registry: Registry, shard: Shard? = nil, annotators: [any RowAnnotator] = []
    ) throws(ZooError) {
        var plans = [ExperimentPlan]()
        for experiment in groups {
            do throws(ZooError) { plans.append(try ExperimentPlan(experiment, registry: registry)) } catch {
                throw groups.count > 1 ? error.withContext("grid point data=\(experiment.data)") : error
            }
        }
        // The whole run's cells and time (all groups together), before anything is listed or allocated.
        try ResourceModel.checkRun(plans.map { ($0.experiment, $0.data.dimension ?? 1, $0.estimators, $0.attacks) })
        let samples = plans.enumerated().map { $0.element.samples(group: $0.offset) }
        let sampleCount = Saturating.sum(samples.map(\.count))
        var selection: Set<SampleKey>? = nil
        if let shard {
            try ResourceModel.checkShardSplit(cells: sampleCount, shards: shard.count)
            // A shard beyond the sample count is empty (and the run is not listed for it).
            selection = shard.index - 1 < sampleCount ? Set(shard.cells(of: RunCell.all(in: plans)).map(\.key)) : []
        }
        self.plans = plans
        self.shard = shard
        self.selection = selection
        self.annotators = annotators
        rowCounts = zip(plans, samples).map { plan, samples in
            let selected = selection.map { selection in samples.filter(selection.contains).count } ?? samples.count
            return selected * plan.estimators.count * plan.attacks.count
        }
    }

    /// The rows the whole run emits (this shard's).
    public var totalRows: Int { rowCounts.reduce(0, +) }

    /// What identifies this run in its results file's header (`RunHeaderFile`).
    public var fingerprint: RunFingerprint { RunFingerprint(plans: plans, shard: shard?.description) }

    /// Files the run reads (the data models' input files).
    public var sourceFiles: [String] { plans.flatMap(\.data.sourceFiles) }

    // MARK: Checks before the first cell

    /// Refuses a run whose rows, kept in memory (for a table, a report, claims or a head-to-head
    /// comparison), would need more than `available` bytes (by default half the machine's memory).
    public func checkKeptRows(available: Double = 0.5 * Double(ProcessInfo.processInfo.physicalMemory))
        throws(ZooError)
    {
        let bytes = Double(totalRows) * Self.bytesPerKeptRow
        guard bytes <= available else {
            throw .resources(
                "the table and the report keep every row in memory: \(totalRows) rows need about "
                    + String(
                        format: "%.1f GiB, more than the %.1f GiB this machine can spare", bytes / 1_073_741_824,
                        available / 1_073_741_824)
                    + ": use --format jsonl or csv with --out and no --report, or fewer cells")
        }
    }

    /// The note a command shows when some cells stream X instead of storing it (nil when none does).
    public var streamingNote: String? {
        let sizes = Set(plans.flatMap(\.streamedSizes)).sorted()
        guard !sizes.isEmpty else { return nil }
        return
            "streaming X for n = \(sizes.map(String.init).joined(separator: ", ")) (d = \(plans[0].data.dimension ?? 0)): each pass regenerates it block by block instead of storing it"
    }

    // MARK: Running

    /// Runs every selected cell not in `finished` (`finishedCells(of:lines:file:)`), group by group,
    /// handing each row to `sink` as it completes. Progress counts this run's rows (`totalRows`).
    public func run(
        skipping finished: Set<CellKey> = [], progress: (ProgressEvent) -> Void = { _ in },
        into sink: some RowSink
    ) throws(ZooError) {
        let total = totalRows
        var offset = 0
        for (group, plan) in plans.enumerated() {
            let groupProgress: (ProgressEvent) -> Void = { [offset] event in
                progress(
                    ProgressEvent(
                        finished: offset + event.finished, total: total, cell: event.cell, skipped: event.skipped,
                        withinCell: event.withinCell))
            }
            try ExperimentRunner(plan: plan, annotators: annotators).run(
                group: group, skipping: finished, only: selection, progress: groupProgress
            ) { row throws(ZooError) in try sink.write(row) }
            offset += rowCounts[group]
        }
    }
}
