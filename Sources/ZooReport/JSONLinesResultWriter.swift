import Foundation
import ZooCore
import ZooHarness

// MARK: - JSON Lines

/// Result rows as JSON Lines: one JSON object per line, exactly the schema's keys in contract order
/// (`ResultRow.columns(for:)`), no spaces.
///
/// Every value is encoded by Foundation's `JSONEncoder` (numbers shortest round-trip: `0.1`, `100`,
/// `1e-05`; seeds as exact unsigned integers up to 2⁶⁴ − 1; strings escaped per RFC 8259, `/`
/// unescaped; the `diagnostics` object with sorted keys). The object is assembled from those encoded
/// values key by key because `JSONEncoder` does not keep key order; `JSONDecoder` reads a line back
/// (`ResultRow.init(from:)`), and a row round-trips exactly (Double bits and UInt64 seeds included).
/// Missing numbers are `null`; a legitimate infinity (`ResultMetric.allowsInfinity`) is the string
/// `"inf"` / `"-inf"`; NaN never reaches a row (`ResultRow.checkFinite`). Identical rows give identical bytes.
/// After the contract's keys come the row's component parameters (`ParameterColumns`:
/// `"data.d":2000,…,"estimator.lambda":0.01,…`), numbers as JSON numbers.
public enum JSONLinesResultWriter {
    /// One JSON object (without line break).
    public static func line(for row: ResultRow) -> String {
        var text = "{"
        for (index, field) in row.fields.enumerated() {
            if index > 0 { text += "," }
            text += quote(field.name) + ":" + value(field.value)
        }
        for field in ParameterColumns.fields(of: row) {
            text += "," + quote(field.name) + ":" + value(field.value)
        }
        return text + "}"
    }

    /// The JSON text of a parameter value.
    public static func value(_ value: ParameterField) -> String {
        switch value {
        case .number(let number): return number.isFinite ? encoded(number) : "null"
        case .boolean(let flag): return flag ? "true" : "false"
        case .text(let text): return quote(text)
        }
    }

    /// A whole file: one line per row, each ending in `\n`.
    public static func document(_ rows: [ResultRow]) -> String {
        rows.map { line(for: $0) + "\n" }.joined()
    }

    /// The JSON text of one value.
    public static func value(_ value: FieldValue) -> String {
        switch value {
        case .number(let number):
            guard let number else { return "null" }
            if number.isInfinite { return quote(ResultRow.infinityText(number)) }
            guard number.isFinite else { return "null" }
            return encoded(number)
        case .integer(let integer): return encoded(integer)
        case .unsigned(let unsigned): return encoded(unsigned)
        case .text(let text): return text.map(quote) ?? "null"
        case .object(let object): return encoded(object)
        }
    }

    /// `text` as a JSON string literal.
    public static func quote(_ text: String) -> String { encoded(text) }

    private static func encoded(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a finite number, a string, an integer or a [String: String] cannot fail.
        guard let data = try? encoder.encode(value) else { preconditionFailure("JSONEncoder failed on \(value)") }
        return String(decoding: data, as: UTF8.self)
    }
}
