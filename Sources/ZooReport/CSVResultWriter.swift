import ZooCore
import ZooHarness

// MARK: - CSV

/// Result rows as CSV (RFC 4180): a header line with the contract's column names, then one record per row.
///
/// - Text fields are quoted when they contain a comma, a double quote, a line break or leading or trailing
///   spaces; a double quote inside is doubled: `ridge(lambda=0.01)` stays bare but
///   `pgd-l2(radius=0.1,steps=100)` becomes `"pgd-l2(radius=0.1,steps=100)"`.
/// - Numbers use `NumberText.exact` (shortest round-trip, no locale); whole numbers have no decimals;
///   a missing value (`null` in JSON) is an empty field; non-finite values are `nan`, `inf`, `-inf`.
/// - `diagnostics` is one field holding the JSON text of the diagnostics object (keys sorted), empty
///   when the model reports none, so the header is the same for every estimator.
/// - Lines end with `\n` (the common practice for text files; RFC 4180 readers accept it).
/// - After the contract's columns come the component parameters (`ParameterColumns`: `data.d`,
///   `estimator.lambda`, `attack.radius`, …), one column each, empty where a row's component lacks it.
public enum CSVResultWriter {
    /// The header line (without line break) for a task's columns and the parameter columns.
    public static func header(for task: Task, parameters: ParameterColumns = ParameterColumns(names: [])) -> String {
        (ResultRow.columns(for: task) + parameters.names).map(quote).joined(separator: ",")
    }

    /// One record (without line break), in the order of `header(for: row.task, parameters:)`.
    public static func line(for row: ResultRow, parameters: ParameterColumns = ParameterColumns(names: [])) -> String {
        (row.fields.map { field(for: $0.value) } + parameters.values(of: row).map { $0.map(field(for:)) ?? "" }).joined(
            separator: ",")
    }

    /// A whole file: header and records, each line ending in `\n`, with the parameter columns of all the
    /// rows. Rows of a different task than the block before them start a new block with its own header;
    /// no rows give an empty string.
    public static func document(_ rows: [ResultRow]) -> String {
        let parameters = ParameterColumns(rows: rows)
        var text = ""
        var currentTask: Task? = nil
        for row in rows {
            if row.task != currentTask {
                text += header(for: row.task, parameters: parameters) + "\n"
                currentTask = row.task
            }
            text += line(for: row, parameters: parameters) + "\n"
        }
        return text
    }

    /// The CSV text of a parameter value: numbers in full precision, whole numbers without `.0` (so
    /// `data.d` reads back as an integer column).
    public static func field(for value: ParameterField) -> String {
        switch value {
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return NumberText.exact(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .text(let text): return quote(text)
        }
    }

    /// The CSV text of one value.
    public static func field(for value: FieldValue) -> String {
        switch value {
        case .number(let number): return number.map(NumberText.exact) ?? ""
        case .integer(let integer): return String(integer)
        case .unsigned(let unsigned): return String(unsigned)
        case .text(let text): return text.map(quote) ?? ""
        case .object(let object): return object.isEmpty ? "" : quote(JSONLinesResultWriter.value(.object(object)))
        }
    }

    // MARK: Quoting

    /// `text` as an RFC 4180 field: quoted (with inner quotes doubled) only when needed.
    public static func quote(_ text: String) -> String {
        let needsQuotes =
            text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
