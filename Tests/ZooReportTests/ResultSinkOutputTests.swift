import Foundation
import Testing
import ZooCore
import ZooHarness
import ZooReport

/// `ResultSink` is the one output-format switch: standard output and a file get the same bytes in
/// every format (CSV's header once, JSON Lines one line per row, the table once at the end).
@Suite struct ResultSinkOutputTests {
    func rows() -> [ResultRow] {
        (0..<3).map { seed in
            var row = ResultRow(
                data: "isotropic(d=4,signal=1,noise=0.5)", estimator: "ridge(lambda=0.1)",
                attack: "exact-l2(radius=0.1)", target: "clean", n: 10, d: 4, seed: UInt64(seed), task: .regression)
            row[.standardRisk] = 0.25 + Double(seed)
            row[.adversarialRisk] = 0.5 + Double(seed)
            return row
        }
    }

    @Test(arguments: ResultFormat.allCases)
    func standardOutputAndFilesGetTheSameBytes(format: ResultFormat) throws {
        let rows = rows()
        let columns = ParameterColumns(rows: rows)
        var printed = ""
        var chunks = 0
        let out = ResultSink(
            standardOutput: {
                printed += $0
                chunks += 1
            }, format: format, parameterColumns: columns)
        for row in rows { try out.write(row) }
        // Rows stream, except the table, which is written once by finish().
        #expect(chunks == (format == .table ? 0 : rows.count))
        try out.finish()
        #expect(out.rowCount == 3 && out.rows.count == (format == .table ? 3 : 0))

        let path = NSTemporaryDirectory() + "zoo-sink-\(UUID().uuidString).\(format.rawValue)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try ResultSink(path: path, format: format, mode: .replaceOnFinish, parameterColumns: columns)
        try file.write(rows)
        try file.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == printed)
        switch format {
        case .csv:
            #expect(printed == CSVResultWriter.document(rows))
            #expect(printed.components(separatedBy: "\n").filter { $0.hasPrefix("data,") }.count == 1)
        case .jsonl: #expect(printed == JSONLinesResultWriter.document(rows))
        case .table: #expect(printed == TableFormatter().format(rows))
        }
    }

    @Test func aFailedStandardOutputStopsTheWriter() throws {
        let sink = ResultSink(
            standardOutput: { _ throws(ZooError) in throw ZooError.io("cannot write to standard output") },
            format: .jsonl, keepsRows: true)
        #expect(throws: ZooError.self) { try sink.write(rows()[0]) }
    }
}
