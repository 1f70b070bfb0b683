import ZooCore

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
/// - Blank lines are skipped; `\r\n` line ends are accepted.
/// - A line that is not valid JSON, or lacks a required key, throws `ZooError.invalidData` naming the
///   line: `line 7: malformed JSON: expected ',' or '}' at column 45`.
/// - Exception: a last line without a terminating line break that does not parse is an interrupted
///   write; it is dropped and reported in `droppedLine`.
/// - The task is recognised from the keys: `standard_risk` / `adversarial_risk` mean regression,
///   `clean_error` / `robust_error` classification. Keys not in the contract are ignored.
public func readResultFile(jsonLines: String) throws(ZooError) -> ResultFileContents {
    let lines = jsonLines.split(separator: "\n", omittingEmptySubsequences: false)
    let endsWithLineBreak = jsonLines.hasSuffix("\n")
    var rows: [ResultRow] = []
    for (index, rawLine) in lines.enumerated() {
        var line = Substring(rawLine)
        if line.last == "\r" { line.removeLast() }
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        let isUnterminatedLast = index == lines.count - 1 && !endsWithLineBreak
        do {
            rows.append(try ResultRowDecoder.decode(line: String(line)))
        } catch let failure {
            if isUnterminatedLast, case .malformedJSON = failure {
                return ResultFileContents(rows: rows, droppedLine: index + 1)
            }
            throw ZooError.invalidData("line \(index + 1): \(failure)")
        }
    }
    return ResultFileContents(rows: rows, droppedLine: nil)
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

/// Turns one JSON object into a `ResultRow`.
enum ResultRowDecoder {
    static func decode(line: String) throws(ResultRowDecodingFailure) -> ResultRow {
        let value: JSONValue
        do { value = try JSONTextParser.parse(line) } catch { throw .malformedJSON(error.description) }
        guard case .object(let members) = value else { throw .invalidRow("expected a JSON object") }
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard fields.updateValue(member.value, forKey: member.key) == nil else {
                throw .invalidRow("key \"\(member.key)\" appears twice")
            }
        }
        let object = Fields(values: fields)

        let task: Task
        if fields["standard_risk"] != nil || fields["adversarial_risk"] != nil {
            task = .regression
        } else if fields["clean_error"] != nil || fields["robust_error"] != nil {
            task = .classification
        } else {
            throw .invalidRow("neither \"standard_risk\" nor \"clean_error\" is present")
        }
        var row = ResultRow(
            data: try object.text("data"), estimator: try object.text("estimator"), attack: try object.text("attack"),
            target: try object.text("target"), n: try object.integer("n"), d: try object.integer("d"),
            seed: try object.seed("seed"), task: task,
            trainMSE: try object.number("train_mse") ?? .nan, weightNorm: try object.number("weight_norm"),
            maxPerturbation: try object.number("max_perturbation") ?? .nan,
            fitSeconds: try object.number("fit_seconds"), attackSeconds: try object.number("attack_seconds"))
        _ = try object.required("train_mse")
        _ = try object.required("max_perturbation")
        if task == .regression {
            row.standardRisk = try object.number("standard_risk")
            row.adversarialRisk = try object.number("adversarial_risk")
            row.standardRiskExact = try object.number("standard_risk_exact")
            row.adversarialRiskExact = try object.number("adversarial_risk_exact")
        } else {
            row.cleanError = try object.number("clean_error")
            row.robustError = try object.number("robust_error")
            row.robustErrorExact = try object.number("robust_error_exact")
        }
        return row
    }

    /// Typed access to the members of one object, with errors that name the key.
    private struct Fields {
        var values: [String: JSONValue]

        func required(_ key: String) throws(ResultRowDecodingFailure) -> JSONValue {
            guard let value = values[key] else { throw .invalidRow("missing key \"\(key)\"") }
            return value
        }

        func text(_ key: String) throws(ResultRowDecodingFailure) -> String {
            guard case .string(let text) = try required(key) else { throw .invalidRow("\"\(key)\" must be a string") }
            return text
        }

        func integer(_ key: String) throws(ResultRowDecodingFailure) -> Int {
            guard case .number(let text) = try required(key), let value = Int(text) else {
                throw .invalidRow("\"\(key)\" must be a whole number")
            }
            return value
        }

        func seed(_ key: String) throws(ResultRowDecodingFailure) -> UInt64 {
            guard case .number(let text) = try required(key), let value = UInt64(text) else {
                throw .invalidRow("\"\(key)\" must be a non-negative whole number")
            }
            return value
        }

        /// A number or null; an absent key also reads as nil (older files may lack optional columns).
        func number(_ key: String) throws(ResultRowDecodingFailure) -> Double? {
            switch values[key] {
            case nil, .null?: return nil
            case .number(let text)?:
                guard let value = Double(text) else { throw .invalidRow("\"\(key)\" is not a number") }
                return value
            default: throw .invalidRow("\"\(key)\" must be a number or null")
            }
        }
    }
}
