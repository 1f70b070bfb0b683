import Foundation
import ZooCore
import ZooLinalg

// MARK: - Numeric CSV

/// A numeric table read from CSV text (RFC 4180): an optional header line, then rows of numbers.
///
/// Rules: fields are separated by commas; a field may be enclosed in double quotes, inside which
/// commas, line breaks and doubled quotes (`""`, one literal quote) are text; spaces around a field
/// (outside its quotes) are ignored; records end with `\n` or `\r\n`; a leading UTF-8 byte-order mark is
/// ignored; a NUL byte anywhere is refused; blank lines are skipped; the
/// first record is a header when any of its fields is not a number. Every error names the file, the
/// line and the column: a non-numeric cell, a ragged row, NaN or infinity, an unterminated quote, text
/// after a closing quote.
public struct CSVTable: Sendable {
    /// Column names (generated as `x1, x2, …` when the file has no header).
    public let header: [String]
    /// Whether the file has a header line (otherwise `header` is generated).
    public let hasHeader: Bool
    /// The numbers, one row per data record.
    public let values: Matrix
    /// The file line number (1-based) where each data record starts, for messages.
    public let lineNumbers: [Int]

    /// Reads and parses a file.
    public init(contentsOf path: String) throws(ZooError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(
                "cannot read '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalidData("\(path): not UTF-8 text")
        }
        try self.init(parsing: text, source: path)
    }

    /// Parses CSV text; `source` names it in messages.
    public init(parsing text: String, source: String) throws(ZooError) {
        var header: [String]? = nil
        var rows = [Double]()
        var lineNumbers = [Int]()
        var width = 0
        for record in try Self.records(text, source: source) {
            if record.fields.count == 1 && record.fields[0].text.isEmpty && !record.fields[0].quoted { continue }
            let numbers = record.fields.map { $0.quoted && $0.text.isEmpty ? nil : Double($0.text) }
            if header == nil && lineNumbers.isEmpty {
                width = record.fields.count
                if numbers.contains(where: { $0 == nil }) {
                    header = record.fields.map(\.text)
                    continue
                }
            }
            guard record.fields.count == width else {
                throw .invalidData(
                    "\(source), line \(record.line): \(record.fields.count) columns, expected \(width) (ragged row)")
            }
            for (column, value) in numbers.enumerated() {
                let field = record.fields[column]
                guard let value else {
                    throw .invalidData(
                        "\(source), line \(field.line), column \(column + 1): '\(field.text)' is not a number")
                }
                guard value.isFinite else {
                    throw .invalidData(
                        "\(source), line \(field.line), column \(column + 1): \(field.text) is not a finite number")
                }
                rows.append(value)
            }
            lineNumbers.append(record.line)
        }
        guard !lineNumbers.isEmpty else { throw .invalidData("\(source): no data rows") }
        self.hasHeader = header != nil
        self.header = header ?? (1...width).map { "x\($0)" }
        self.values = Matrix(rows: lineNumbers.count, columns: width, elements: rows)
        self.lineNumbers = lineNumbers
    }

    /// Splits off the last column as the target: features (all but the last column) and targets.
    public func featuresAndTarget(source: String) throws(ZooError) -> Dataset {
        guard values.columns >= 2 else {
            throw .invalidData(
                "\(source): needs at least one feature column and the target column, found \(values.columns) column(s)")
        }
        let d = values.columns - 1
        var features = Matrix(rows: values.rows, columns: d)
        var targets = [Double](repeating: 0, count: values.rows)
        for i in 0..<values.rows {
            for j in 0..<d { features[i, j] = values[i, j] }
            targets[i] = values[i, d]
        }
        return try Dataset(features: features, targets: targets, name: source)
    }

    // MARK: RFC 4180 records

    /// One field: its text (quotes removed, `""` undone, outer spaces trimmed), whether it was quoted,
    /// and the line it starts on.
    public struct Field: Sendable, Equatable {
        public var text: String
        public var quoted: Bool
        public var line: Int
    }

    /// One record and the line it starts on.
    public struct Record: Sendable, Equatable {
        public var fields: [Field]
        public var line: Int
    }

    /// Splits CSV text into records and fields (RFC 4180; `\n`, `\r\n` or `\r` end a record outside
    /// quotes). Throws, naming line and column, on an unterminated quote or text after a closing quote.
    public static func records(_ text: String, source: String) throws(ZooError) -> [Record] {
        var records: [Record] = []
        var fields: [Field] = []
        var current = ""
        var quoted = false
        var afterClosingQuote = false
        var line = 1
        var column = 1
        var recordLine = 1
        var fieldLine = 1
        var scalars = TextLines.withoutByteOrderMark(text).unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()

        func finishField() {
            let trimmed = quoted ? current : current.trimmingCharacters(in: .whitespaces)
            fields.append(Field(text: trimmed, quoted: quoted, line: fieldLine))
            current = ""
            quoted = false
            afterClosingQuote = false
        }
        func finishRecord() {
            finishField()
            records.append(Record(fields: fields, line: recordLine))
            fields = []
        }

        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\0" {
                throw .invalidData(
                    "\(source), line \(line), column \(fields.count + 1): a NUL byte inside the file (binary data, or a file saved as UTF-16?): save it as UTF-8 text"
                )
            }
            if afterClosingQuote {
                switch scalar {
                case ",":
                    finishField()
                    column += 1
                    fieldLine = line
                    continue
                case "\n", "\r":
                    if scalar == "\r", pending == "\n" { pending = scalars.next() }
                    finishRecord()
                    line += 1
                    column = 1
                    recordLine = line
                    fieldLine = line
                    continue
                case " ", "\t":
                    column += 1
                    continue
                default:
                    throw .invalidData(
                        "\(source), line \(line), column \(fields.count + 1): text after a closing quote")
                }
            }
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        current.unicodeScalars.append("\"")
                        pending = scalars.next()
                        column += 2
                        continue
                    }
                    afterClosingQuote = true
                    column += 1
                    continue
                }
                current.unicodeScalars.append(scalar)
                if scalar == "\n" || (scalar == "\r" && pending != "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                continue
            }
            switch scalar {
            case "\"" where current.allSatisfy({ $0 == " " || $0 == "\t" }):
                current = ""
                quoted = true
                fieldLine = line
                column += 1
            case "\"":
                throw .invalidData(
                    "\(source), line \(line), column \(fields.count + 1): a double quote inside an unquoted field (quote the whole field and double the quote)"
                )
            case ",":
                finishField()
                column += 1
                fieldLine = line
            case "\n", "\r":
                if scalar == "\r", pending == "\n" { pending = scalars.next() }
                finishRecord()
                line += 1
                column = 1
                recordLine = line
                fieldLine = line
            default:
                current.unicodeScalars.append(scalar)
                column += 1
            }
        }
        if quoted && !afterClosingQuote {
            throw .invalidData("\(source), line \(fieldLine), column \(fields.count + 1): unterminated quoted field")
        }
        if !current.isEmpty || quoted || !fields.isEmpty { finishRecord() }
        return records
    }
}
