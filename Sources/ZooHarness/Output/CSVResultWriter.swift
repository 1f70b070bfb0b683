import ZooCore

// MARK: - CSV

/// Result rows as CSV (RFC 4180): a header line with the contract's column names, then one record per row.
///
/// - Text fields are quoted when they contain a comma, a double quote, a line break or leading or trailing
///   spaces; a double quote inside is doubled: `ridge(lambda=0.01)` stays bare but
///   `pgd-l2(radius=0.1,steps=100)` becomes `"pgd-l2(radius=0.1,steps=100)"`.
/// - Numbers use `NumberText.exact` (shortest round-trip, no locale); whole numbers have no decimals;
///   a missing value (`null` in JSON) is an empty field; non-finite values are `nan`, `inf`, `-inf`.
/// - Lines end with `\n` (the common practice for text files; RFC 4180 readers accept it).
public enum CSVResultWriter {
    /// The header line (without line break) for a task's columns.
    public static func header(for task: Task) -> String {
        ResultRow.columns(for: task).map(quote).joined(separator: ",")
    }

    /// One record (without line break), in the order of `ResultRow.columns(for: row.task)`.
    public static func line(for row: ResultRow) -> String {
        row.fields.map { field(for: $0.value) }.joined(separator: ",")
    }

    /// A whole file: header and records, each line ending in `\n`. Rows of a different task than the
    /// block before them start a new block with its own header; no rows give an empty string.
    public static func document(_ rows: [ResultRow]) -> String {
        var text = ""
        var currentTask: Task? = nil
        for row in rows {
            if row.task != currentTask {
                text += header(for: row.task) + "\n"
                currentTask = row.task
            }
            text += line(for: row) + "\n"
        }
        return text
    }

    /// The CSV text of one value.
    public static func field(for value: FieldValue) -> String {
        switch value {
        case .number(let number): return number.map(NumberText.exact) ?? ""
        case .integer(let integer): return String(integer)
        case .text(let text): return quote(text)
        }
    }

    // MARK: Quoting

    /// `text` as an RFC 4180 field: quoted (with inner quotes doubled) only when needed.
    public static func quote(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Splits one CSV record into its fields, undoing `quote`. Throws on an unterminated quote or
    /// text after a closing quote.
    public static func parseRecord(_ line: String) throws(ZooError) -> [String] {
        var fields: [String] = []
        var current = ""
        var characters = Array(line)[...]
        if characters.last == "\r" { characters.removeLast() }
        var atFieldStart = true
        var index = characters.startIndex
        while index < characters.endIndex {
            let character = characters[index]
            if atFieldStart && character == "\"" {
                // Quoted field: read up to the closing quote; "" is a literal quote.
                index += 1
                var closed = false
                while index < characters.endIndex {
                    if characters[index] == "\"" {
                        if index + 1 < characters.endIndex && characters[index + 1] == "\"" {
                            current.append("\""); index += 2; continue
                        }
                        closed = true; index += 1; break
                    }
                    current.append(characters[index]); index += 1
                }
                guard closed else { throw ZooError.invalidData("CSV record has an unterminated quoted field: \(line)") }
                guard index == characters.endIndex || characters[index] == "," else {
                    throw ZooError.invalidData("CSV record has text after a closing quote: \(line)")
                }
                atFieldStart = false
                continue
            }
            if character == "," {
                fields.append(current); current = ""; atFieldStart = true
            } else {
                current.append(character); atFieldStart = false
            }
            index += 1
        }
        fields.append(current)
        return fields
    }
}
