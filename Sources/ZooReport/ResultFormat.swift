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
/// `csv` and `jsonl` stream: each row can be written as soon as its cell finishes. `ResultSink` is the
/// one place that writes rows in a format, to a file or standard output.
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
}
