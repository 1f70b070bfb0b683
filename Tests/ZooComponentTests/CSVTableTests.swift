import Foundation
import Testing
import ZooCore
import ZooData

@Suite struct CSVTableTests {
    @Test func readsHeaderAndNumbers() throws {
        let table = try CSVTable(parsing: "a,b,y\n1,2,3\n\n4, 5 ,6\r\n", source: "t.csv")
        #expect(table.header == ["a", "b", "y"])
        #expect(table.values.rows == 2 && table.values[1, 1] == 5)
        let data = try table.featuresAndTarget(source: "t.csv")
        #expect(data.dimension == 2 && data.targets == [3, 6])
    }

    @Test func headerIsOptional() throws {
        let table = try CSVTable(parsing: "1,2\n3,4\n", source: "t.csv")
        #expect(table.header == ["x1", "x2"] && table.values.rows == 2)
    }

    @Test(arguments: [
        ("a,y\n1,2\n3,x\n", "line 3, column 2: 'x' is not a number"),
        ("a,y\n1,2\n3\n", "line 3: 1 columns, expected 2"),
        ("a,y\n1,nan\n", "line 2, column 2: nan is not a finite number"),
        ("a,y\n1,inf\n", "not a finite number"),
        ("a,y\n", "no data rows"),
    ])
    func reportsFileLineAndColumn(_ text: String, _ fragment: String) {
        do {
            _ = try CSVTable(parsing: text, source: "bad.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("bad.csv"))
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: ZooError.io("cannot read '/nonexistent/x.csv': no such file")) {
            try CSVTable(contentsOf: "/nonexistent/x.csv")
        }
    }
}

@Suite struct CSVQuotingTests {
    @Test func quotedFieldsWithCommasDoubledQuotesAndCRLF() throws {
        let text = "\"feature, one\",\"say \"\"hi\"\"\",y\r\n1,\"2\",3\r\n\"4\", 5 ,\"6\"\r\n"
        let table = try CSVTable(parsing: text, source: "q.csv")
        #expect(table.header == ["feature, one", "say \"hi\"", "y"])
        #expect(table.values.rows == 2 && table.values[0, 1] == 2 && table.values[1, 2] == 6)
        #expect(table.lineNumbers == [2, 3])
    }

    @Test func quotedLineBreaksStayInsideTheField() throws {
        let records = try CSVTable.records("\"a\nb\",c\n1,2\n", source: "q.csv")
        #expect(records.count == 2 && records[0].fields.map(\.text) == ["a\nb", "c"])
        #expect(records[1].line == 3, "line numbers count the break inside the quotes")
    }

    @Test(arguments: [
        ("a,y\n1,\"2\n", "line 2, column 2: unterminated quoted field"),
        ("a,y\n1,\"2\"x\n", "line 2, column 2: text after a closing quote"),
        ("a,y\n1,2\"\n", "line 2, column 2: a double quote inside an unquoted field"),
        ("\"a\nb\",c\n1,2\n3,x\n", "line 4, column 2: 'x' is not a number"),
    ])
    func malformedQuotingNamesFileLineAndColumn(_ text: String, _ fragment: String) {
        do {
            _ = try CSVTable(parsing: text, source: "bad.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("bad.csv, " + fragment), "\(error.description)")
        }
    }

    /// The `csv` data model reads its file once: later draws work even after the file is gone.
    @Test func csvDataReadsItsFileOnce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "zoo-once-\(UInt64.random(in: 0...UInt64.max)).csv"
        ).path
        let rows = (0..<20).map { i in "\(i),\(i * i % 7),\(Double(i) / 3)" }
        try ("a,b,y\n" + rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let data = try CSVData.make([("path", .word(path))])
        let first = try data.drawTraining(size: 10, seed: 1)
        try FileManager.default.removeItem(atPath: path)
        let test = try data.drawTest(size: 0, seed: 2)
        let again = try data.drawTraining(size: 10, seed: 1)
        #expect(first.features == again.features && test.data.count == 4)
        // A new instance reads the file again (and finds it gone).
        #expect(throws: ZooError.self) { try CSVData.make([("path", .word(path))]).drawTraining(size: 10, seed: 1) }
    }
}
