import ZooCore

// MARK: - JSON Lines

/// Result rows as JSON Lines: one JSON object per line, exactly the contract's keys in contract order
/// (`ResultRow.columns(for:)`), no spaces.
///
/// - Missing values are `null`. Numbers use `NumberText.exact` (Swift's shortest round-trip
///   `description`: `0.1`, `100.0`, `1e-05`), whole-number columns (`n`, `d`, `seed`) have no decimals.
/// - Non-finite numbers (a diverged fit) are written as `null`, since JSON has no NaN or infinity; the
///   reader turns a `null` in a column that cannot be missing back into NaN.
/// - Strings are escaped per RFC 8259 (`"`, `\`, control characters); non-ASCII text is written as UTF-8.
/// The output is a pure function of the row: identical rows give identical bytes.
public enum JSONLinesResultWriter {
    /// One JSON object (without line break).
    public static func line(for row: ResultRow) -> String {
        var text = "{"
        for (index, field) in row.fields.enumerated() {
            if index > 0 { text += "," }
            text += quote(field.name) + ":" + value(field.value)
        }
        return text + "}"
    }

    /// A whole file: one line per row, each ending in `\n`.
    public static func document(_ rows: [ResultRow]) -> String {
        rows.map { line(for: $0) + "\n" }.joined()
    }

    /// The JSON text of one value.
    public static func value(_ value: FieldValue) -> String {
        switch value {
        case .number(let number):
            guard let number, number.isFinite else { return "null" }
            return NumberText.exact(number)
        case .integer(let integer): return String(integer)
        case .text(let text): return quote(text)
        }
    }

    /// `text` as a JSON string literal.
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
