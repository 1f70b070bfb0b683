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

    @Test func everyResultColumnHasARow() {
        let table = Self.section("7. Command line")
        for task in [Task.regression, .classification] {
            let names = ResultMetric.columns(for: task).map(\.name) + ResultMetric.textColumns(for: task).map(\.name)
            for name in names {
                #expect(table.contains("| `\(name)` |"), "docs/conventions.md §7.1 has no row for the column `\(name)`")
            }
        }
    }
}
