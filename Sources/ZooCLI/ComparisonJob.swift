import Foundation
import ZooCore
import ZooHarness
import ZooReport
import ZooStudies

// MARK: - Running a comparison from the command line

/// The command-line glue of `zoo compare`, `zoo run` and `zoo reproduce`: their options, the harness's
/// run (`ExperimentRun`: plans, shards, resume, progress) and the output layer (`OutputTarget`,
/// `ResultSink`, the table, the report). The job checks the options against each other, opens the
/// outputs, checks a resumed file's header, and prints what the run returns.
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

    /// Validates everything (the run, every output path, the memory of kept rows, the `--out` file's
    /// lock and fingerprint) before the first cell, runs the cells (`ExperimentRun`) into the output
    /// layer (`ResultSink`), then prints the table, the comparisons and the claims and writes the report.
    func run(registry: Registry, console: Console) throws(ZooError) {
        let run = try ExperimentRun(
            groups ?? [experiment], registry: registry, shard: shard, annotators: [TheoryAnnotator()])
        let readFiles = inputs + run.sourceFiles.map { NamedFile("the data file", $0) }
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
        if keepsRows { try run.checkKeptRows() }
        if resume && format != .jsonl {
            throw .usage(
                "--resume reads the finished cells back from a JSON Lines file: use --format jsonl (the default of zoo run)"
            )
        }
        let table = TableFormatter(width: console.tableWidth, columns: tableColumns)
        let parameterColumns = ParameterColumns(
            data: run.plans.map(\.data.spec), estimators: run.plans.flatMap { $0.estimators.map(\.spec) },
            attacks: run.plans.flatMap { $0.attacks.map(\.spec) })
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
        let sink: ResultSink
        do throws(ZooError) {
            if let outTarget {
                sink = try ResultSink(
                    target: outTarget, format: format, mode: outMode, parameterColumns: parameterColumns,
                    table: table, keepsRows: keepsRows)
            } else {
                sink = console.resultSink(
                    format: format, parameterColumns: parameterColumns, table: table, keepsRows: keepsRows)
            }
        } catch {
            reportTarget?.release()
            throw error
        }
        var finished = Set<CellKey>()
        var previousRows = [ResultRow]()
        do throws(ZooError) {
            if outPath != nil, format != .table, outMode == .replaceOnFinish {
                // A results file always has its fingerprint in FILE.run.json (standard output does not).
                try sink.writeHeader(run.fingerprint)
            } else if let outPath, outMode == .append {
                if force { try sink.discardExisting() }
                let contents: ResultFileContents
                do { contents = try readResultFile(jsonLines: sink.existingText) } catch {
                    throw error.withContext("cannot resume '\(outPath)'")
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
                    let differences = run.fingerprint.differences(from: recorded)
                    guard differences.isEmpty else {
                        throw ZooError.usage(
                            "cannot resume '\(outPath)': it was written by a different experiment (\(differences.joined(separator: "; "))): use the same experiment file or a new --out file"
                        )
                    }
                    finished = try run.finishedCells(of: contents.rows, lines: contents.rowLines, file: outPath)
                    if keepsRows { previousRows = contents.rows }
                } else {
                    try sink.writeHeader(run.fingerprint)
                }
            }
        } catch {
            sink.abandon()
            reportTarget?.release()
            throw error
        }

        if let note = run.streamingNote, !quiet { console.printError("note: " + note) }
        let progress = ProgressReporter(console: console, total: run.totalRows, quiet: quiet)
        do throws(ZooError) { try run.run(skipping: finished, progress: progress.report, into: sink) } catch {
            progress.finish()
            sink.abandon()
            reportTarget?.release()
            throw error
        }
        progress.finish()
        if run.streamingNote != nil && !quiet {
            console.printError(
                String(format: "peak memory %.2f GiB (resident)", PeakMemory.residentBytes / 1_073_741_824))
        }
        // Completes --out, or prints the table on standard output.
        do throws(ZooError) { try sink.finish() } catch {
            reportTarget?.release()
            throw error
        }
        let rows = previousRows + sink.rows
        // What was written, even with --quiet (which silences progress only).
        if let outPath {
            let already = finished.count
            let emitted = sink.rowCount
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
