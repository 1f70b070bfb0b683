import ZooCore
import ZooHarness

// MARK: - Output formats

/// The result formats of `zoo compare --format` (docs/conventions.md §7).
///
/// - `table`: an aligned terminal table, per estimator × attack × n the mean and a 95% confidence interval
///   over seeds (`TableFormatter`). Printed once, after the last cell.
/// - `csv`: one header line, then one RFC 4180 record per result row (`CSVResultWriter`).
/// - `jsonl`: one JSON object per line with exactly the contract's keys in contract order
///   (`JSONLinesResultWriter`).
///
/// `csv` and `jsonl` stream: each row can be written as soon as its cell finishes (`ResultSink`).
public enum ResultFormat: String, Sendable, CaseIterable {
    case table
    case csv
    case jsonl

    /// Parses a `--format` value, with a "did you mean" hint on a misspelling.
    public init(parsing text: String) throws(ZooError) {
        guard let format = ResultFormat(rawValue: text.lowercased()) else {
            let names = ResultFormat.allCases.map(\.rawValue)
            throw ZooError.usage("unknown format '\(text)'" + Suggestions.hint(for: text, among: names))
        }
        self = format
    }

    /// The whole output for a finished set of rows, as it would be printed or saved.
    ///
    /// For `csv` the header is that of the first row's task; a set of rows mixing tasks is written as
    /// one block per task, each with its own header. An empty set gives an empty string (no header).
    public func render(_ rows: [ResultRow], tableWidth: Int = TableFormatter.defaultWidth) -> String {
        switch self {
        case .table: return TableFormatter(width: tableWidth).format(rows)
        case .csv: return CSVResultWriter.document(rows)
        case .jsonl: return JSONLinesResultWriter.document(rows)
        }
    }
}
