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
