import Foundation
import ZooCore
import ZooHarness

// MARK: - Reading result files

/// What `readResultFile(jsonLines:)` found in a JSON Lines result file.
public struct ResultFileContents: Sendable, Equatable {
    /// The rows, in file order.
    public var rows: [ResultRow]
    /// The 1-based number of an incomplete last line that was dropped, or nil.
    ///
    /// A sweep interrupted in the middle of a write can leave a last line without its line break that is
    /// not a complete JSON object; it is dropped instead of failing the whole file.
    public var droppedLine: Int?
    /// The run's fingerprint from the header line `{"zoo_run":{…}}`, nil if the file has none.
    public var fingerprint: RunFingerprint? = nil
    /// The 1-based line number of each row, for messages.
    public var rowLines: [Int] = []

    /// A one-line warning for stderr when a line was dropped, otherwise nil.
    public var warning: String? {
        droppedLine.map { "ignored the incomplete last line \($0) (an interrupted write?)" }
    }
}

/// Reads the result rows of a JSON Lines file (for `zoo run --resume` and for building a report from an
/// existing file), dropping an incomplete last line; see `readResultFile(jsonLines:)`.
public func readResultRows(jsonLines: String) throws(ZooError) -> [ResultRow] {
    try readResultFile(jsonLines: jsonLines).rows
}

/// Reads a JSON Lines result file as written by `JSONLinesResultWriter`.
///
/// - Lines are split by `TextLines` (`\n` or `\r\n`, a leading byte-order mark ignored); blank lines are skipped.
/// - A run header `{"zoo_run":{…}}` (`RunFingerprint`) is not a row: it is returned in `fingerprint`.
///   A second header that differs from the first throws (two experiments in one file).
/// - A line that is not valid JSON, or lacks a required key, throws `ZooError.invalidData` naming the
///   line: `line 7: malformed JSON: expected ',' or '}' at column 45`.
/// - Exception: a last line without a terminating line break that does not parse is an interrupted
///   write; it is dropped and reported in `droppedLine`.
/// - The task is recognised from the keys: `standard_risk` / `adversarial_risk` mean regression,
///   `clean_error` / `robust_error` classification. Keys not in the contract are ignored.
public func readResultFile(jsonLines: String) throws(ZooError) -> ResultFileContents {
    let lines = TextLines.split(jsonLines)
    let endsWithLineBreak = TextLines.endsWithLineBreak(jsonLines)
    var rows: [ResultRow] = []
    var rowLines: [Int] = []
    var fingerprint: RunFingerprint? = nil
    for (index, line) in lines.enumerated() {
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        let isUnterminatedLast = index == lines.count - 1 && !endsWithLineBreak
        if RunFingerprint.isHeaderLine(line) {
            let header: RunFingerprint?
            do { header = try RunFingerprint.parseHeader(line) } catch {
                if isUnterminatedLast {
                    return ResultFileContents(
                        rows: rows, droppedLine: index + 1, fingerprint: fingerprint, rowLines: rowLines)
                }
                throw ZooError.invalidData("line \(index + 1): \(error.description)")
            }
            if let header, let first = fingerprint, header != first {
                throw ZooError.invalidData(
                    "line \(index + 1): a second run header that differs from the first (\(header.differences(from: first).joined(separator: "; "))): the file mixes two experiments"
                )
            }
            fingerprint = fingerprint ?? header
            continue
        }
        do {
            rows.append(try ResultRowDecoder.decode(line: String(line)))
            rowLines.append(index + 1)
        } catch let failure {
            if isUnterminatedLast, case .malformedJSON = failure {
                return ResultFileContents(
                    rows: rows, droppedLine: index + 1, fingerprint: fingerprint, rowLines: rowLines)
            }
            throw ZooError.invalidData("line \(index + 1): \(failure)")
        }
    }
    return ResultFileContents(rows: rows, droppedLine: nil, fingerprint: fingerprint, rowLines: rowLines)
}

// MARK: - Decoding one row

/// Why one line could not be decoded.
enum ResultRowDecodingFailure: Error, CustomStringConvertible {
    case malformedJSON(String)
    case invalidRow(String)

    var description: String {
        switch self {
        case .malformedJSON(let detail): return "malformed JSON: \(detail)"
        case .invalidRow(let detail): return detail
        }
    }
}

/// Turns one JSON object into a `ResultRow` with Foundation's `JSONDecoder`.
enum ResultRowDecoder {
    static func decode(line: String) throws(ResultRowDecodingFailure) -> ResultRow {
        do {
            return try JSONDecoder().decode(ResultRow.self, from: Data(line.utf8))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            // Either not JSON at all, or an object without a task key.
            if (try? JSONSerialization.jsonObject(with: Data(line.utf8))) == nil {
                throw .malformedJSON(context.underlyingError.map { "\($0)" } ?? context.debugDescription)
            }
            throw .invalidRow(context.debugDescription)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .invalidRow("missing key \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidRow(
                "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type: \(context.debugDescription)"
            )
        } catch let DecodingError.valueNotFound(_, context) {
            throw .invalidRow("\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" must not be null")
        } catch {
            if (try? JSONSerialization.jsonObject(with: Data(line.utf8))) == nil { throw .malformedJSON("\(error)") }
            throw .invalidRow("\(error)")
        }
    }
}
