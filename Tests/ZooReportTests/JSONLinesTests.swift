import Foundation
import Testing
import ZooCore
import ZooHarness

@testable import ZooReport

@Suite("JSON Lines format")
struct JSONLinesTests {
    /// Whether every `"key":` occurs in `line`, in this order.
    static func keysInOrder(_ line: String, _ keys: [String]) -> Bool {
        var position = line.startIndex
        for key in keys {
            guard let range = line.range(of: "\"\(key)\":", range: position..<line.endIndex) else { return false }
            position = range.upperBound
        }
        return true
    }

    @Test("Foundation's JSONEncoder/JSONDecoder round-trip UInt64 seeds and exact doubles")
    func foundationRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for seed in [UInt64.max, UInt64(1) << 63, 0, 12345] {
            var row = makeRegressionRow(seed: seed)
            let value = Double(bitPattern: generator.next() >> 2)  // a random finite double
            row.standardRisk = value
            row.adversarialRisk = 0.1 + 0.2
            row.weightNorm = .leastNonzeroMagnitude  // 5e-324, the smallest subnormal
            row.diagnostics = ["solver": "lanczos", "note": "a \"quoted\", text/with slash"]
            let line = JSONLinesResultWriter.line(for: row)
            let decoded = try JSONDecoder().decode(ResultRow.self, from: Data(line.utf8))
            #expect(decoded == row, "\(line)")
            #expect(decoded.seed == seed && decoded.standardRisk?.bitPattern == value.bitPattern)
            let encoded = try JSONEncoder().encode(row)
            #expect(try JSONDecoder().decode(ResultRow.self, from: encoded) == row)
        }
    }

    @Test("exact keys in contract order, null for nil")
    func keysAndNull() throws {
        var row = makeRegressionRow(exact: false)
        row.weightNorm = nil
        let line = JSONLinesResultWriter.line(for: row)
        #expect(!line.contains("\n"))
        #expect(Self.keysInOrder(line, ResultRow.columns(for: .regression)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        // The contract's keys, then the component parameters (numbers as numbers).
        #expect(
            Set(object.keys) == Set(ResultRow.columns(for: .regression) + ParameterColumns.fields(of: row).map(\.name)))
        #expect(
            object["estimator.lambda"] as? Double == 0.01 && object["data.d"] as? Int == 200
                && object["attack.name"] as? String == "pgd-l2")
        #expect(object["standard_risk_exact"] is NSNull && object["weight_norm"] is NSNull)
        #expect(line.hasPrefix("{\"data\":\"spiked(d=200,k=10,spike=1,tail=10,signal=1,noise=0.5)\",\"estimator\":"))
        #expect(line.contains("\"n\":100,\"d\":200,\"seed\":0,"))
        #expect(line.contains("\"fit_seconds\":null,\"attack_seconds\":null,"))
        #expect(line.contains("\"theory\":null,\"diagnostics\":{},\"data.name\":\"spiked\",\"data.d\":200,"))
        #expect(line.hasSuffix("\"attack.name\":\"pgd-l2\",\"attack.radius\":0.1,\"attack.steps\":100}"))
    }

    @Test("classification rows carry the error columns")
    func classificationKeys() throws {
        let line = JSONLinesResultWriter.line(for: makeClassificationRow())
        #expect(Self.keysInOrder(line, ResultRow.columns(for: .classification)))
        #expect(line.contains("\"train_error\":0") && !line.contains("train_mse"))
    }

    @Test("the output is accepted by Foundation's JSON parser")
    func foundationAccepts() throws {
        var row = makeRegressionRow()
        row.estimator = "weird \"name\"\\ with\ttab and \u{1} control ü"
        let data = Data(JSONLinesResultWriter.line(for: row).utf8)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["estimator"] as? String == row.estimator)
    }

    @Test("reading back gives the rows that were written, byte-identically")
    func roundTrip() throws {
        var odd = makeRegressionRow(seed: UInt64(Int.max), risk: 1.0 / 3.0)
        odd.fitSeconds = 1e-300
        odd.attackSeconds = 12345678.9
        let rows = [makeRegressionRow(seed: 0, risk: 0.1 + 0.2), odd, makeClassificationRow(seed: 3, error: 0.07)]
        let text = JSONLinesResultWriter.document(rows)
        let read = try readResultRows(jsonLines: text)
        #expect(read == rows)
        #expect(JSONLinesResultWriter.document(read) == text)
    }

    @Test("a row carries its specs parsed, read back or built, and re-parses a spec text that is set")
    func parsedSpecs() throws {
        var row = makeRegressionRow(estimator: "ridge(lambda=0.01)", seed: 1, risk: 0.5)
        #expect(row.estimatorSpec == (try ComponentSpec(parsing: "ridge(lambda=0.01)")))
        #expect(row.estimatorSpec?.number("lambda") == 0.01 && row.attackSpec?.name == "pgd-l2")
        #expect(row.dataSpec == (try ComponentSpec(parsing: row.data)))
        let read = try readResultRows(jsonLines: JSONLinesResultWriter.document([row]))
        #expect(read == [row] && read[0].estimatorSpec == row.estimatorSpec)
        row.estimator = "ridge(lambda=1)"
        #expect(row.estimatorSpec?.number("lambda") == 1)
        row.attack = "not a spec("
        #expect(row.attackSpec == nil)
    }

    @Test("infinity is written as \"inf\", NaN as null; a legacy null reads back as NaN where a value is required")
    func nonFinite() throws {
        var row = makeRegressionRow()
        row.trainMSE = .infinity
        row.standardRisk = .nan
        let line = JSONLinesResultWriter.line(for: row)
        #expect(line.contains("\"standard_risk\":null") && line.contains("\"train_mse\":\"inf\""))
        let read = try readResultRows(jsonLines: line + "\n")
        #expect(read[0].trainMSE == .infinity)
        #expect(read[0].standardRisk == nil)
        let legacy = line.replacingOccurrences(of: "\"train_mse\":\"inf\"", with: "\"train_mse\":null")
        #expect(try readResultRows(jsonLines: legacy + "\n")[0].trainMSE!.isNaN)
    }

    @Test("a truncated last line is dropped and reported")
    func truncatedLastLine() throws {
        let rows = [makeRegressionRow(seed: 0), makeRegressionRow(seed: 1)]
        let complete = JSONLinesResultWriter.document(rows)
        let partialLine = String(JSONLinesResultWriter.line(for: makeRegressionRow(seed: 2)).prefix(57))
        let contents = try readResultFile(jsonLines: complete + partialLine)
        #expect(contents.rows == rows)
        #expect(contents.droppedLine == 3)
        #expect(contents.warning?.contains("line 3") == true)
        // A complete last line without its line break is kept.
        let unterminated = try readResultFile(jsonLines: String(complete.dropLast()))
        #expect(unterminated.rows == rows && unterminated.droppedLine == nil)
    }

    @Test("a malformed line in the middle is an error naming the line")
    func malformedLine() {
        let good = JSONLinesResultWriter.line(for: makeRegressionRow())
        let text = good + "\n" + "{\"data\": \"x\",, }\n" + good + "\n"
        #expect {
            try readResultRows(jsonLines: text)
        } throws: { error in
            guard let error = error as? ZooError, case .invalidData(let message) = error else { return false }
            return message.hasPrefix("line 2: malformed JSON")
        }
        // A missing required key is reported with the key's name.
        let missing = good.replacingOccurrences(of: "\"target\":\"clean\",", with: "")
        #expect(throws: ZooError.invalidData("line 1: missing key \"target\"")) {
            try readResultRows(jsonLines: missing + "\n")
        }
    }

    @Test("blank lines and CRLF line ends are accepted")
    func lenientLines() throws {
        let line = JSONLinesResultWriter.line(for: makeRegressionRow())
        #expect(try readResultRows(jsonLines: "\n" + line + "\r\n\n").count == 1)
    }

    @Test("append sink repairs an interrupted line and keeps finished rows")
    func appendSink() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zoo-sink-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("results.jsonl").path
        let first = makeRegressionRow(seed: 0)
        let second = makeRegressionRow(seed: 1)
        // A previous run wrote one row and was killed in the middle of the next.
        let interrupted = JSONLinesResultWriter.line(for: first) + "\n" + "{\"data\":\"spik"
        try interrupted.write(toFile: path, atomically: false, encoding: .utf8)
        let sink = try ResultSink(path: path, format: .jsonl, mode: .append)
        #expect(sink.droppedIncompleteLine == 2)
        try sink.write(second)
        // Each row is on disk as soon as write returns.
        #expect(try readResultRows(jsonLines: String(contentsOfFile: path, encoding: .utf8)) == [first, second])
        try sink.finish()
        #expect(try readResultRows(jsonLines: String(contentsOfFile: path, encoding: .utf8)) == [first, second])
    }

    @Test("replace-on-finish sink writes FILE.partial and renames it")
    func replaceSink() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zoo-sink-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("results.csv").path
        let sink = try ResultSink(
            path: path, format: .csv, mode: .replaceOnFinish,
            parameterColumns: ParameterColumns(rows: [makeRegressionRow()]))
        try sink.write(makeRegressionRow())
        #expect(FileManager.default.fileExists(atPath: path + ".partial"))
        // FILE exists only as the empty, locked placeholder until the rename.
        #expect((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0)
        try sink.finish()
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == CSVResultWriter.document([makeRegressionRow()]))

        let failed = directory.appendingPathComponent("failed.jsonl").path
        let abandoned = try ResultSink(path: failed, format: .jsonl, mode: .replaceOnFinish)
        try abandoned.write(makeRegressionRow())
        abandoned.abandon()
        #expect(!FileManager.default.fileExists(atPath: failed))
        #expect(FileManager.default.fileExists(atPath: failed + ".partial"))
        #expect(throws: ZooError.self) { try ResultSink(path: failed, format: .table, mode: .append) }
    }
}
