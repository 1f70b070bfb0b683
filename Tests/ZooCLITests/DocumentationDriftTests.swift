import Foundation
import Testing
import ZooCatalog
import ZooCore
import ZooHarness

/// docs/conventions.md is the mathematical contract; this check keeps it from drifting away from the
/// code: every result column has a row in §7.1. (The components' definitions are not copied there: the
/// table of docs/components.md is generated from the code, `ComponentTableTests`.)
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
