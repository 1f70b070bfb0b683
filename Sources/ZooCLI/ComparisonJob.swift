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

    /// Validates everything, runs every cell, streams rows, then writes the table and the report.
    func run(registry: Registry, console: Console) throws(ZooError) {
        let plan = try ExperimentPlan(experiment, registry: registry)
        for path in [outPath, reportPath].compactMap({ $0 }) { try Self.checkWritable(path) }
        var finished = Set<String>()
        var previousRows = [ResultRow]()
        if resume {
            guard let outPath else { throw .usage("--resume needs --out FILE.jsonl: the file whose finished cells to skip") }
            if FileManager.default.fileExists(atPath: outPath) {
                let text: String
                do { text = try String(contentsOfFile: outPath, encoding: .utf8) } catch {
                    throw .io("cannot read '\(outPath)' to resume: \(error.localizedDescription)")
                }
                let contents = try readResultFile(jsonLines: text)
                previousRows = contents.rows
                finished = Set(contents.rows.map(\.cellKey))
                if let line = contents.droppedLine {
                    console.printError("note: dropped the incomplete line \(line) of \(outPath) (an interrupted write)")
                }
            }
        }

        let sink: ResultSink? = try outPath.map { path throws(ZooError) in try ResultSink(path: path, format: format, mode: outMode) }
        var rows = previousRows
        let progress = ProgressReporter(console: console, total: ExperimentRunner(plan: plan).cellCount)
        do {
            try ExperimentRunner(plan: plan).run(skipping: finished, progress: progress.report) { row throws(ZooError) in
                rows.append(row)
                if let sink {
                    try sink.write(row)
                } else if format == .csv {
                    if rows.count == 1 { console.print(CSVResultWriter.header(for: row.task)) }
                    console.print(CSVResultWriter.line(for: row))
                } else if format == .jsonl {
                    console.print(JSONLinesResultWriter.line(for: row))
                }
            }
        } catch {
            progress.finish()
            sink?.abandon()
            throw error
        }
        progress.finish()
        if let sink { try sink.finish() }
        if format == .table && outPath == nil { console.print(TableFormatter().format(rows)) }
        if let reportPath {
            var report = HTMLReport(title: reportTitle, command: command, rows: rows)
            report.extraFigures = extraFigures(rows)
            report.includesRiskVersusN = Set(rows.map(\.n)).count > 1
            try report.write(to: reportPath)
            console.printError("report written to \(reportPath)")
        }
    }

    /// Fails early, before a long run, if a file cannot be created where asked.
    static func checkWritable(_ path: String) throws(ZooError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .io("cannot write '\(path)': the directory '\(directory)' does not exist")
        }
    }
}
