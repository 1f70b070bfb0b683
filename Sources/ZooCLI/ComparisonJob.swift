import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - Running a comparison from the command line

/// Everything `zoo compare`, `zoo run` and `zoo reproduce` need to run one experiment and write its
/// results: the experiment, the output format and files, and the command text for the report.
struct ComparisonJob {
    var experiment: Experiment
    var format: ResultFormat
    /// `--out FILE`: nil prints to standard output.
    var outPath: String?
    /// `.replaceOnFinish` for `compare` (no complete-looking file on failure); `.append` for `run`.
    var outMode: ResultSink.Mode
    var reportPath: String?
    var reportTitle: String
    /// `--resume`: skip cells already in the `--out` file.
    var resume: Bool = false
    /// Shown in the report.
    var command: String
    /// Extra figures for the report (for example risk versus λ).
    var extraFigures: @Sendable ([ResultRow]) -> [ReportFigure] = { _ in [] }
    /// Claims to check on the rows (`zoo reproduce`): each verdict is printed and shown in the report.
    var claims: [Claim] = []
    /// The full experiment specification for the report's footer (nil: rendered from `experiment`).
    var specification: String? = nil

    /// A grid run's groups (`ExperimentGrid.groups`), run in order; nil runs `experiment` alone.
    var groups: [Experiment]? = nil
    /// `--shard i/N`: run only this shard's cells.
    var shard: Shard? = nil
    /// `--quiet`: no progress line.
    var quiet = false

    /// `--head-to-head` / `--baseline`: print the paired comparisons after the results (nil: not asked).
    var headToHead: HeadToHead? = nil
    /// The report's head-to-head section (on by default with two or more estimators).
    var reportHeadToHead = HeadToHead()

    /// Files the job reads (the experiment file), which no output may overwrite.
    var inputs: [NamedFile] = []
    /// `--force`: replace an existing non-empty `--out`/`--report` (for `zoo run`: start the run over).
    var force = false
    /// `--columns`: the table's value columns (nil: every column some row has).
    var tableColumns: [ResultMetric]? = nil
    /// `--palette`: the report's colours.
    var palette: ReportPalette = .okabeIto

    /// Rows kept in memory for the table, the report or `--resume` take about this many bytes each.
    static let bytesPerKeptRow = 4096.0

    /// Validates everything (the plan, every output path, the memory of kept rows, the `--out` file's
    /// lock and fingerprint) before the first cell, runs every cell, streams rows, then writes the table
    /// and the report.
    func run(registry: Registry, console: Console) throws(ZooError) {
        let experiments = groups ?? [experiment]
        var plans = [ExperimentPlan]()
        for experiment in experiments {
            do throws(ZooError) { plans.append(try ExperimentPlan(experiment, registry: registry)) } catch {
                throw experiments.count > 1 ? error.prefixed("grid point data=\(experiment.data)") : error
            }
        }
        // The whole run's cells and time (all groups together), before anything is listed or allocated.
        try ResourceModel.checkRun(plans.map { ($0.experiment, $0.data.dimension ?? 1, $0.estimators, $0.attacks) })
        if let shard { try ResourceModel.checkShardSplit(cells: Shard.cellCount(of: plans), shards: shard.count) }
        // The (seed, n) samples this job runs, per group, and the rows they give.
        let selected: [Set<String>]? = shard.map { shard in
            var sets = [Set<String>](repeating: [], count: plans.count)
            for cell in shard.cells(of: plans) { sets[cell.group].insert("\(cell.seed) \(cell.n)") }
            return sets
        }
        var rowCounts = [Int]()
        for (i, plan) in plans.enumerated() {
            let samples: Int =
                selected.map { $0[i].count } ?? plan.experiment.seedCount * plan.experiment.sampleSizes.count
            rowCounts.append(samples * plan.estimators.count * plan.attacks.count)
        }
        let totalRows = rowCounts.reduce(0, +)
        var readFiles = inputs
        for plan in plans {
            readFiles += plan.data.sourceFiles.map { .init("the data file", $0) }
        }
        if resume && outPath == nil {
            throw .usage("--resume needs --out FILE.jsonl: the file whose finished cells to skip")
        }
        if headToHead != nil && format != .table && outPath == nil {
            throw .usage(
                "--head-to-head prints a table after the results, but --format \(format.rawValue) writes the rows to standard output: add --out FILE, or run zoo report FILE --head-to-head --format \(format.rawValue) on saved rows"
            )
        }
        if resume && force {
            throw .usage(
                "--resume and --force contradict each other: --resume finishes the run in --out, --force starts it over"
            )
        }
        // A claim is checked on every row, so it keeps them too.
        let keepsRows = format == .table || reportPath != nil || !claims.isEmpty || headToHead != nil
        if keepsRows {
            let bytes = Double(totalRows) * Self.bytesPerKeptRow
            let available = 0.5 * Double(ProcessInfo.processInfo.physicalMemory)
            guard bytes <= available else {
                throw .resources(
                    "the table and the report keep every row in memory: \(totalRows) rows need about "
                        + String(
                            format: "%.1f GiB, more than the %.1f GiB this machine can spare", bytes / 1_073_741_824,
                            available / 1_073_741_824)
                        + ": use --format jsonl or csv with --out and no --report, or fewer cells")
            }
        }

        if resume && format != .jsonl {
            throw .usage(
                "--resume reads the finished cells back from a JSON Lines file: use --format jsonl (the default of zoo run)"
            )
        }
        let table = TableFormatter(width: console.tableWidth, columns: tableColumns)
        let parameterColumns = ParameterColumns(
            data: plans.map(\.data.spec), estimators: plans.flatMap { $0.estimators.map(\.spec) },
            attacks: plans.flatMap { $0.attacks.map(\.spec) })
        // The output layer: every check, then the locks on the final files, before any work.
        let replaceRule: OutputTarget.Existing = force ? .replace : .refuse(hint: OutputTarget.forceHint)
        var outputs = [NamedFile]()
        if let outPath { outputs.append(.init("--out", outPath)) }
        if let reportPath { outputs.append(.init("--report", reportPath)) }
        let targets = try OutputTarget.open(
            outputs, inputs: readFiles, existing: outMode == .append ? .append : replaceRule)
        let outTarget = outPath == nil ? nil : targets[0]
        let reportTarget = reportPath == nil ? nil : targets[targets.count - 1]
        // --resume finishes a run, so its report (derived from the same rows) may be rewritten.
        if let reportTarget, reportTarget.existingBytes > 0, !force, !resume {
            for target in targets { target.release() }
            throw .usage(
                "--report '\(reportTarget.path)' already exists and is not empty (\(reportTarget.existingBytes) bytes): \(OutputTarget.forceHint)"
            )
        }
        if let outTarget, outMode == .append, outTarget.existingBytes > 0, !resume, !force {
            for target in targets { target.release() }
            throw .usage(
                "--out '\(outTarget.path)' already exists and is not empty (\(outTarget.existingBytes) bytes): use --resume to finish the run it holds, --force to start over, or choose a new --out file"
            )
        }
        let sink: ResultSink?
        do throws(ZooError) {
            sink = try outTarget.map { target throws(ZooError) in
                try ResultSink(
                    target: target, format: format, mode: outMode, parameterColumns: parameterColumns, table: table)
            }
        } catch {
            reportTarget?.release()
            throw error
        }
        var finished = Set<String>()
        var previousRows = [ResultRow]()
        do throws(ZooError) {
            if let sink, format != .table, outMode == .replaceOnFinish {
                // A results file always has its fingerprint in FILE.run.json (standard output does not).
                try sink.writeHeader(RunFingerprint(plans: plans, shard: shard?.description))
            } else if let sink, let outPath, outMode == .append {
                if force { try sink.discardExisting() }
                let fingerprint = RunFingerprint(plans: plans, shard: shard?.description)
                let contents: ResultFileContents
                do { contents = try readResultFile(jsonLines: sink.existingText) } catch {
                    throw error.prefixed("cannot resume '\(outPath)'")
                }
                if let line = sink.droppedIncompleteLine {
                    console.printError("note: dropped the incomplete line \(line) of \(outPath) (an interrupted write)")
                }
                let isEmpty = contents.rows.isEmpty && contents.fingerprint == nil
                if !isEmpty {
                    guard resume else {
                        throw ZooError.usage(
                            "'\(outPath)' already holds results: use --resume to finish that run, --force to start it over, or choose a new --out file"
                        )
                    }
                    guard let recorded = try RunHeaderFile.fingerprint(for: outPath, inFile: contents.fingerprint)
                    else {
                        throw ZooError.invalidData(
                            "cannot resume '\(outPath)': it has no run header (\(RunHeaderFile.path(for: outPath)) is missing), so it cannot be checked to come from this experiment: use a new --out file"
                        )
                    }
                    let differences = fingerprint.differences(from: recorded)
                    guard differences.isEmpty else {
                        throw ZooError.usage(
                            "cannot resume '\(outPath)': it was written by a different experiment (\(differences.joined(separator: "; "))): use the same experiment file or a new --out file"
                        )
                    }
                    finished = try ResumeCheck(plans: plans, selected: selected).check(contents, file: outPath)
                    if keepsRows { previousRows = contents.rows }
                } else {
                    try sink.writeHeader(fingerprint)
                }
            }
        } catch {
            sink?.abandon()
            reportTarget?.release()
            throw error
        }

        let streamedSizes = plans.flatMap(\.streamedSizes).sorted()
        if !streamedSizes.isEmpty && !quiet {
            let sizes = Array(Set(streamedSizes)).sorted().map(String.init).joined(separator: ", ")
            console.printError(
                "note: streaming X for n = \(sizes) (d = \(plans[0].data.dimension ?? 0)): each pass regenerates it block by block instead of storing it"
            )
        }
        var rows = previousRows
        var emitted = 0
        let progress = ProgressReporter(console: console, total: totalRows, quiet: quiet)
        var offset = 0
        do throws(ZooError) {
            for (group, plan) in plans.enumerated() {
                let only: ((UInt64, Int) -> Bool)? = selected.map { sets in
                    { seed, n in sets[group].contains("\(seed) \(n)") }
                }
                let report: (ProgressEvent) -> Void = { [offset] event in
                    progress.report(
                        ProgressEvent(
                            finished: offset + event.finished, total: totalRows, cell: event.cell,
                            skipped: event.skipped,
                            withinCell: event.withinCell))
                }
                try ExperimentRunner(plan: plan, annotators: [TheoryAnnotator()]).run(
                    skipping: finished, only: only, progress: report
                ) { row throws(ZooError) in
                    if keepsRows { rows.append(row) }
                    emitted += 1
                    if let sink {
                        try sink.write(row)
                    } else if format == .csv {
                        if emitted == 1 {
                            console.print(CSVResultWriter.header(for: row.task, parameters: parameterColumns))
                        }
                        console.print(CSVResultWriter.line(for: row, parameters: parameterColumns))
                    } else if format == .jsonl {
                        console.print(JSONLinesResultWriter.line(for: row))
                    }
                    try console.checkOutput()  // a failed write to standard output stops the run at once
                }
                offset += rowCounts[group]
            }
        } catch {
            progress.finish()
            sink?.abandon()
            reportTarget?.release()
            throw error
        }
        progress.finish()
        if !streamedSizes.isEmpty && !quiet {
            console.printError(
                String(format: "peak memory %.2f GiB (resident)", PeakMemory.residentBytes / 1_073_741_824))
        }
        do throws(ZooError) { try sink?.finish() } catch {
            reportTarget?.release()
            throw error
        }
        // What was written, even with --quiet (which silences progress only).
        if let outPath {
            let already = finished.count
            let header = format == .table ? "" : " (run header: \(RunHeaderFile.path(for: outPath)))"
            if emitted == 0 && already > 0 {
                console.printError(
                    "\(outPath) already holds all \(already) rows of this run: nothing left to run\(header)")
            } else if already > 0 {
                console.printError("wrote \(emitted) new rows to \(outPath) (\(already) were already there)\(header)")
            } else {
                console.printError("wrote \(emitted) rows to \(outPath)\(header)")
            }
        }
        if format == .table && outPath == nil { console.print(table.format(rows)) }
        if let headToHead {
            let table = HeadToHeadTable().format(try headToHead.comparisons(rows))
            console.write(
                (format == .table && outPath == nil ? "\n" : "")
                    + (table.isEmpty ? "head to head: one estimator only, nothing to compare\n" : table))
        }
        let verdicts = claims.map { $0.check(rows, notations: ParameterNotations(registry: registry)) }
        for verdict in verdicts {
            // The claim and its checks, wrapped to the table's width like the table above them.
            console.print(
                verdict.text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
                    TextWrap.lines(String(line), width: console.tableWidth, indent: "    ")
                }.joined(separator: "\n"))
        }
        if let reportPath {
            var report = HTMLReport(
                title: reportTitle, command: command, rows: rows, notations: ParameterNotations(registry: registry))
            report.extraFigures = extraFigures(rows)
            report.verdicts = verdicts
            report.headToHead = reportHeadToHead
            report.specification =
                specification
                ?? (groups ?? [experiment]).map { ExperimentDescription.json($0, target: rows.first?.target) }.joined(
                    separator: "\n")
            report.version = "zoo \(ZooCommandLine.version)"
            report.palette = palette
            try reportTarget!.replace(with: report.render())
            console.printError("report written to \(reportPath)")
        }
    }

    /// `run` with `--columns` and `--palette` from the command line.
    func run(registry: Registry, console: Console, view parsed: ParsedArguments) throws(ZooError) {
        var job = self
        job.tableColumns = try parsed.string("--columns").map { text throws(ZooError) in
            try TableFormatter.parseColumns(text)
        }
        job.palette = try ReportPalette(parsing: parsed.string("--palette") ?? ReportPalette.okabeIto.rawValue)
        try job.run(registry: registry, console: console)
    }
}
