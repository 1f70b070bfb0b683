import Foundation
import ZooCore
import ZooHarness
import ZooReport

// MARK: - zoo report RESULTS.jsonl

/// `zoo report RESULTS.jsonl [--out FILE.html]`: the HTML report of saved rows.
///
/// Lines that are JSON objects but not rows (the run header `{"zoo_run": …}` of docs/conventions.md
/// §7.4, or any other object with neither `estimator` nor a risk or error column) are skipped; the run
/// header's text is shown in the report's footer as the experiment. A JSON value that is not an object
/// is refused with its line. Everything else follows `readResultFile(jsonLines:)` (an interrupted last
/// line is dropped with a note) and the row contract (`RowContract`).
enum ReportCommand {
    static func run(_ parsed: ParsedArguments, arguments: [String], registry: Registry, console: Console)
        throws(ZooError)
    {
        let path = parsed.positional("RESULTS.jsonl")!
        let headToHead = try HeadToHeadOptions.parse(parsed, registry: registry)
        // html writes the report (with its head-to-head section); table, csv and jsonl print the rows or,
        // with --head-to-head, the paired comparisons (standard output, or --out).
        let format = parsed.string("--format") ?? (headToHead.requested ? "table" : "html")
        let columns = try parsed.string("--columns").map { text throws(ZooError) in
            try TableFormatter.parseColumns(text)
        }
        let out = parsed.string("--out") ?? (format == "html" ? defaultReportPath(for: path) : nil)
        let target = try out.map { out throws(ZooError) in
            try OutputTarget.open(
                "--out", out, inputs: [.init("RESULTS.jsonl", path)],
                existing: parsed.flag("--force") ? .replace : .refuse(hint: OutputTarget.forceHint))
        }
        defer { target?.release() }
        let text = try InputText.read(path, what: "results file")
        var (rowsText, headers) = try separateRows(text, source: path)
        if let sidecar = RunHeaderFile.text(for: path) {
            headers = sidecar.split(separator: "\n").map(String.init) + headers
        }
        let contents: ResultFileContents
        do { contents = try readResultFile(jsonLines: rowsText) } catch { throw error.withContext(path) }
        try RowContract.check(contents, source: path)
        if let warning = contents.warning { console.printError("note: \(path): \(warning)") }
        guard !contents.rows.isEmpty else { throw .invalidData("\(path) holds no result rows") }
        if format != "html" {
            let resultFormat = try ResultFormat(parsing: format)
            if headToHead.requested {
                let comparisons: [PairedComparison]
                do throws(ZooError) { comparisons = try headToHead.headToHead.comparisons(contents.rows) } catch {
                    throw error.withContext(path)
                }
                if comparisons.isEmpty {
                    console.printError("note: \(path): one estimator only, nothing to compare head to head")
                }
                let text = HeadToHeadRows.render(comparisons, format: resultFormat)
                if let target { try target.replace(with: text) } else { console.write(text) }
            } else {
                // The output layer: the rows in --format to --out or standard output.
                let table = TableFormatter(
                    width: out == nil ? console.tableWidth : TableFormatter.defaultWidth, columns: columns)
                let parameterColumns = ParameterColumns(rows: contents.rows)
                let sink =
                    try target.map { target throws(ZooError) in
                        try ResultSink(
                            target: target, format: resultFormat, mode: .replaceOnFinish,
                            parameterColumns: parameterColumns, table: table)
                    } ?? console.resultSink(format: resultFormat, parameterColumns: parameterColumns, table: table)
                do throws(ZooError) {
                    try sink.write(contents.rows)
                    try sink.finish()
                } catch {
                    sink.abandon()
                    throw error
                }
            }
            if let out {
                console.printError(
                    "wrote the \(headToHead.requested ? "head-to-head " : "")\(format) of \(contents.rows.count) rows to \(out)"
                )
            }
            return
        }
        guard let reportPath = out, let target else { return }  // html always has an output file
        var report = HTMLReport(
            title: "Results of \(URL(fileURLWithPath: path).lastPathComponent)",
            command: (["zoo", "report"] + arguments).map(ZooCommandLine.shellQuoted).joined(separator: " "),
            rows: contents.rows, notations: ParameterNotations(registry: registry))
        report.specification =
            headers.isEmpty ? ExperimentDescription.summary(of: contents.rows) : headers.joined(separator: "\n")
        report.version = "zoo \(ZooCommandLine.version)"
        report.headToHead = headToHead.headToHead
        report.palette = try ReportPalette(parsing: parsed.string("--palette") ?? ReportPalette.okabeIto.rawValue)
        try target.replace(with: report.render())
        console.printError("report of \(contents.rows.count) rows written to \(reportPath)")
    }

    /// `results.jsonl` → `results.html`.
    static func defaultReportPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return (url.pathExtension.isEmpty ? path : url.deletingPathExtension().relativePath) + ".html"
    }

    /// The text of the row lines (non-row JSON objects replaced by blank lines, so line numbers in
    /// errors stay those of the file) and the skipped objects' text. Lines are split by `TextLines`
    /// (LF or CRLF, a byte-order mark ignored). A line that is valid JSON but not an object is refused
    /// with its line number; a line that is not JSON is left for `readResultFile` to report.
    static func separateRows(_ text: String, source: String) throws(ZooError) -> (rows: String, headers: [String]) {
        var headers: [String] = []
        var lines = [Substring]()
        for (index, line) in TextLines.split(text).enumerated() {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard !trimmed.isEmpty else {
                lines.append(line)
                continue
            }
            guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            else {
                lines.append(line)
                continue
            }
            guard let object = value as? [String: Any] else {
                throw .invalidData(
                    "\(source), line \(index + 1): a JSON value that is not an object; every line must be a result row or a run header"
                )
            }
            if isRow(object) {
                lines.append(line)
            } else if RunFingerprint.isHeaderLine(line) {
                headers.append(String(line))
                lines.append(line)  // read (and checked) by readResultFile
            } else {
                headers.append(String(line))
                lines.append("")
            }
        }
        return (lines.joined(separator: "\n"), headers)
    }

    static func isRow(_ object: [String: Any]) -> Bool {
        object["estimator"] != nil
            || [Task.regression, .classification].flatMap(ResultMetric.taskDefining).contains { object[$0.name] != nil }
    }
}

// MARK: - The experiment, as the report's footer shows it

enum ExperimentDescription {
    private struct Description: Encodable {
        var data: String
        var estimators: [String]
        var attacks: [String]
        var n: [Int]
        var test: Int?
        var seeds: Int
        var seed: UInt64?
        var target: String
    }

    private static func encode(_ description: Description) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(description)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The experiment in the keys of an experiment file (`zoo run`).
    /// `target` overrides the experiment's (classification rows always use the labels).
    static func json(_ experiment: Experiment, target: String? = nil) -> String {
        encode(
            Description(
                data: experiment.data.description, estimators: experiment.estimators.map(\.description),
                attacks: experiment.attacks.map(\.description), n: experiment.sampleSizes, test: experiment.testSize,
                seeds: experiment.seedCount, seed: experiment.firstSeed, target: target ?? experiment.target.rawValue))
    }

    /// What the rows themselves say about their experiment (canonical specs, sizes, seeds), for files
    /// without a run header.
    static func summary(of rows: [ResultRow]) -> String {
        func distinct(_ values: [String]) -> [String] {
            var seen = Set<String>()
            return values.filter { seen.insert($0).inserted }
        }
        let seeds = Set(rows.map(\.seed))
        return encode(
            Description(
                data: distinct(rows.map(\.data)).joined(separator: " | "), estimators: distinct(rows.map(\.estimator)),
                attacks: distinct(rows.map(\.attack)), n: Array(Set(rows.map(\.n))).sorted(), test: nil,
                seeds: seeds.count, seed: seeds.min(), target: distinct(rows.map(\.target)).joined(separator: " | ")))
    }
}
