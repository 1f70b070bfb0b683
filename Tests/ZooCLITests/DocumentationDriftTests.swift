import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness

/// docs/conventions.md is the mathematical contract; these checks keep it from drifting away from the
/// code: every registered component has a row in its kind's table, and every result column a row in §7.1.
@Suite struct DocumentationDriftTests {
    static let conventions: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/conventions.md"), encoding: .utf8)) ?? ""
    }()

    /// The text of the section whose heading starts with `heading`, up to the next heading of its level.
    static func section(_ heading: String) -> String {
        let parts = conventions.components(separatedBy: "\n## ")
        return parts.first { $0.hasPrefix(heading) } ?? ""
    }

    @Test func everyRegisteredComponentHasARowInItsTable() throws {
        #expect(!Self.conventions.isEmpty, "docs/conventions.md not found beside the tests")
        let registry = try Catalog.makeRegistry()
        let sections: [ComponentKind: String] = [
            .data: "2. Data models", .estimator: "3. Estimators", .attack: "4. Attacks",
        ]
        for component in registry.components {
            let table = Self.section(try #require(sections[component.kind]))
            #expect(
                table.contains("| `\(component.name)` |"),
                "docs/conventions.md §\(sections[component.kind]!) has no row for the registered \(component.kind.rawValue) `\(component.name)`"
            )
        }
    }

    /// §7.1's table lists exactly the declared columns (`ResultRow.columns(for:)` of both tasks, the
    /// metrics in `ResultMetric.declared` order) with their tasks, and its two column-order sentences
    /// are the tasks' column orders.
    @Test func resultColumnTableFollowsTheDeclarations() throws {
        let section = Self.conventions.components(separatedBy: "\n### ").first { $0.hasPrefix("7.1 ") } ?? ""
        let documented = section.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (name: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), tasks: cells[1])
        }
        let regression = ResultRow.columns(for: .regression)
        let classification = ResultRow.columns(for: .classification)
        let declared =
            ResultRow.identifyingColumns + ResultMetric.declared.map(\.name)
            + ResultMetric.textColumns(for: .classification).map(\.name) + [ResultMetric.diagnosticsColumn]
        #expect(documented.map(\.name) == declared, "docs/conventions.md §7.1: the table's columns and their order")
        for column in documented {
            let tasks =
                regression.contains(column.name)
                ? (classification.contains(column.name) ? "both" : "regression") : "classification"
            #expect(column.tasks == tasks, "docs/conventions.md §7.1: `\(column.name)` is for \(tasks)")
        }
        func sentence(after start: String, before end: String) -> [String] {
            guard let from = section.range(of: start),
                let to = section.range(of: end, range: from.upperBound..<section.endIndex)
            else { return [] }
            return section[from.upperBound..<to.lowerBound].replacingOccurrences(of: "`", with: "")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        #expect(sentence(after: "Regression column order: ", before: ".\nClassification") == regression)
        #expect(sentence(after: "Classification: ", before: ".\n") == classification)
    }
}
