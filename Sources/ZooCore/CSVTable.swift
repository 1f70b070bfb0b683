import Foundation
import ZooLinalg

// MARK: - Numeric CSV

/// A numeric table read from CSV text: an optional header line, then rows of numbers.
///
/// Rules: fields are separated by commas; surrounding spaces and double quotes are ignored; blank
/// lines are skipped; the first line is a header when any of its fields is not a number. Every error
/// names the file, the line and the column: a non-numeric cell, a ragged row, NaN or infinity.
public struct CSVTable: Sendable {
    /// Column names (generated as `x1, x2, …` when the file has no header).
    public let header: [String]
    /// The numbers, one row per data line.
    public let values: Matrix
    /// The file line number (1-based) of each data row, for messages.
    public let lineNumbers: [Int]

    /// Reads and parses a file.
    public init(contentsOf path: String) throws(ZooError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io("cannot read '\(path)': \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")")
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
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on any newline character.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(Self.clean)
            let numbers = fields.map { Self.number($0) }
            if header == nil && rows.isEmpty && lineNumbers.isEmpty {
                width = fields.count
                if numbers.contains(where: { $0 == nil }) {
                    header = fields
                    continue
                }
            }
            guard fields.count == width else {
                throw .invalidData("\(source), line \(lineNumber): \(fields.count) columns, expected \(width) (ragged row)")
            }
            for (column, value) in numbers.enumerated() {
                guard let value else {
                    throw .invalidData("\(source), line \(lineNumber), column \(column + 1): '\(fields[column])' is not a number")
                }
                guard value.isFinite else {
                    throw .invalidData("\(source), line \(lineNumber), column \(column + 1): \(fields[column]) is not a finite number")
                }
                rows.append(value)
            }
            lineNumbers.append(lineNumber)
        }
        guard !lineNumbers.isEmpty else { throw .invalidData("\(source): no data rows") }
        self.header = header ?? (1...width).map { "x\($0)" }
        self.values = Matrix(rows: lineNumbers.count, columns: width, elements: rows)
        self.lineNumbers = lineNumbers
    }

    /// Splits off the last column as the target: features (all but the last column) and targets.
    public func featuresAndTarget(source: String) throws(ZooError) -> Dataset {
        guard values.columns >= 2 else {
            throw .invalidData("\(source): needs at least one feature column and the target column, found \(values.columns) column(s)")
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

    // MARK: Field parsing

    private static func clean(_ field: Substring) -> String {
        var text = field.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        return text
    }

    /// A number, including `nan`/`inf` spellings (which the caller rejects with a clear message).
    private static func number(_ text: String) -> Double? {
        if text.isEmpty { return nil }
        return Double(text)
    }
}
